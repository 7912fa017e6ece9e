"""Applicants' messages no reviewer has been e-mailed about: the due index (GSI3, sparse).

An applicant's message written on its own enters the index with the write that stores it
(store.grants.add_message). It leaves when a reviewer is told: the stream's e-mail to the
reviewer who last acted on the grant, or the daily digest to the conference's reviewers
(events.message_digest). So the digest reads only what nobody has seen, however many
messages the table holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..config import settings
from . import table
from .base import GSI3
from .grant_entries import GrantMessageItem
from .keys import MESSAGES_DUE


class PendingMessage(NamedTuple):
    """An applicant's message waiting for a reviewer, with where it lives."""

    conference: str
    grant_id: str
    message_id: str
    author_name: str
    message: str
    created_at: str
    pk: str
    sk: str


def _pending(raw: dict[str, Any]) -> PendingMessage:
    _prefix, conference, grant_id = [*raw["pk"]["S"].split("#", 2), "", ""][:3]
    return PendingMessage(conference=conference, grant_id=grant_id, message_id=raw.get("id", {}).get("S", ""),
                          author_name=raw.get("author_name", {}).get("S", ""), message=raw["message"]["S"],
                          created_at=raw.get("created_at", {}).get("S", ""), pk=raw["pk"]["S"], sk=raw["sk"]["S"])


def pending_messages(now: str, page_size: int = 100) -> Iterator[PendingMessage]:
    """Every applicant's message written at or before `now` that no reviewer was e-mailed about,
    oldest first (one Query page per `page_size` messages; nothing else is read)."""
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI3,
        "KeyConditionExpression": "gsi3pk = :pk AND gsi3sk <= :now",
        "ExpressionAttributeValues": {":pk": {"S": MESSAGES_DUE}, ":now": {"S": now + "$"}},
        "Limit": page_size,
    }
    for page in table.query_pages(params):
        for raw in page.get("Items", []):
            yield _pending(raw)


def mark_told(pk: str, sk: str) -> None:
    """Take a message out of the index: a reviewer has been e-mailed about it (repeatable).
    Conditional on the item existing, so a message never reappears as a key-only item."""
    item = GrantMessageItem(pk, sk)
    try:
        table.update(item, [GrantMessageItem.gsi3pk.remove(), GrantMessageItem.gsi3sk.remove()],
                     GrantMessageItem.pk.exists())
    except table.ConditionFailed:
        pass  # the grant and its messages are gone: nothing to tell anyone
