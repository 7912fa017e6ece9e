"""S3 is unavailable while an attendee completes a receipt upload.

The file is in the bucket, but every read of it fails (S3 throttling, S3 internal errors,
or no connection at all) for the length of the outage, for the API and for the bucket-event
handler alike. `complete` must answer a clean 503 with Retry-After (no other 5xx is allowed),
leave the receipt `awaiting_upload` with its object in place, and succeed once S3 is back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib import aws
from chalicelib.config import settings
from tests.support.clients import HttpApi
from tests.support.faults import Injector, assert_clean_503, connection_refused, injecting, s3_error
from tests.support.receipts import PDF, REVIEW_GRANTS, accepted_grant, mine, presign, upload

OUTAGES: dict[str, Callable[[Any], Any]] = {
    "503 SlowDown": lambda request: s3_error(request, 503, "SlowDown"),
    "503 ServiceUnavailable": lambda request: s3_error(request, 503, "ServiceUnavailable"),
    "500 InternalError": lambda request: s3_error(request, 500, "InternalError"),
    "connection refused": connection_refused,
}


def object_exists(key: str) -> bool:
    listing = aws.client("s3").list_objects_v2(Bucket=settings().bucket_name, Prefix=key)
    return any(o["Key"] == key for o in listing.get("Contents", []))


@pytest.mark.parametrize("outage", list(OUTAGES))
def test_complete_during_s3_outage_is_a_clean_503_and_completes_later(
    live_stack: HttpApi, make_conference: Callable[..., str], make_token: Callable[..., str],
    quick_backoff: None, outage: str,
) -> None:
    slug = make_conference()
    applicant = make_token("outage-ada")
    accepted_grant(live_stack, slug, applicant, make_token("outage-rita", *REVIEW_GRANTS))
    created = presign(live_stack, slug, applicant)
    receipt_id, key = created["receipt"]["id"], created["upload"]["fields"]["key"]
    complete = mine(slug, f"/receipts/{receipt_id}/complete")

    def rule(request: Any, draw: float) -> Any:
        reads_the_object = request.method in ("HEAD", "GET") and receipt_id in request.url
        return OUTAGES[outage](request) if reads_the_object else None

    with injecting(Injector(rule)) as injector:
        upload(created, PDF)  # the browser's POST goes straight to the bucket (not through botocore)
        reply = live_stack.post(complete, token=applicant)
        assert_clean_503(reply)
        status = {r["id"]: r["status"] for r in live_stack.get(mine(slug, "/receipts"), token=applicant).body["receipts"]}
        assert status[receipt_id] == "awaiting_upload"
    assert sum(injector.injected.values()) >= 4  # botocore retried before giving up
    assert object_exists(key)  # an outage is not a bad file: nothing was deleted

    reply = live_stack.post(complete, token=applicant)  # S3 is back
    assert reply.status == 200, reply.body
    assert reply.body["status"] == "pending" and reply.body["size"] == len(PDF)
    again = live_stack.post(complete, token=applicant)
    assert (again.status, again.body["status"]) == (200, "pending")
