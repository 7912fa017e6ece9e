"""Reading what the notifications path sees: the emulator's outbox, raw items and hand-made stream records."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
import requests
from boto3.dynamodb.types import TypeSerializer

from chalicelib.config import settings
from tests.support.grants import REVIEW, application, path, review

_serializer = TypeSerializer()


def sent_to(emulator_url: str, address: str) -> list[dict[str, Any]]:
    """What moto's SES accepted for `address` (moto's backend state over HTTP)."""
    data = requests.get(f"{emulator_url}/moto-api/data.json", timeout=10).json()
    return [m for m in data["ses"]["Message"] if address in m["destinations"].get("ToAddresses", [])]


def raw_item(pk: str, sk: str) -> dict[str, Any]:
    ddb = boto3.client("dynamodb", region_name=settings().region, endpoint_url=settings().aws_endpoint_url)
    return ddb.get_item(TableName=settings().table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}})["Item"]


def raw_signups(conf: str, activity: str) -> list[dict[str, Any]]:
    """Every signup item of an activity, raw (every attribute, as the stream would carry it)."""
    s = settings()
    ddb = boto3.client("dynamodb", region_name=s.region, endpoint_url=s.aws_endpoint_url)
    return ddb.query(TableName=s.table_name, KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
                     ExpressionAttributeValues={":p": {"S": f"ACT#{conf}#{activity}"}, ":s": {"S": "SIGNUP#"}},
                     ConsistentRead=True)["Items"]


def modify_record(new: dict[str, Any], old_changes: dict[str, Any], seq: str = "1") -> dict[str, Any]:
    old = {**new, **{k: _serializer.serialize(v) for k, v in old_changes.items()}}
    return {"eventID": uuid.uuid4().hex, "eventName": "MODIFY", "eventSource": "aws:dynamodb",
            "dynamodb": {"Keys": {"pk": new["pk"], "sk": new["sk"]}, "NewImage": new, "OldImage": old,
                         "SequenceNumber": seq, "ApproximateCreationDateTime": 1.0}}


def unique_email() -> tuple[str, str]:
    sub = f"mail-{uuid.uuid4().hex[:8]}"
    return sub, f"{sub}@example.net"


def redirect(new: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Point a grant image at a fresh address and a version no real write reaches, so an
    event pump running in this worker (live_stack) cannot interfere with the count."""
    _, email = unique_email()
    return email, {**new, "user_email": {"S": email}, "version": {"N": str(10_000 + uuid.uuid4().int % 10_000)}}


def grant_record(api, slug, make_token, status_body, **apply_overrides):
    sub, _ = unique_email()
    applicant = make_token(sub, name="Grace Hopper")
    reviewer = make_token("rita", *REVIEW)
    grant_id = api.post(path(slug), application(**apply_overrides), token=applicant).body["id"]
    assert review(api, slug, grant_id, reviewer, status_body).status == 200
    email, new = redirect(raw_item(f"GRANT#{slug}#{grant_id}", "GRANT"))
    return email, modify_record(new, {"status": "submitted"})
