"""The time a scheduled function acts as: the EventBridge event's `time` (ISO 8601), falling
back to the real clock. `POST /dev/schedules/run {"now": ...}` sets that field locally, so
time-driven rules are driven the same way in AWS, on the local stack and in tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import deadlines
from ..store.base import now_iso


def event_now(event: Any) -> str:
    """`now` in the table's stored form, from a scheduled event (a chalice event or its dict)."""
    raw = event.to_dict() if hasattr(event, "to_dict") else event
    value = raw.get("time") if isinstance(raw, Mapping) else None
    if isinstance(value, str) and value.strip():
        try:
            return deadlines.stamp(deadlines.parse(value))
        except ValueError:
            pass
    return now_iso()
