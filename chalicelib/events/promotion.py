"""Waitlist promotion, driven by the table stream.

The trigger is the activity item's own new image rather than the signup records: every
change that can open a place for a waitlisted signup rewrites that item — a cancelled
confirmed signup decrements `confirmed_count` in the same transaction, a manager raising
(or removing) `max_participants` updates it, and a signup waitlisted while places are
free increments `waitlist_count` — so a single rule on the image ("places free and
somebody waiting") covers every case, needs no read to decide, and also heals a
promotion that an earlier failure left undone.

Promotions themselves also rewrite the activity item; those records are recognised by
their counter delta (+1 confirmed, -1 waitlisted, same capacity) and skipped, because
the invocation that made them promotes every free place before it returns (or raises,
so the triggering record is retried). Replays and duplicates are harmless: each
promotion is a transaction guarded by `status = waitlisted` and by a free place.
"""

from __future__ import annotations

import logging
from typing import Any

from ..domain.activities import promotion_needed
from ..observability import metrics
from ..services import activities as service
from .stream import StreamRecord, record_handler

log = logging.getLogger(__name__)


def _count(image: dict[str, Any] | None, name: str) -> int:
    return int((image or {}).get(name) or 0)


def is_promotion_echo(record: StreamRecord) -> bool:
    """True for the activity change written by a promotion itself (nothing new was freed)."""
    old, new = record.old, record.new
    if not old or not new:
        return False
    return (
        _count(new, "confirmed_count") == _count(old, "confirmed_count") + 1
        and _count(new, "waitlist_count") == _count(old, "waitlist_count") - 1
        and new.get("max_participants") == old.get("max_participants")
        and new.get("is_active") == old.get("is_active")
    )


@record_handler
def promote_waitlisted_signups(record: StreamRecord) -> None:
    """Fill free places from the waitlist, oldest first; raise to have the record retried."""
    image = record.new
    if record.event_name == "REMOVE" or not image or image.get("entity") != "activity":
        return
    needed = promotion_needed(image)
    if needed <= 0 or is_promotion_echo(record):
        return
    conf, activity = image.get("conference_slug"), image.get("slug")
    if not conf or not activity:
        return
    promoted = service.promote_waitlisted(conf, activity, needed)
    metrics.emit("Promotions", promoted, Source="waitlist")
    if promoted:
        log.info("promoted %d waitlisted signup(s) for %s/%s", promoted, conf, activity)
