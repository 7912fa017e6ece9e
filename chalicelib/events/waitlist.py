"""The grant waitlist refills itself (the conference's `auto_offer_waitlist`).

Stream-driven, like activity promotion: whenever committed money falls (an offer declined,
expired, rejected or lowered, an accepted grant withdrawn) or the limit rises (a larger
budget or over-commitment, or the setting turned on), the conference's waitlisted grants
are offered in ranking order (calibrated, then mean score, then application time: the
ranking's order) while their `requested_amount` fits. Each offer is the reviewer's offer
made by the system: one transaction guarded by the grant still being `waitlisted` at the
version read (so a grant is offered exactly once, however often a record is replayed or
however many invocations race) and by the budget condition on the stats counter
(domain.budget), so the budget is never exceeded. The first grant that does not fit ends
the round: the next one in line keeps its place until money frees up again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from ..config import settings
from ..domain import budget as budget_rules
from ..domain import deadlines as deadline_rules
from ..domain import grants as rules
from ..domain import scoring as scoring_rules
from ..services import grant_messages
from ..store import budget as budget_store
from ..store import deadlines as deadline_store
from ..store import grants as store
from ..store import table
from ..store.base import GSI2, now_iso
from .stream import StreamRecord, record_handler

log = logging.getLogger(__name__)
ACTOR_SUB, ACTOR_NAME = "system:waitlist", "Grant waitlist"


def _cents(value: object) -> int:
    return int(value or 0)  # type: ignore[call-overload]


def money_fell(record: StreamRecord) -> str | None:
    """The conference whose committed money fell or whose limit rose in this change, or None."""
    old, new = record.old or {}, record.new or {}
    entity = new.get("entity") or old.get("entity")
    if entity == "grant" and old and new:
        before = rules.committed_cents(str(old.get("status")), _cents(old.get("approved_cents")))
        after = rules.committed_cents(str(new.get("status")), _cents(new.get("approved_cents")))
        return str(new.get("conference_slug") or "") or None if after < before else None
    if entity == "conference" and new.get("auto_offer_waitlist"):
        limit_before = budget_rules.limit_cents(old.get("grant_budget_cents") and _cents(old.get("grant_budget_cents")),
                                                _cents(old.get("overcommit_percent")))
        limit_after = budget_rules.limit_cents(new.get("grant_budget_cents") and _cents(new.get("grant_budget_cents")),
                                               _cents(new.get("overcommit_percent")))
        turned_on = not old.get("auto_offer_waitlist")
        if turned_on or (limit_after or 0) > (limit_before or 0) or (limit_before is not None and limit_after is None):
            return str(new.get("slug") or "") or None
    return None


@record_handler
def refill_waitlist(record: StreamRecord) -> None:
    slug = money_fell(record)
    if slug:
        offer_waitlisted(slug)


def waitlisted(conf: str) -> list[store.GrantRecord]:
    """The conference's waitlisted grants (GSI2, whole items), every page."""
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI2,
        "KeyConditionExpression": "gsi2pk = :p",
        "ExpressionAttributeValues": {":p": {"S": store.status_pk(conf, rules.WAITLISTED)}},
    }
    return [store.GrantRecord.from_raw(raw) for page in table.query_pages(params) for raw in page.get("Items", [])]


def in_ranking_order(conf: str, grants: list[store.GrantRecord]) -> list[store.GrantRecord]:
    """The ranking's order (services.scoring.ranking): calibrated, mean, application time."""
    from ..services.scoring import counters_for, summary_of

    counters = counters_for(conf, grants)
    return sorted(grants, key=lambda g: scoring_rules.rank_key(summary_of(g, counters), g.created_at or ""))


def offer_amount(grant: store.GrantRecord, max_cents: int) -> int | None:
    """What the automatic offer gives: the amount requested (never above the maximum grant);
    None for a ticket-only request."""
    if grant.request_type != rules.TICKET_AND_GRANT:
        return grant.approved_cents
    return min(grant.requested_cents, max_cents)


def offer_waitlisted(conf: str) -> dict[str, Any]:
    """One round: offer waitlisted grants in ranking order while they fit. What it did."""
    from ..services.conferences import get_conference

    conference = get_conference(conf, fresh=True)  # the budget as stored now: the write checks it too
    done: dict[str, Any] = {"offered": [], "stopped_at": None}
    if conference is None or not conference.auto_offer_waitlist:
        return done
    max_cents = int(conference.effective_max_grant_amount * 100)
    for grant in in_ranking_order(conf, waitlisted(conf)):
        outcome = _offer(conference, grant, max_cents)
        if outcome == "offered":
            done["offered"].append(grant.grant_id)
        elif outcome == "over_budget":
            done["stopped_at"] = grant.grant_id
            break
    if done["offered"]:
        log.info("waitlist of %s: offered %d", conf, len(done["offered"]), extra={"conference": conf})
    return done


def _offer(conference: Any, grant: store.GrantRecord, max_cents: int) -> str:
    """Offer one waitlisted grant: "offered", "over_budget" or "skipped" (it moved meanwhile)."""
    now = now_iso()
    amount = offer_amount(grant, max_cents)
    deltas = rules.stats_deltas((grant.status, grant.requested_cents, grant.approved_cents or 0),
                                (rules.OFFERED, grant.requested_cents, amount or 0))
    guard = budget_store.guard(conference.slug, conference.grant_budget_cents, conference.overcommit_percent,
                               deltas.get("total_approved_cents", 0))
    deadline = deadline_rules.respond_by(now, conference.offer_response_days, conference.timezone)
    changes: dict[str, Any] = {"status": rules.OFFERED, "approved_cents": amount,
                               **deadline_store.offer_changes(conference.slug, grant.grant_id, deadline,
                                                              conference.offer_reminder_days, now)}
    text = grant_messages.waitlist_offer(amount, deadline, conference.timezone, grant.locale)
    message = store.NewMessage(author="reviewer", author_sub=ACTOR_SUB, author_name=ACTOR_NAME, message=text,
                               visible=True)
    try:
        store.update(conference.slug, grant.grant_id, expected_status=rules.WAITLISTED, expected_version=grant.version,
                     changes=changes, deltas=deltas, actor_sub=ACTOR_SUB, actor_name=ACTOR_NAME,
                     audit_action="auto_offer", audit_details=_details(grant, amount, deadline),
                     messages=[message], now=now, checks=guard.check, stats_condition=guard.stats_condition)
    except store.WriteRefused as refused:
        if budget_store.STATS_ITEM in refused.failed:
            return "over_budget"
        return "skipped"  # offered, withdrawn or changed meanwhile, or the budget changed: a later change retries
    return "offered"


def _details(grant: store.GrantRecord, amount: int | None, deadline: str | None) -> Mapping[str, Any]:
    return {"status": {"from": grant.status, "to": rules.OFFERED}, "approved_cents": {"from": grant.approved_cents,
            "to": amount}, "respond_by": deadline, "by": "auto_offer_waitlist"}
