"""The scheduled pretix sync: `now` from the EventBridge event's `time` (ISO 8601), else the clock."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)


def event_now(event: dict[str, Any]) -> datetime:
    text = event.get("time") if isinstance(event, dict) else None
    if isinstance(text, str) and text:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            log.warning("ticket sync: unreadable event time %r, using the clock", text)
    return datetime.now(UTC)


def run(event: dict[str, Any]) -> dict[str, Any]:
    from ..pretix import tickets

    summary = tickets.run_scheduled_sync(event_now(event))
    log.info("ticket sync", extra={"result": summary})
    return summary
