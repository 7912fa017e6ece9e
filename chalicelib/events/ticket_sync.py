"""The scheduled pretix sync, as of the EventBridge event's `time` (events/clock.py)."""

from __future__ import annotations

import logging
from typing import Any

from . import clock

log = logging.getLogger(__name__)


def run(event: dict[str, Any]) -> dict[str, Any]:
    from ..pretix import tickets

    summary = tickets.run_scheduled_sync(clock.event_moment(event))
    log.info("ticket sync", extra={"result": summary})
    return summary
