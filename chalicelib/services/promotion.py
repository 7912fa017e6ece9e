"""Promotion: an organiser promotes a queued signup by hand, and the stream fills free places.

Each promotion is one transaction guarded by the signup still being queued and (unless an
organiser deliberately overbooks) by a free place (store.promotion).
"""

from __future__ import annotations

from typing import Any

from ..auth import Principal
from ..domain import activities as rules
from ..errors import Conflict, NotFound
from ..observability import metrics
from ..store import promotion as store
from ..store import signups as signup_store
from .activities import manageable_activity
from .activity_views import signup_manage_view


def promote(conf: str, activity_slug: str, signup_id: str, user: Principal) -> dict[str, Any]:
    """Manual promotion: respects capacity first, and overbooks (flagged) only when full."""
    manageable_activity(conf, activity_slug, user)
    key = rules.signup_key_from_id(signup_id)
    item = signup_store.get_signup(conf, activity_slug, key) if key else None
    if item is None:
        raise NotFound("No such signup.")
    if item.status != "waitlisted":
        raise Conflict("Only a waitlisted signup can be promoted.", code="not_waitlisted")
    overbooked = False
    try:
        try:
            store.promote_signup(conf, activity_slug, item)
        except store.CapacityReached:
            overbooked = True
            store.promote_signup(conf, activity_slug, item, respect_capacity=False)
    except store.NotWaitlisted:
        raise Conflict("Only a waitlisted signup can be promoted.", code="not_waitlisted") from None
    metrics.emit("Promotions", Source="organiser")
    view = signup_manage_view(item)  # confirmed now: no place in the queue
    view["overbooked"] = overbooked
    return view


# -- promotion (stream) ------------------------------------------------------------------

#: Bounds one invocation: at most this many waitlist pages of PROMOTION_PAGE signups.
PROMOTION_ROUNDS = 20
PROMOTION_PAGE = 100


def promote_waitlisted(conf: str, activity_slug: str, needed: int, claim_hours: int | None = None) -> int:
    """Promote up to `needed` of the oldest waitlisted signups, FIFO; returns how many were.

    With `claim_hours` (the activity's claim window) each is offered the place until its
    `claim_by` instead of being confirmed.

    `needed` comes from a stream image and may be stale: each promotion is guarded by a
    free place, so the first `CapacityReached` ends the run (a replayed record costs one
    Query and one refused transaction, and promotes nobody).
    """
    promoted = 0
    for _ in range(PROMOTION_ROUNDS):
        if promoted >= needed:
            break
        candidates = store.oldest_waiting(conf, activity_slug, min(needed - promoted, PROMOTION_PAGE))
        if not candidates:
            break
        for candidate in candidates:
            try:
                store.promote_signup(conf, activity_slug, candidate, claim_hours=claim_hours)
            except store.NotWaitlisted:
                continue  # cancelled or promoted meanwhile (or a stale index entry): next in line
            except store.CapacityReached:
                return promoted
            promoted += 1
            if promoted >= needed:
                break
    return promoted
