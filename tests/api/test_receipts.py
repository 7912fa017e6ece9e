"""Receipt upload flow against the emulator: presign -> S3 POST -> complete -> review -> download."""

from __future__ import annotations

import time

import pytest
import requests

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.domain.receipts import MAX_RECEIPT_BYTES
from chalicelib.events import uploads
from chalicelib.store import grants as grant_store
from tests.support.clients import wait_until
from tests.support.grants import application
from tests.support.receipts import (
    EXE,
    JPEG,
    PDF,
    PNG,
    accepted_grant,
    manage,
    mine,
    policy_of,
    presign,
    receipt_body,
    upload,
    uploaded_receipt,
)
from tests.support.world import PAYMENT

pytestmark = pytest.mark.usefixtures("no_background_bucket_events")


@pytest.fixture
def open_grant(api, conference, applicant, reviewer):
    return accepted_grant(api, conference, applicant, reviewer)


def _object_exists(key: str) -> bool:
    try:
        aws.client("s3").head_object(Bucket=settings().bucket_name, Key=key)
    except aws.client("s3").exceptions.ClientError:
        return False
    return True


def _key_of(created) -> str:
    return created["upload"]["fields"]["key"]


def _assert_back_to_awaiting_upload(api, conference, applicant, created) -> None:
    """The receipt awaits its upload again, with no object and nothing counted.

    A session-wide event pump (started by the live-stack tests on this worker) may be
    verifying an earlier upload at the same time; it must converge on the same answer.
    """
    def settled() -> dict | None:
        listed = api.get(mine(conference, "/receipts"), token=applicant).body
        return listed if listed["receipts"][0]["status"] == "awaiting_upload" else None

    listed = wait_until(settled)
    assert listed is not None, "the receipt never went back to awaiting_upload"
    assert listed["total"] == "0.00" and not _object_exists(_key_of(created))


def test_end_to_end_upload_review_and_download(api, conference, applicant, checker, open_grant):
    created = presign(api, conference, applicant)
    assert created["receipt"]["status"] == "awaiting_upload"
    upload(created, PDF)
    receipt_id = created["receipt"]["id"]
    r = api.post(mine(conference, f"/receipts/{receipt_id}/complete"), token=applicant)
    assert r.status == 200, r.body
    assert r.body["status"] == "pending" and r.body["size"] == len(PDF) and r.body["can_delete"] is True

    r = api.get(manage(conference, "/receipts/next"), token=checker)
    assert r.status == 200 and r.body["id"] == receipt_id
    assert r.body["grant_id"] == open_grant
    assert r.body["applicant"] == {"sub": "ada", "email": "ada@example.com", "name": "Ada Lovelace"}
    r = api.get(manage(conference, f"/receipts/{receipt_id}"), token=checker)
    assert r.status == 200
    assert "X-Amz-Expires=300" in r.body["download_url"]
    download = requests.get(r.body["download_url"], timeout=30)
    assert download.status_code == 200 and download.content == PDF

    r = api.get(mine(conference, "/receipts"), token=applicant)
    assert r.body["total"] == "420.50" and [x["id"] for x in r.body["receipts"]] == [receipt_id]
    grant = grant_store.GrantItem.get(*grant_store.grant_key(conference, open_grant))
    assert grant.receipt_count == 1


def test_presigned_post_policy_binds_key_type_size_and_expiry(api, conference, applicant, open_grant):
    before = time.time()
    created = presign(api, conference, applicant, filename="my flight (1).pdf")
    fields = created["upload"]["fields"]
    receipt_id = created["receipt"]["id"]
    assert fields["key"] == f"receipts/{conference}/{open_grant}/{receipt_id}/my_flight_1.pdf"
    assert fields["Content-Type"] == "application/pdf"
    policy = policy_of(created)
    conditions = policy["conditions"]
    assert {"key": fields["key"]} in conditions
    assert {"bucket": settings().bucket_name} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, MAX_RECEIPT_BYTES] in conditions
    from datetime import datetime

    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").timestamp() - time.timezone
    assert before + 200 <= expires <= time.time() + 301


@pytest.mark.parametrize("overrides, field", [
    ({"size": MAX_RECEIPT_BYTES + 1}, "size"),
    ({"size": 0}, "size"),
    ({"filename": "../../etc/passwd.pdf"}, "filename"),
    ({"filename": "dir\\flight.pdf"}, "filename"),
    ({"filename": "flight\n.pdf"}, "filename"),
    ({"filename": "flight.pdf\n"}, "filename"),
    ({"filename": "flight.exe"}, "filename"),
    ({"filename": "flight.png"}, "filename"),
    ({"content_type": "application/x-msdownload"}, "content_type"),
    ({"amount": "-1"}, "amount"),
    ({"amount": "1.234"}, "amount"),
    ({"receipt_type": "meals"}, "receipt_type"),
    ({"date": "yesterday"}, "date"),
    ({"receipt_type": "other", "description": " "}, "description"),  # "other" says what it is
])
def test_declared_metadata_is_validated(api, conference, applicant, open_grant, overrides, field):
    r = api.post(mine(conference, "/receipts"), receipt_body(**overrides), token=applicant)
    assert r.status == 422, r.body
    assert field in r.body["error"]["fields"]


@pytest.mark.parametrize("declared, content", [
    ({"filename": "setup.pdf"}, EXE),
    ({"filename": "photo.pdf"}, PNG),
    ({"filename": "scan.png", "content_type": "image/png"}, JPEG),
])
def test_bad_uploads_are_rejected_at_complete_and_deleted(api, conference, applicant, open_grant, declared, content):
    created = presign(api, conference, applicant, **declared)
    upload(created, content)  # the policy binds the declared type, not the bytes: the server must check them
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload", r.body
    assert not _object_exists(_key_of(created))
    _assert_back_to_awaiting_upload(api, conference, applicant, created)


def test_an_empty_or_oversized_upload_is_refused_by_the_bucket(api, conference, applicant, open_grant):
    """The policy's content-length-range (1 byte..10 MiB): S3 (and the emulator) refuse the POST."""
    created = presign(api, conference, applicant, size=MAX_RECEIPT_BYTES)
    form = created["upload"]
    for content, code in ((b"", "EntityTooSmall"), (PDF + b"\x00" * (MAX_RECEIPT_BYTES + 1 - len(PDF)), "EntityTooLarge")):
        refused = requests.post(form["url"], data=form["fields"], files={"file": ("flight.pdf", content)}, timeout=30)
        assert refused.status_code == 400 and f"<Code>{code}</Code>" in refused.text, refused.text
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"
    _assert_back_to_awaiting_upload(api, conference, applicant, created)


def test_oversized_object_is_rejected_at_complete(api, conference, applicant, open_grant):
    """Should an object outgrow the policy anyway (written with the bucket's own credentials), complete refuses it."""
    created = presign(api, conference, applicant, size=MAX_RECEIPT_BYTES)
    aws.client("s3").put_object(Bucket=settings().bucket_name, Key=_key_of(created), ContentType="application/pdf",
                                Body=PDF + b"\x00" * (MAX_RECEIPT_BYTES + 1 - len(PDF)))
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"
    assert "10 MiB" in r.body["error"]["message"]
    assert not _object_exists(_key_of(created))


def test_complete_before_upload_is_invalid_upload(api, conference, applicant, open_grant):
    created = presign(api, conference, applicant)
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"


def test_someone_elses_receipt_is_not_found(api, make_conference, make_token, applicant, reviewer, checker):
    slug = make_conference()
    accepted_grant(api, slug, applicant, reviewer)
    bob = make_token("bob")
    accepted_grant(api, slug, bob, reviewer)
    created = presign(api, slug, applicant)
    upload(created, PDF)
    receipt_id = created["receipt"]["id"]
    assert api.post(mine(slug, f"/receipts/{receipt_id}/complete"), token=bob).status == 404
    assert api.delete(mine(slug, f"/receipts/{receipt_id}"), token=bob).status == 404
    assert api.get(mine(slug, "/receipts"), token=bob).body["receipts"] == []
    # and the reviewer routes need review_receipt
    assert api.get(manage(slug, f"/receipts/{receipt_id}"), token=bob).status == 403
    assert api.get(manage(slug, "/receipts/next"), token=reviewer).status == 403
    assert api.post(manage(slug, f"/receipts/{receipt_id}/approve"), token=bob).status == 403
    # a receipt id from another conference is not found there
    other = make_conference()
    assert api.get(manage(other, f"/receipts/{receipt_id}"), token=checker).status == 404


def test_receipts_locked_until_accepted_with_money(api, make_conference, make_token, reviewer):
    slug = make_conference()
    nobody = make_token("nobody")
    for r in (api.post(mine(slug, "/receipts"), receipt_body(), token=nobody),
              api.get(mine(slug, "/receipts"), token=nobody),
              api.put(mine(slug, "/payment-info"), PAYMENT, token=nobody)):
        assert r.status == 404 and r.error_code == "no_grant", r.body  # no grant at all: not "locked"
    applicant = make_token("zed")
    r = api.post(mine(slug), application(),
                 token=applicant)
    assert r.status == 201
    for call in (lambda: api.post(mine(slug, "/receipts"), receipt_body(), token=applicant),
                 lambda: api.get(mine(slug, "/receipts"), token=applicant)):
        r = call()
        assert r.status == 409 and r.error_code == "receipts_locked"


def test_delete_removes_item_and_object_until_decided(api, conference, applicant, checker, open_grant):
    first = uploaded_receipt(api, conference, applicant)
    created = presign(api, conference, applicant)
    upload(created, PDF)
    key = _key_of(created)
    r = api.delete(mine(conference, f"/receipts/{created['receipt']['id']}"), token=applicant)
    assert r.status == 204
    assert not _object_exists(key)
    assert api.delete(mine(conference, f"/receipts/{created['receipt']['id']}"), token=applicant).status == 404
    r = api.post(manage(conference, f"/receipts/{first['id']}/flag"), {"reason": "Unreadable scan"}, token=checker)
    assert r.status == 200 and r.body["status"] == "flagged" and r.body["reviewed_by"] == "carl"
    assert r.body["reviewed_by_name"] == "Carl Checker"
    r = api.delete(mine(conference, f"/receipts/{first['id']}"), token=applicant)
    assert r.status == 409 and r.error_code == "receipt_locked"
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    assert listed["receipts"][0]["flagged_reason"] == "Unreadable scan"
    assert listed["receipts"][0]["can_delete"] is False
    grant = grant_store.GrantItem.get(*grant_store.grant_key(conference, open_grant))
    assert grant.receipt_count == 1


def test_review_queue_approve_flag(api, conference, applicant, checker, open_grant):
    assert api.get(manage(conference, "/receipts/next"), token=checker).status == 204
    receipt = uploaded_receipt(api, conference, applicant)
    r = api.post(manage(conference, f"/receipts/{receipt['id']}/flag"), {"reason": "  "}, token=checker)
    assert r.status == 422
    r = api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker)
    assert r.status == 200 and r.body["status"] == "approved" and r.body["reviewed_by"] == "carl"
    assert r.body["reviewed_at"]
    assert api.get(manage(conference, "/receipts/next"), token=checker).status == 204
    r = api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker)
    assert r.status == 409 and r.error_code == "invalid_receipt_state"
    r = api.delete(mine(conference, f"/receipts/{receipt['id']}"), token=applicant)
    assert r.status == 409 and r.error_code == "receipt_locked"
    assert api.get(manage(conference, "/receipts/nothing-here"), token=checker).status == 404


def test_awaiting_upload_cannot_be_decided(api, conference, applicant, checker, open_grant):
    created = presign(api, conference, applicant)
    r = api.post(manage(conference, f"/receipts/{created['receipt']['id']}/approve"), token=checker)
    assert r.status == 409 and r.error_code == "receipt_not_uploaded"


def test_bucket_event_verifies_without_complete(api, app_module, conference, applicant, open_grant):
    created = presign(api, conference, applicant)
    upload(created, PDF)
    event = {
        "version": "0", "id": "e1", "detail-type": "Object Created", "source": "aws.s3",
        "account": "000000000000", "time": "2026-05-10T00:00:00Z", "region": "us-east-1",
        "resources": [f"arn:aws:s3:::{settings().bucket_name}"],
        "detail": {"bucket": {"name": settings().bucket_name},
                   "object": {"key": _key_of(created), "size": len(PDF)}, "reason": "PostObject"},
    }
    from chalice.test import Client

    with Client(app_module.app) as client:
        client.lambda_.invoke("upload_verifier", event)
        client.lambda_.invoke("upload_verifier", event)  # at-least-once delivery: harmless
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    assert listed["receipts"][0]["status"] == "pending"
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 200 and r.body["status"] == "pending"


def _event(key: str) -> dict:
    return {"version": "0", "id": "e2", "detail-type": "Object Created", "source": "aws.s3",
            "account": "000000000000", "time": "2026-05-10T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"bucket": {"name": settings().bucket_name}, "object": {"key": key}, "reason": "PostObject"}}


def test_event_rechecks_an_object_replaced_after_verification(api, app_module, conference, applicant, open_grant):
    created = presign(api, conference, applicant)
    upload(created, PDF)
    receipt_id = created["receipt"]["id"]
    assert api.post(mine(conference, f"/receipts/{receipt_id}/complete"), token=applicant).body["status"] == "pending"
    upload(created, EXE)  # same form again while the presigned POST is still valid
    uploads.handle_object_created(_event(_key_of(created)))
    assert not _object_exists(_key_of(created))
    _assert_back_to_awaiting_upload(api, conference, applicant, created)


def test_event_for_a_deleted_receipt_removes_the_orphan_and_ignores_foreign_keys(api, app_module, conference,
                                                                                applicant, open_grant):
    created = presign(api, conference, applicant)
    assert api.delete(mine(conference, f"/receipts/{created['receipt']['id']}"), token=applicant).status == 204
    upload(created, PDF)  # the upload was still in flight
    uploads.handle_object_created(_event(_key_of(created)))
    assert not _object_exists(_key_of(created))
    s3 = aws.client("s3")
    s3.put_object(Bucket=settings().bucket_name, Key="exports/report.csv", Body=b"a,b")
    uploads.handle_object_created(_event("exports/report.csv"))
    assert _object_exists("exports/report.csv")
    uploads.handle_object_created({"detail": {"bucket": {"name": "other"}, "object": {"key": "x"}}})
    uploads.handle_object_created({})


def test_grant_detail_lists_receipts_without_download_links(api, conference, applicant, reviewer, open_grant):
    receipt = uploaded_receipt(api, conference, applicant)
    detail = api.get(manage(conference, f"/travel-grants/{open_grant}"), token=reviewer).body
    assert [(r["id"], r["status"], r["download_url"]) for r in detail["receipts"]] == [(receipt["id"], "pending", None)]


def test_receipts_per_grant_are_capped_by_the_database(api, conference, applicant, open_grant, monkeypatch):
    from chalicelib.domain import receipts as rules

    monkeypatch.setattr(rules, "MAX_RECEIPTS_PER_GRANT", 2)
    first = presign(api, conference, applicant)
    presign(api, conference, applicant)
    r = api.post(mine(conference, "/receipts"), receipt_body(), token=applicant)
    assert r.status == 409 and r.error_code == "too_many_receipts"
    assert api.delete(mine(conference, f"/receipts/{first['receipt']['id']}"), token=applicant).status == 204
    presign(api, conference, applicant)


def _replace_before_marking(monkeypatch, created, content: bytes, *, then_delete: bool = False) -> None:
    """Make the next verification lose a race: the object changes between its inspection and its write."""
    from chalicelib.services import receipts as service

    real_mark = service.store.mark_uploaded

    def racing_mark(item, size, etag):
        upload(created, content)
        if then_delete:  # as that replacement's own event would, finding the receipt still awaiting
            aws.client("s3").delete_object(Bucket=settings().bucket_name, Key=_key_of(created))
        return real_mark(item, size, etag)

    monkeypatch.setattr(service.store, "mark_uploaded", racing_mark)


def test_complete_notices_a_bad_file_that_replaced_the_checked_one(api, monkeypatch, conference, applicant,
                                                                   open_grant):
    created = presign(api, conference, applicant)
    upload(created, PDF)
    _replace_before_marking(monkeypatch, created, EXE)
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"
    assert not _object_exists(_key_of(created))
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    assert listed["receipts"][0]["status"] == "awaiting_upload" and listed["total"] == "0.00"


def test_complete_notices_the_checked_file_was_deleted_meanwhile(api, monkeypatch, conference, applicant, open_grant):
    created = presign(api, conference, applicant)
    upload(created, PDF)
    _replace_before_marking(monkeypatch, created, EXE, then_delete=True)
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    assert listed["receipts"][0]["status"] == "awaiting_upload"


def test_complete_keeps_a_good_file_that_replaced_the_checked_one(api, monkeypatch, conference, applicant,
                                                                  open_grant):
    created = presign(api, conference, applicant)
    upload(created, PDF)
    bigger_pdf = PDF + b"\n% more pages\n" * 10
    _replace_before_marking(monkeypatch, created, bigger_pdf)
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 200 and r.body["status"] == "pending"
    etag = aws.client("s3").head_object(Bucket=settings().bucket_name, Key=_key_of(created))["ETag"].strip('"')
    from chalicelib.store import receipts as receipt_store

    # The receipt now describes the replacement, so that object's own event is a no-op.

    items = [i for i in receipt_store.ReceiptItem.query(receipt_store.grant_pk(conference, open_grant))
             if i.sk.startswith("RCPT#")]
    assert [(i.status, i.etag, i.size) for i in items] == [("pending", etag, len(bigger_pdf))]


@pytest.mark.parametrize("receipt_type", ["ground_transport", "visa", "other"])
def test_receipt_types_beyond_airfare_and_lodging(api, conference, applicant, open_grant, receipt_type):
    r = api.post(mine(conference, "/receipts"), receipt_body(receipt_type=receipt_type, description="Train to Porto"),
                 token=applicant)
    assert r.status == 201, r.body
    assert r.body["receipt"]["receipt_type"] == receipt_type
