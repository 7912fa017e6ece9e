"""The local stack's bucket-event path: uploads verified (or removed) without `complete`."""

from __future__ import annotations

import requests

from chalicelib import aws
from chalicelib.config import settings
from tests.support.clients import wait_until
from tests.support.receipts import EXE, PDF, REVIEW_GRANTS, accepted_grant, mine, presign, upload


def _exists(key: str) -> bool:
    listing = aws.client("s3").list_objects_v2(Bucket=settings().bucket_name, Prefix=key)
    return any(o["Key"] == key for o in listing.get("Contents", []))


def test_pump_verifies_good_upload_and_removes_bad_one(live_stack, make_conference, make_token):
    slug = make_conference()
    applicant = make_token("ada")
    accepted_grant(live_stack, slug, applicant, make_token("rita", *REVIEW_GRANTS))
    good = presign(live_stack, slug, applicant)
    bad = presign(live_stack, slug, applicant, filename="invoice.pdf")
    upload(good, PDF)
    upload(bad, EXE, "invoice.pdf")

    def statuses():
        listed = live_stack.get(mine(slug, "/receipts"), token=applicant).body["receipts"]
        return {r["id"]: r["status"] for r in listed}

    assert wait_until(lambda: statuses()[good["receipt"]["id"]] == "pending", timeout=10)
    assert wait_until(lambda: not _exists(bad["upload"]["fields"]["key"]), timeout=10)
    assert statuses()[bad["receipt"]["id"]] == "awaiting_upload"
    # the browser's late `complete` agrees with what the event already did
    r = live_stack.post(mine(slug, f"/receipts/{good['receipt']['id']}/complete"), token=applicant)
    assert r.status == 200 and r.body["status"] == "pending"
    r = live_stack.post(mine(slug, f"/receipts/{bad['receipt']['id']}/complete"), token=applicant)
    assert r.status == 422 and r.error_code == "invalid_upload"


def test_cors_preflight_allows_the_frontend_origin_on_the_bucket(live_stack, make_conference, make_token):
    slug = make_conference()
    applicant = make_token("ada")
    accepted_grant(live_stack, slug, applicant, make_token("rita", *REVIEW_GRANTS))
    created = presign(live_stack, slug, applicant)
    origin = settings().allowed_origins[0]
    response = requests.options(created["upload"]["url"], headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"}, timeout=10)
    assert response.headers.get("Access-Control-Allow-Origin") in (origin, "*")


def test_paused_bucket_events_are_delivered_late_not_lost(live_stack, make_conference, make_token):
    """What `no_background_bucket_events` relies on: a pause delays delivery, it drops nothing."""
    import time

    slug = make_conference()
    applicant = make_token("ada")
    accepted_grant(live_stack, slug, applicant, make_token("rita", *REVIEW_GRANTS))
    created = presign(live_stack, slug, applicant)

    def status() -> str:
        return live_stack.get(mine(slug, "/receipts"), token=applicant).body["receipts"][0]["status"]

    with live_stack.pump.bucket_events_paused():
        upload(created, PDF)
        time.sleep(1.5)  # several poll intervals of the pump
        assert status() == "awaiting_upload"
    assert wait_until(lambda: status() == "pending", timeout=10)
