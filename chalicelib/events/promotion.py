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

With the activity's `claim_hours` set, a promotion offers the place (`offered` until
`claim_by`) instead of confirming it; an offer that lapses frees the place again
(store.claims.expire_claim), and this same rule offers it to the next in line.
"""

from __future__ import annotations

import logging

from ..domain import signups as rules
from ..observability import metrics
from ..services import promotion as service
from .stream import StreamRecord, record_handler

log = logging.getLogger(__name__)


@record_handler
def promote_waitlisted_signups(record: StreamRecord) -> None:
    """Fill free places from the waitlist, oldest first; raise to have the record retried."""
    image = record.new
    if record.event_name == "REMOVE" or not image or image.get("entity") != "activity":
        return
    needed = rules.promotable(image)
    if needed <= 0 or rules.is_promotion_echo(record.old, image):
        return
    conf, activity = image.get("conference_slug"), image.get("slug")
    if not conf or not activity:
        return
    promoted = service.promote_waitlisted(conf, activity, needed, rules.claim_hours_of(image))
    metrics.emit("Promotions", promoted, Source="waitlist")
    if promoted:
        log.info("promoted %d waitlisted signup(s) for %s/%s", promoted, conf, activity)
