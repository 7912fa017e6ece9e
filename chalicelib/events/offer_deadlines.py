"""The offer deadlines' scheduled function: expire overdue offers, send each reminder once.

It reads only what is due: the offers in the due index (store.deadlines) up to `now`. Each
write is conditional (status still `offered`, version as read, deadline passed or reminder
not yet sent: domain.deadlines), so a replayed or concurrent run finds nothing left to do and
changes nothing. Expiry moves the grant to `expired` with its money out of `committed` (the
stats deltas in the same transaction), a visible message and an audit entry; the e-mails go
from the table stream (events.notifications), once per change.
"""

from __future__ import annotations

import logging
from typing import Any

from ..domain import deadlines as rules
from ..domain import grants as grant_rules
from ..observability import metrics
from ..store import deadlines as due_store
from ..store import grants as store
from ..store.keys import OFFERS_DUE, due_sort

log = logging.getLogger(__name__)
#: Who the audit trail names for the scheduler's changes.
ACTOR_SUB, ACTOR_NAME = "system:offer-deadlines", "Offer deadlines"
ATTEMPTS = 3


def expired_message(deadline: str, timezone: str) -> str:
    return (f"This offer expired: it was not answered by the end of {rules.day_words(deadline, timezone)}, so its "
            "money went back to the travel grant budget. If you still need a grant, write to the reviewers here.")


def _timezone(slug: str) -> tuple[str, int]:
    """(timezone, reminder days) of a conference (this container's short-lived copy)."""
    from ..services.conferences import get_conference

    conference = get_conference(slug)
    if conference is None:
        return "UTC", rules.DEFAULT_REMINDER_DAYS
    return conference.timezone, conference.offer_reminder_days


def _expire(grant: store.GrantRecord, now: str, timezone: str) -> bool:
    deltas = grant_rules.stats_deltas((grant.status, grant.requested_cents, grant.approved_cents or 0),
                                      (grant_rules.EXPIRED, grant.requested_cents, grant.approved_cents or 0))
    message = store.NewMessage(author="reviewer", author_sub=ACTOR_SUB, author_name=ACTOR_NAME,
                               message=expired_message(grant.respond_by or now, timezone), visible=True)
    store.update(grant.conference_slug, grant.grant_id, expected_status=grant_rules.OFFERED,
                 expected_version=grant.version, changes={"status": grant_rules.EXPIRED}, deltas=deltas,
                 actor_sub=ACTOR_SUB, actor_name=ACTOR_NAME, audit_action="expire",
                 audit_details={"respond_by": grant.respond_by, "approved_cents": grant.approved_cents, "now": now},
                 messages=[message], condition=rules.overdue_condition(store.GrantItem.respond_by, now))
    return True


def _remind(grant: store.GrantRecord, now: str) -> bool:
    deadline = grant.respond_by or now
    changes = {"reminder_sent_at": now, "gsi3pk": OFFERS_DUE,
               "gsi3sk": due_sort(deadline, grant.conference_slug, grant.grant_id)}  # next due: the deadline
    store.update(grant.conference_slug, grant.grant_id, expected_status=grant_rules.OFFERED,
                 expected_version=grant.version, changes=changes, deltas={}, actor_sub=ACTOR_SUB,
                 actor_name=ACTOR_NAME, audit_action="remind", audit_details={"respond_by": grant.respond_by},
                 condition=rules.reminder_due_condition(store.GrantItem.respond_by, store.GrantItem.reminder_sent_at,
                                                        now))
    return True


def _settle(grant: store.GrantRecord, now: str) -> str:
    """Act on one due offer: "expired", "reminded" or "skipped" (someone else got there first,
    or it is not due after all). A refused write is read again, a bounded number of times."""
    timezone, reminder_days = _timezone(grant.conference_slug)
    current: store.GrantRecord | None = grant
    for _ in range(ATTEMPTS):
        if current is None or current.status != grant_rules.OFFERED:
            return "skipped"
        try:
            if rules.overdue(current.respond_by, now):
                return "expired" if _expire(current, now, timezone) else "skipped"
            if rules.reminder_due(current.respond_by, reminder_days, current.reminder_sent_at is not None, now):
                return "reminded" if _remind(current, now) else "skipped"
            return "skipped"
        except store.WriteRefused:
            current = store.get_grant_item(grant.conference_slug, grant.grant_id)
    return "skipped"


def run(now: str) -> dict[str, Any]:
    """One run as if the time were `now`: what it did, counted."""
    done = {"due": 0, "expired": 0, "reminded": 0, "skipped": 0}
    for grant in due_store.due_offers(now):
        done["due"] += 1
        done[_settle(grant, now)] += 1
    if done["expired"]:
        metrics.emit("OffersExpired", done["expired"])
    log.info("offer deadlines at %s", now, extra={"result": done})
    return {"now": now, **done}
