"""Reviewer use cases: list with stats and budget, detail, review PATCH, reviewer messages.

The list's page 1 is one Query whatever the number of grants: the conference's budget
comes from the conference the route already loaded (this container's short-lived copy),
and the unfiltered list brings the stats item with the grants (store.grant_list). Other
pages and `?status=` (GSI2) add one GetItem of the stats item. A review is one read of
the grant and one TransactWriteItems guarded by the status and version that were read (or
the client's If-Match) and by the reviewer having no conflict declared on the grant (a
condition check in the same request), carrying the stats deltas, the audit entry and any message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .. import policies
from ..domain import budget as budget_rules
from ..domain import deadlines as deadline_rules
from ..domain import grants as rules
from ..domain import locale as locale_rules
from ..domain.conference import Conference, is_valid_slug
from ..domain.money import cents_to_str, format_money, from_cents, to_cents
from ..errors import Conflict, NotFound, ValidationFailed, VersionConflict, field_error
from ..observability import metrics
from ..store import budget as budget_store
from ..store import deadlines as deadline_store
from ..store import grant_list
from ..store import grants as store
from ..store.base import now_iso, public_timestamp
from . import grant_extras as extras_module
from . import grant_messages, scoring
from .grants import application_view, new_message

ATTEMPTS = 3

def not_found() -> NotFound:
    return NotFound("No such travel grant.")


def _check_ids(conf: str, grant_id: str) -> None:
    """Malformed ids cannot name a grant: 404 before any request (and no oversized keys)."""
    if not is_valid_slug(conf) or not store.valid_grant_id(grant_id):
        raise not_found()


# -- views ---------------------------------------------------------------------------------

def _user(grant: store.GrantRecord) -> dict[str, Any]:
    return {"sub": grant.user_sub, "email": grant.user_email, "name": grant.user_name,
            "email_verified": grant.user_email_verified}


def list_item(grant: store.GrantRecord) -> dict[str, Any]:
    return {
        "id": grant.grant_id,
        "user": _user(grant),
        "status": grant.status,
        "request_type": grant.request_type,
        "application_type": grant.application.get("application_type", "general"),
        "requested_amount": cents_to_str(grant.requested_cents),
        "approved_amount": cents_to_str(grant.approved_cents),
        "receipt_count": grant.receipt_count,
        "ticket_status": grant.ticket_status,
        "respond_by": public_timestamp(grant.respond_by),
        "created_at": public_timestamp(grant.created_at),
        "updated_at": public_timestamp(grant.updated_at),
    }


def reviewer_view(grant: store.GrantRecord) -> dict[str, Any]:
    view = application_view(grant)
    view.update({
        "user": _user(grant),
        "reviewer_notes": grant.reviewer_notes,
        "reviewed_by": grant.reviewed_by,
        "reviewed_by_name": grant.reviewed_by_name,
        "reviewed_at": public_timestamp(grant.reviewed_at),
        "version": grant.version,
        "receipt_count": grant.receipt_count,
        "transitions": rules.reviewer_transitions(grant.status),
        "editable_fields": rules.reviewer_editable_fields(grant.status),
        "internal_notes_hidden": False,
    })
    return view


def reviewer_message(message: store.GrantMessage) -> dict[str, Any]:
    return {"id": message.id, "author": message.author, "message": message.message, "visible": message.visible,
            "author_sub": message.author_sub, "author_name": message.author_name,
            "created_at": public_timestamp(message.created_at)}


def audit_entry(entry: store.AuditEntry) -> dict[str, Any]:
    return {"id": entry.id, "actor_sub": entry.actor_sub, "actor_name": entry.actor_name, "action": entry.action,
            "details": _shortened(_json_safe(dict(entry.details))), "created_at": public_timestamp(entry.created_at)}


def audit_trail(entries: list[store.AuditEntry]) -> tuple[list[dict[str, Any]], int]:
    """The entries a reviewer's answer shows (oldest first) and how many older ones it leaves out.

    The newest entries are taken while their JSON fits `store.MAX_AUDIT_BYTES`, so the
    answer stays under 1 MiB however many reads and changes a grant collects.
    """
    shown: list[dict[str, Any]] = []
    used = 0
    for entry in reversed(entries):
        view = audit_entry(entry)
        size = len(json.dumps(view)) + 2  # the separator in the list
        if used + size > store.MAX_AUDIT_BYTES:
            break
        shown.append(view)
        used += size
    shown.reverse()
    return shown, len(entries) - len(shown)


def _shortened(value: Any) -> Any:
    """`value` with every string cut to `store.MAX_AUDIT_TEXT` characters (an ellipsis marks the cut)."""
    if isinstance(value, str):
        return value if len(value) <= store.MAX_AUDIT_TEXT else value[:store.MAX_AUDIT_TEXT - 1] + "\u2026"
    if isinstance(value, dict):
        return {k: _shortened(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shortened(v) for v in value]
    return value


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def stats_view(stats: store.GrantStats) -> dict[str, Any]:
    view: dict[str, Any] = {"total": stats.total, **{name: stats.count(name) for name in store.STATUS_NAMES}}
    view["total_requested"] = cents_to_str(stats.total_requested_cents)
    view["total_approved"] = cents_to_str(stats.total_approved_cents)
    view["total_disbursed"] = cents_to_str(stats.total_disbursed_cents)
    return view


def budget(grant_budget: Decimal | None, stats: store.GrantStats, overcommit_percent: int = 0) -> dict[str, str] | None:
    """`committed` = approved amounts of offered, need_more, accepted and disbursed grants;
    `remaining` = budget - committed (may go negative when reviewers over-commit)."""
    limit = budget_rules.limit_cents(to_cents(grant_budget) if grant_budget is not None else None, overcommit_percent)
    view = rules.budget_view(grant_budget, from_cents(stats.total_approved_cents),
                             from_cents(stats.total_disbursed_cents), from_cents(limit))
    return None if view is None else {k: format_money(v) for k, v in view.items()}


# -- use cases -----------------------------------------------------------------------------

def list_grants(conference: Conference, status: str | None, limit: int, token: str | None,
                keep: Callable[[store.GrantRecord], bool] | None = None) -> dict[str, Any]:
    """One page with the whole conference's counters and budget: one Query when that page
    brought the stats item (page 1 of the unfiltered list), else one GetItem more.
    `keep` filters the page's rows (the token still continues after the page's last grant)."""
    try:
        page = grant_list.list_page(conference.slug, status, limit, token)
    except grant_list.BadPageToken:
        raise field_error("next_token", "is not a token this list issued") from None
    stats = page.stats if page.stats is not None else store.read_stats(conference.slug)
    grants = page.grants if keep is None else [g for g in page.grants if keep(g)]
    rows = [list_item(g) for g in grants]
    scoring.decorate_list(conference, grants, rows)
    return {"grants": rows, "stats": stats_view(stats),
            "budget": budget(conference.grant_budget, stats, conference.overcommit_percent), "next_token": page.next_token}


def list_ready(conference: Conference, limit: int, token: str | None) -> dict[str, Any]:
    """`?ready=true`: the accepted grants of one page that are ready for disbursement.

    The page's Query of accepted grants brings each grant's readiness facts (approved
    receipts counted, payment details noted: `GrantRecord.known_ready`), so the list is that
    Query and the stats GetItem. Only a grant from before those facts were kept is judged
    from its partition (one Query each). A page may hold fewer than `limit` rows;
    `next_token` continues over accepted grants.
    """

    def ready(grant: store.GrantRecord) -> bool:
        known = grant.known_ready
        if known is not None:
            return known
        from ..store import receipts as receipt_store  # the receipts area owns the partition reader

        return extras_module.ready_for_disbursement(receipt_store.grant_partition(conference.slug, grant.grant_id))

    return list_grants(conference, rules.ACCEPTED, limit, token, keep=ready)


def detail(conf: str, grant_id: str, caller: Any = None, conference: Conference | None = None) -> dict[str, Any]:
    """The whole partition in one Query: grant, every message, audit trail, receipt/payment facts
    (and, given the caller and conference, the scores they may see: services.scoring)."""
    _check_ids(conf, grant_id)
    part = store.read_partition(conf, grant_id)
    if part.grant is None:
        raise not_found()
    view = reviewer_view(part.grant)
    view["messages"] = [reviewer_message(m) for m in part.messages]
    if caller is not None and not policies.can_read_internal_notes(caller):
        view["messages"] = [m for m in view["messages"] if m["visible"]]
        view["reviewer_notes"] = None
        view["internal_notes_hidden"] = True
    view["audit"], view["audit_omitted"] = audit_trail(part.audit)
    view.update(extras_module.grant_extras(part))
    if caller is not None and conference is not None:
        scoring.decorate_detail(view, part, conference, caller)
    return view


def ensure_grant(conf: str, grant_id: str) -> None:
    """404 unless the grant exists (one GetItem; routes run it only for an invalid input)."""
    _check_ids(conf, grant_id)
    _read_grant(conf, grant_id)


def _read_grant(conf: str, grant_id: str) -> store.GrantRecord:
    grant = store.get_grant_item(conf, grant_id)
    if grant is None:
        raise not_found()
    return grant


#: A version is a positive integer; 18 ASCII digits are far more than any grant reaches.
_VERSION = re.compile(r"[0-9]{1,18}")


def parse_if_match(value: str | None) -> int | None:
    """`3`, `"3"` or `W/"3"` -> 3; anything else cannot match a version (412).

    ASCII digits only: `str.isdigit()` is also true for `²` or Arabic-Indic digits, which
    `int()` then refuses or reads, and thousands of digits pass Python's int limit.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not _VERSION.fullmatch(text):
        raise VersionConflict("If-Match must be the grant's current version.")
    return int(text)


def review(conf: str, grant_id: str, reviewer: Any, body: Any, if_match: str | None,
           max_grant: Decimal | None = None, conference: Conference | None = None) -> dict[str, Any]:
    """Apply a reviewer's change: status (transition table), approved amount, promo code, notes,
    and a visible `message` written in the same transaction. `max_grant` is the conference's
    maximum grant (the approved amount's ceiling).

    An offer or a larger amount is conditional on the budget (domain.budget: 409 over_budget),
    and an offer gets its deadline (`respond_by` from the body, a date, else the conference's
    `offer_response_days`; domain.deadlines). `conference` is the one the route loaded."""
    _check_ids(conf, grant_id)
    if conference is None:
        conference = _conference(conf)
    expected_version = parse_if_match(if_match)
    given = body.model_fields_set
    if not given:
        raise ValidationFailed({"__root__": ["Give at least one of status, approved_amount, promo_code, "
                                             "reviewer_notes, message."]})
    if "status" in given and body.status is None:
        raise field_error("status", "must not be null")
    max_cents = to_cents(max_grant) if max_grant is not None else None
    for _ in range(ATTEMPTS):
        grant = _read_grant(conf, grant_id)
        scoring.ensure_no_conflict(grant, reviewer)
        version = grant.version
        if expected_version is not None and expected_version != version:
            raise VersionConflict()
        now = now_iso()
        changes, deltas, details, messages = _plan(grant, reviewer, body, given, max_cents,
                                                   offer_deadline(conference, grant, body, given, now))
        changes.update({"reviewed_by": reviewer.sub, "reviewed_by_name": reviewer.name or None, "reviewed_at": now,
                        "reviewed_by_email": reviewer.contact_email or None,
                        "reviewed_by_locale": locale_rules.supported(reviewer.locale)})
        guard = budget_guard(conference, deltas)
        try:
            store.update(conf, grant_id, expected_status=grant.status, expected_version=version,
                         changes=changes, deltas=deltas, actor_sub=reviewer.sub, audit_action="review",
                         audit_details=details, messages=messages, now=now, actor_name=reviewer.name,
                         checks=budget_store.combine(scoring.no_conflict_check(conf, grant_id, reviewer), guard.check),
                         stats_condition=guard.stats_condition)
        except store.WriteRefused as refused:
            forbidden = scoring.refused_by_conflict(refused.failed)
            if forbidden is not None:
                raise forbidden from None
            if budget_store.STATS_ITEM in refused.failed:
                raise over_budget(conf, guard) from None
            if budget_store.SETTINGS_ITEM in refused.failed:  # our copy of the budget was stale
                conference = _conference(conf, fresh=True)
                continue
            if expected_version is not None:
                raise VersionConflict() from None
            continue
        if "status" in changes:
            metrics.emit("GrantDecisions", Status=changes["status"])
        return reviewer_view(grant.after_write(changes, now))
    raise Conflict("The grant kept changing; reload and try again.", code="invalid_transition")


def _conference(slug: str, fresh: bool = False) -> Conference:
    from .conferences import get_conference

    conference = get_conference(slug, fresh=fresh)
    if conference is None:
        raise NotFound("No such conference.")
    return conference


def budget_guard(conference: Conference, deltas: dict[str, int]) -> budget_store.BudgetGuard:
    """The budget's conditions for a change with these counter deltas (domain.budget)."""
    return budget_store.guard(conference.slug, conference.grant_budget_cents, conference.overcommit_percent,
                              deltas.get("total_approved_cents", 0))


def over_budget(conf: str, guard: budget_store.BudgetGuard) -> Conflict:
    """409 over_budget, saying how much was needed and how much is left (the counters read
    after the refusal, for the words only: the refusal itself was the write's condition)."""
    committed = store.read_stats(conf).total_approved_cents
    return Conflict(budget_rules.over_budget_message(committed, guard.increase, guard.limit or 0), code="over_budget")


class OfferDeadline(NamedTuple):
    """The deadline a review gives an offer, and the conference settings it needs."""

    deadline: str | None
    reminder_days: int
    timezone: str
    now: str


def ensure_deadline_day(chosen: date, conference: Conference, now: str | None = None) -> None:
    """A deadline a reviewer chose is a day that has not passed in the conference's timezone (else 422)."""
    problem = deadline_rules.chosen_day_problem(chosen, now or now_iso(), conference.timezone)
    if problem:
        raise field_error("respond_by", problem)


def offer_deadline(conference: Conference, grant: store.GrantRecord, body: Any, given: set[str],
                   now: str) -> OfferDeadline | None:
    """The deadline of a review that makes (or re-dates) an offer; None when it does neither."""
    target = body.status if "status" in given else grant.status
    chosen = getattr(body, "respond_by", None) if "respond_by" in given else None
    if chosen is not None and target != rules.OFFERED:
        raise field_error("respond_by", "is the deadline of an offer: give it with status offered")
    if target != rules.OFFERED or (grant.status == rules.OFFERED and chosen is None):
        return None
    if chosen is not None:
        ensure_deadline_day(chosen, conference, now)
    deadline = deadline_rules.respond_by(now, conference.offer_response_days, conference.timezone, chosen)
    return OfferDeadline(deadline, conference.offer_reminder_days, conference.timezone, now)


def _plan(grant: store.GrantRecord, reviewer: Any, body: Any, given: set[str],
          max_cents: int | None = None, deadline: OfferDeadline | None = None,
          ) -> tuple[dict[str, Any], dict[str, int], dict[str, Any], list[store.NewMessage]]:
    """Decide the attribute changes, counter deltas, audit details and messages of a review."""
    status = grant.status
    target = body.status if "status" in given else status
    if target != status and not rules.reviewer_can_move(status, target):
        raise Conflict(f"A reviewer cannot move a grant from {status} to {target}.", code="invalid_transition")
    old_approved = grant.approved_cents
    new_approved = old_approved
    if "approved_amount" in given:
        new_approved = None if body.approved_amount is None else to_cents(body.approved_amount)
        if new_approved != old_approved and rules.amount_locked(status):
            raise Conflict(f"The approved amount cannot change once the grant is {status}.", code="invalid_state")
    question = (body.message or "").strip() if "message" in given else ""
    if rules.needs_question(status, target) and not question:
        raise field_error("message", "ask the applicant your question: it is what they answer")
    if "approved_amount" in given or target != status:
        problem = rules.approved_amount_problem(target, grant.request_type, new_approved,
                                                max_cents if max_cents is not None else 10**15)
        if problem:
            raise field_error("approved_amount", problem)
    changes: dict[str, Any] = {}
    details: dict[str, Any] = {}
    if target != status:
        changes["status"] = target
        details["status"] = {"from": status, "to": target}
    if new_approved != old_approved:
        changes["approved_cents"] = new_approved
        details["approved_cents"] = {"from": old_approved, "to": new_approved}
    for name in ("promo_code", "reviewer_notes"):
        if name in given:
            value = getattr(body, name) or None
            old = getattr(grant, name)
            if value != old:
                changes[name] = value
                details[name] = "changed" if name == "reviewer_notes" else {"from": old, "to": value}
    requested = grant.requested_cents
    deltas = rules.stats_deltas((status, requested, old_approved or 0), (target, requested, new_approved or 0))
    messages = []
    if deadline is not None:
        changes.update(deadline_store.offer_changes(grant.conference_slug or "", grant.grant_id, deadline.deadline,
                                                    deadline.reminder_days, deadline.now))
        details["respond_by"] = deadline.deadline
    # Written in the applicant's language: they read these on their grant page.
    says = grant_messages.status_change(target, grant.locale, new_approved, deadline.deadline if deadline else None,
                                        deadline.timezone if deadline else "UTC") if target != status else None
    if says:
        messages.append(new_message("reviewer", reviewer, says))
    elif deadline is not None and deadline.deadline:
        messages.append(new_message("reviewer", reviewer, grant_messages.deadline_changed(
            deadline.deadline, deadline.timezone, grant.locale)))
    if rules.offer_amount_changed(status, target, old_approved, new_approved):
        messages.append(new_message("reviewer", reviewer, grant_messages.amount_changed(
            new_approved or 0, old_approved or 0, grant.locale)))
    if rules.needs_question(status, target):
        changes["info_question"] = question
    if question:
        messages.append(new_message("reviewer", reviewer, question))
        details["message"] = True
    note = (body.note or "").strip() if "note" in given else ""
    if note:  # an entry of its own, signed and dated: a stale save re-applied adds it, never overwrites one
        messages.append(new_message("reviewer", reviewer, note, visible=False))
        details["note"] = True
    return changes, deltas, details, messages


def post_message(conf: str, grant_id: str, reviewer: Any, text: str, visible: bool) -> dict[str, Any]:
    """A reviewer message (visible) or internal note (not visible), one guarded request."""
    _check_ids(conf, grant_id)
    try:
        stored = store.put_message(conf, grant_id, new_message("reviewer", reviewer, text, visible=visible))
    except store.WriteRefused:
        raise not_found() from None
    except store.TooManyMessages:
        from .grants import too_many_messages

        raise too_many_messages() from None
    return reviewer_message(stored)
