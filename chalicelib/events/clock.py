"""The time a scheduled function acts as: the EventBridge event's `time` (ISO 8601), falling
back to the real clock. `POST /dev/schedules/run {"now": ...}` sets that field locally, so
time-driven rules are driven the same way in AWS, on the local stack and in tests."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..domain import deadlines
from ..store.base import now_iso

log = logging.getLogger(__name__)


def _event_time(event: Any) -> datetime | None:
    """The event's `time` (a chalice event or its dict), None when absent or unreadable."""
    raw = event.to_dict() if hasattr(event, "to_dict") else event
    value = raw.get("time") if isinstance(raw, Mapping) else None
    if isinstance(value, str) and value.strip():
        try:
            return deadlines.parse(value)
        except ValueError:
            log.warning("unreadable scheduled event time %r, using the clock", value)
    return None


def event_moment(event: Any) -> datetime:
    """`now` as an aware datetime, from a scheduled event."""
    return _event_time(event) or datetime.now(UTC)


def event_now(event: Any) -> str:
    """`now` in the table's stored form, from a scheduled event."""
    moment = _event_time(event)
    return deadlines.stamp(moment) if moment else now_iso()
