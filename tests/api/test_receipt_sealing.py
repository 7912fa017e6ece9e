"""A reviewed receipt's file is sealed: what reviewers download is exactly the object that
was reviewed, whatever is posted through an old upload form afterwards; a missing or
changed sealed object is reported `missing_file`, never served. A flagged receipt can be
replaced, and the applicant's totals leave flagged and replaced receipts out."""

from __future__ import annotations

import pytest
import requests

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.events import uploads
from chalicelib.store import receipts as receipt_store
from tests.support.receipts import (
    EXE,
    PDF,
    accepted_grant,
    manage,
    mine,
    presign,
    receipt_body,
    upload,
)

pytestmark = pytest.mark.usefixtures("no_background_bucket_events")
OTHER_PDF = b"%PDF-1.7\n% a different file nobody reviewed\n%%EOF\n"


@pytest.fixture
def open_grant(api, conference, applicant, reviewer):
    return accepted_grant(api, conference, applicant, reviewer)


def _event(key: str) -> dict:
    return {"version": "0", "id": "e3", "detail-type": "Object Created", "source": "aws.s3",
            "account": "000000000000", "time": "2026-05-10T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"bucket": {"name": settings().bucket_name}, "object": {"key": key}, "reason": "PostObject"}}


def _uploaded(api, conference, applicant, **overrides):
    created = presign(api, conference, applicant, **overrides)
    upload(created, PDF)
    r = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert r.status == 200 and r.body["status"] == "pending", r.body
    return created


def _download(api, conference, receipt_id, checker):
    r = api.get(manage(conference, f"/receipts/{receipt_id}"), token=checker)
    assert r.status == 200, r.body
    return r.body


@pytest.mark.parametrize("decision", ["approve", "flag"])
@pytest.mark.parametrize("content", [OTHER_PDF, EXE])
def test_an_old_upload_form_cannot_change_a_reviewed_file(api, conference, applicant, checker, reviewer, open_grant,
                                                          decision, content):
    created = _uploaded(api, conference, applicant)
    receipt_id = created["receipt"]["id"]
    body = {"reason": "Blurry"} if decision == "flag" else None
    assert api.post(manage(conference, f"/receipts/{receipt_id}/{decision}"), body, token=checker).status == 200
    upload(created, content)  # the presigned POST is still within its 300 s
    uploads.handle_object_created(_event(created["upload"]["fields"]["key"]))
    view = _download(api, conference, receipt_id, checker)
    assert view["status"] == ("approved" if decision == "approve" else "flagged")
    assert requests.get(view["download_url"], timeout=30).content == PDF  # the reviewed file, exactly
    audit = api.get(manage(conference, f"/travel-grants/{open_grant}"), token=reviewer).body["audit"]
    assert "receipt_file_replaced_after_review" in [a["action"] for a in audit]


def test_a_missing_sealed_file_is_reported_not_served(api, conference, applicant, checker, open_grant):
    created = _uploaded(api, conference, applicant)
    receipt_id = created["receipt"]["id"]
    assert api.post(manage(conference, f"/receipts/{receipt_id}/approve"), token=checker).status == 200
    item = receipt_store.get(conference, open_grant, receipt_id, consistent=True)
    assert item.sealed_key and item.sealed_etag
    aws.client("s3").put_object(Bucket=settings().bucket_name, Key=item.sealed_key, Body=OTHER_PDF)
    view = _download(api, conference, receipt_id, checker)
    assert view["status"] == "missing_file" and view["download_url"] is None
    aws.client("s3").delete_object(Bucket=settings().bucket_name, Key=item.sealed_key)
    assert _download(api, conference, receipt_id, checker)["status"] == "missing_file"


def test_the_applicant_opens_their_own_receipt(api, conference, applicant, open_grant, make_token):
    created = _uploaded(api, conference, applicant)
    receipt_id = created["receipt"]["id"]
    r = api.get(mine(conference, f"/receipts/{receipt_id}"), token=applicant)
    assert r.status == 200 and r.body["id"] == receipt_id
    assert requests.get(r.body["download_url"], timeout=30).content == PDF
    assert api.get(mine(conference, f"/receipts/{receipt_id}"), token=make_token("bob")).status == 404


def test_a_flagged_receipt_is_replaced_and_totals_leave_it_out(api, conference, applicant, checker, reviewer,
                                                               open_grant):
    approved = _uploaded(api, conference, applicant, amount="100.00")["receipt"]["id"]
    flagged = _uploaded(api, conference, applicant, amount="1450.00")["receipt"]["id"]
    pending = _uploaded(api, conference, applicant, amount="20.00")["receipt"]["id"]
    assert api.post(manage(conference, f"/receipts/{approved}/approve"), token=checker).status == 200
    assert api.post(manage(conference, f"/receipts/{flagged}/flag"), {"reason": "Wrong trip"},
                    token=checker).status == 200
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    assert listed["total"] == "120.00" and listed["approved_total"] == "100.00"

    r = api.post(mine(conference, "/receipts"), receipt_body(amount="1400.00", replaces=pending), token=applicant)
    assert r.status == 409, r.body  # only a flagged receipt can be replaced
    r = api.post(mine(conference, "/receipts"), receipt_body(amount="1400.00", replaces=flagged), token=applicant)
    assert r.status == 201, r.body
    replacement = r.body["receipt"]["id"]
    assert r.body["receipt"]["replaces"] == flagged
    again = api.post(mine(conference, "/receipts"), receipt_body(replaces=flagged), token=applicant)
    assert again.status == 409  # replaced once
    listed = api.get(mine(conference, "/receipts"), token=applicant).body
    statuses = {x["id"]: x["status"] for x in listed["receipts"]}
    assert statuses[flagged] == "replaced" and statuses[replacement] == "awaiting_upload"
    assert listed["total"] == "120.00"
    detail = api.get(manage(conference, f"/travel-grants/{open_grant}"), token=reviewer).body
    assert {x["id"]: x["status"] for x in detail["receipts"]}[flagged] == "replaced"
    assert "receipt_replaced" in [a["action"] for a in detail["audit"]]
