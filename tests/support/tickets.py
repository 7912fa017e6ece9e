"""Tickets as the API tests drive them: an accepted grant, its stream record, its ticket."""

from __future__ import annotations

import uuid
from typing import Any

from boto3.dynamodb.types import TypeSerializer

from tests.support.grants import REVIEW, apply, bring_to, path
from tests.support.notifications import raw_item

_serializer = TypeSerializer()


def raw_grant(slug: str, grant_id: str) -> dict[str, Any]:
    return raw_item(f"GRANT#{slug}#{grant_id}", "GRANT")


def change_record(slug: str, grant_id: str, old_status: str) -> dict[str, Any]:
    new = raw_grant(slug, grant_id)
    old = {**new, "status": _serializer.serialize(old_status)}
    return {"eventID": uuid.uuid4().hex, "eventName": "MODIFY", "eventSource": "aws:dynamodb",
            "dynamodb": {"Keys": {"pk": new["pk"], "sk": new["sk"]}, "NewImage": new, "OldImage": old,
                         "SequenceNumber": uuid.uuid4().hex, "ApproximateCreationDateTime": 1.0}}


def accepted_grant(api: Any, slug: str, make_token: Any) -> tuple[str, str, str]:
    """(grant id, applicant token, reviewer token) of a grant the applicant just accepted."""
    applicant = make_token(f"tk-{uuid.uuid4().hex[:8]}", name="Ada", email=f"{uuid.uuid4().hex[:8]}@example.net")
    reviewer = make_token("rita", *REVIEW, name="Rita")
    grant_id = apply(api, slug, applicant)
    bring_to(api, slug, grant_id, applicant, reviewer, "accepted")
    return grant_id, applicant, reviewer


def ticket_of(api: Any, slug: str, applicant: str) -> dict[str, Any]:
    return api.get(path(slug), token=applicant).body["ticket"]
