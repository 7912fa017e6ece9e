"""devstack/emulator/s3_guard.py's POST-policy rules on their own (the API-level tests drive it over HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.config import Config

from devstack.emulator.s3_guard import Refused, check_conditions, check_signature


def _signed_form(monkeypatch: pytest.MonkeyPatch, conditions: list, key: str = "uploads/${filename}") -> dict:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "guard-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "guard-secret")
    s3 = boto3.client("s3", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9",
                      aws_access_key_id="guard-key", aws_secret_access_key="guard-secret",
                      config=Config(signature_version="s3v4"))
    form = s3.generate_presigned_post("bucket-x", key, Conditions=conditions, ExpiresIn=3600)
    return {name.lower(): value for name, value in form["fields"].items()}


def test_botocores_own_form_verifies_and_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = _signed_form(monkeypatch, [["starts-with", "$key", "uploads/"]])
    now = datetime.now(UTC)
    policy = check_signature(fields, now)
    assert {"bucket": "bucket-x"} in policy["conditions"]
    with pytest.raises(Refused, match="Policy expired"):
        check_signature(fields, now + timedelta(hours=2))


def test_a_secret_other_than_the_emulators_does_not_verify(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = _signed_form(monkeypatch, [])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "another-secret")
    with pytest.raises(Refused) as refused:
        check_signature(fields, datetime.now(UTC))
    assert refused.value.code == "SignatureDoesNotMatch"


POLICY = {"conditions": [{"bucket": "bucket-x"}, ["starts-with", "$key", "uploads/ada/"],
                         {"Content-Type": "application/pdf"}, ["content-length-range", 1, 100],
                         ["starts-with", "$x-amz-meta-note", ""]]}


def _fields(**changes: str) -> dict[str, str]:
    return {"key": "uploads/ada/a.pdf", "content-type": "application/pdf", "x-amz-meta-note": "hi", "policy": "p",
            "x-amz-signature": "s", "x-ignore-me": "1", **changes}


def test_conditions_met_pass() -> None:
    check_conditions(POLICY, _fields(), "bucket-x", 50)


@pytest.mark.parametrize("fields, bucket, size, code", [
    (_fields(key="uploads/bob/a.pdf"), "bucket-x", 50, "AccessDenied"),
    (_fields(**{"content-type": "text/html"}), "bucket-x", 50, "AccessDenied"),
    (_fields(), "bucket-y", 50, "AccessDenied"),
    (_fields(), "bucket-x", 101, "EntityTooLarge"),
    (_fields(), "bucket-x", 0, "EntityTooSmall"),
    (_fields(acl="public-read"), "bucket-x", 50, "AccessDenied"),
])
def test_each_broken_condition_is_refused(fields: dict[str, str], bucket: str, size: int, code: str) -> None:
    with pytest.raises(Refused) as refused:
        check_conditions(POLICY, fields, bucket, size)
    assert refused.value.code == code
