"""Open offers in the due index (GSI3, sparse): a grant is there while it is `offered` with
a deadline, under its next due moment (domain.deadlines.next_due), so the scheduler reads
only the offers whose reminder or deadline has come, however many grants there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..config import settings
from ..domain import deadlines as rules
from . import table
from .base import GSI3
from .grants import GrantRecord
from .keys import OFFERS_DUE, due_sort


def offer_changes(conf: str, grant_id: str, deadline: str | None, reminder_days: int, now: str,
                  reminded: bool = False) -> dict[str, Any]:
    """The grant attributes of an offer due at `deadline` (for store.grants.update's `changes`):
    the deadline, the reminder mark, and its place in the due index (none without a deadline)."""
    due = rules.next_due(deadline, reminder_days, now, reminded)
    return {
        "respond_by": deadline,
        **({} if reminded else {"reminder_sent_at": None}),
        "gsi3pk": OFFERS_DUE if due else None,
        "gsi3sk": due_sort(due, conf, grant_id) if due else None,
    }


def due_offers(now: str, page_size: int = 100) -> Iterator[GrantRecord]:
    """Every offer whose reminder or deadline is at or before `now`, oldest due first (one Query
    page per `page_size` due offers; nothing else is read)."""
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI3,
        "KeyConditionExpression": "gsi3pk = :pk AND gsi3sk <= :now",
        # '$' sorts after '#': every key whose moment is `now` itself is included.
        "ExpressionAttributeValues": {":pk": {"S": OFFERS_DUE}, ":now": {"S": now + "$"}},
        "Limit": page_size,
    }
    for page in table.query_pages(params):
        for raw in page.get("Items", []):
            yield GrantRecord.from_raw(raw)
