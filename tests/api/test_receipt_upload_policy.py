"""The emulator holds browser uploads to S3's rules: the POST policy the API signs is enforced
(key, content type, size, signature, expiry) and anonymous requests are refused, so the
upload tests test the policy instead of passing whatever it says."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import boto3
import pytest
import requests

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.domain.receipts import MAX_RECEIPT_BYTES
from tests.support.receipts import PDF, accepted_grant, presign

pytestmark = pytest.mark.usefixtures("no_background_bucket_events")


@pytest.fixture
def open_grant(api: Any, conference: str, applicant: str, reviewer: str) -> str:
    return accepted_grant(api, conference, applicant, reviewer)


@pytest.fixture
def form(api: Any, conference: str, applicant: str, open_grant: str) -> dict[str, Any]:
    return presign(api, conference, applicant)["upload"]


def _post(form: dict[str, Any], content: bytes = PDF, **changes: str | None) -> requests.Response:
    fields = {k: v for k, v in {**form["fields"], **changes}.items() if v is not None}
    return requests.post(form["url"], data=fields, files={"file": ("flight.pdf", content)}, timeout=30)


def _error(reply: requests.Response) -> tuple[int, str, str]:
    code = re.search(r"<Code>([^<]+)</Code>", reply.text)
    message = re.search(r"<Message>([^<]*)</Message>", reply.text)
    assert reply.headers.get("Content-Type", "").startswith("application/xml"), reply.text[:300]
    return reply.status_code, code.group(1) if code else "", message.group(1) if message else ""


def _exists(key: str) -> bool:
    s3 = boto3.client("s3", endpoint_url=settings().aws_endpoint_url, region_name=settings().region)
    return bool(s3.list_objects_v2(Bucket=settings().bucket_name, Prefix=key).get("KeyCount"))


def test_the_form_as_signed_uploads(form: dict[str, Any]) -> None:
    assert _post(form).status_code == 204
    assert _exists(form["fields"]["key"])


def test_another_users_key_is_refused(form: dict[str, Any]) -> None:
    other = form["fields"]["key"].replace("/flight.pdf", "-other/flight.pdf").replace("receipts/", "receipts/x")
    status, code, message = _error(_post(form, key=other))
    assert (status, code) == (403, "AccessDenied") and "Policy Condition failed" in message
    assert not _exists(other)


@pytest.mark.parametrize("content_type", ["text/html", "application/pdf; charset=utf-8", "image/svg+xml"])
def test_another_content_type_is_refused(form: dict[str, Any], content_type: str) -> None:
    status, code, message = _error(_post(form, b"<script>alert(1)</script>", **{"Content-Type": content_type}))
    assert (status, code) == (403, "AccessDenied") and "Content-Type" in message
    assert not _exists(form["fields"]["key"])


def test_an_oversized_or_empty_body_is_refused(form: dict[str, Any]) -> None:
    assert _error(_post(form, b"%PDF" + b"\0" * MAX_RECEIPT_BYTES))[:2] == (400, "EntityTooLarge")
    assert _error(_post(form, b""))[:2] == (400, "EntityTooSmall")
    assert not _exists(form["fields"]["key"])


def test_a_forged_signature_or_a_rewritten_policy_is_refused(form: dict[str, Any]) -> None:
    signature = form["fields"]["x-amz-signature"]
    forged = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    assert _error(_post(form, **{"x-amz-signature": forged}))[:2] == (403, "SignatureDoesNotMatch")
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    policy["conditions"] = [c for c in policy["conditions"] if not (isinstance(c, dict) and "Content-Type" in c)]
    rewritten = base64.b64encode(json.dumps(policy).encode()).decode()
    reply = _post(form, b"<html>", policy=rewritten, **{"Content-Type": "text/html"})
    assert _error(reply)[:2] == (403, "SignatureDoesNotMatch")
    assert _error(_post(form, **{"x-amz-credential": "AKIDOTHER" + form["fields"]["x-amz-credential"][5:]}))[:2] \
        in {(403, "InvalidAccessKeyId"), (403, "SignatureDoesNotMatch")}
    assert not _exists(form["fields"]["key"])


def test_an_expired_policy_is_refused() -> None:
    s3 = aws.client("s3")  # the app's client: SigV4
    key = "receipts/expired/flight.pdf"
    expired = s3.generate_presigned_post(settings().bucket_name, key, ExpiresIn=-5)
    status, code, message = _error(_post(expired))
    assert (status, code) == (403, "AccessDenied") and "expired" in message
    assert not _exists(key)


def test_a_field_the_policy_does_not_name_is_refused(form: dict[str, Any]) -> None:
    status, code, message = _error(_post(form, **{"x-amz-meta-owner": "mallory", "acl": "public-read"}))
    assert (status, code) == (403, "AccessDenied") and "Extra input fields" in message


def test_anonymous_requests_are_refused_like_s3() -> None:
    base = f"{settings().aws_endpoint_url}/{settings().bucket_name}"
    for reply in (requests.get(base, timeout=10), requests.get(f"{base}?list-type=2", timeout=10),
                  requests.get(f"{base}/receipts/anything.pdf", timeout=10),
                  requests.put(f"{base}/receipts/anything.pdf", data=b"x", timeout=10),
                  requests.post(base, files={"file": ("x.pdf", PDF)}, data={"key": "receipts/x.pdf"}, timeout=10)):
        assert _error(reply)[:2] == (403, "AccessDenied"), (reply.request.method, reply.request.url)
    assert not _exists("receipts/anything.pdf") and not _exists("receipts/x.pdf")


def test_a_presigned_download_still_works(form: dict[str, Any]) -> None:
    _post(form)
    s3 = boto3.client("s3", endpoint_url=settings().aws_endpoint_url, region_name=settings().region)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": settings().bucket_name,
                                                          "Key": form["fields"]["key"]}, ExpiresIn=60)
    assert requests.get(url, timeout=10).content == PDF


def test_a_presigned_download_expires(form: dict[str, Any]) -> None:
    _post(form)
    url = aws.client("s3").generate_presigned_url("get_object", Params={"Bucket": settings().bucket_name,
                                                                       "Key": form["fields"]["key"]}, ExpiresIn=1)
    time.sleep(2.1)
    status, code, message = _error(requests.get(url, timeout=10))
    assert (status, code, message) == (403, "AccessDenied", "Request has expired")


def test_a_refusal_carries_cors_for_the_web_app_so_it_can_say_why(form: dict[str, Any]) -> None:
    origin = settings().allowed_origins[0]
    fields = {**form["fields"], "Content-Type": "text/html"}
    reply = requests.post(form["url"], data=fields, files={"file": ("x.pdf", PDF)}, headers={"Origin": origin},
                          timeout=30)
    assert reply.status_code == 403 and reply.headers.get("Access-Control-Allow-Origin") == origin
    other = requests.post(form["url"], data=fields, files={"file": ("x.pdf", PDF)},
                          headers={"Origin": "https://evil.example"}, timeout=30)
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
