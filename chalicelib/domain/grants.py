"""Travel grant rules that need no AWS: statuses, who may move a grant where, what the
applicant may do next (`actions`), and the cross-field rules of an application.

The store makes every transition conditional on the status it starts from, so these
tables decide what is *allowed*; the database decides what *happened* under concurrency.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple


class GrantStatus(StrEnum):
    """Every status a grant can be in, in the order people read them (filter bar, stats).

    The one list: the API's `GrantStatus` literal (and so the OpenAPI enum and the web
    app's types), the stats item's counters and `GrantStats` derive from it
    (tests/unit/test_status_names.py proves they agree).
    """

    SUBMITTED = "submitted"
    INFO_NEEDED = "info_needed"
    OFFERED = "offered"
    NEED_MORE = "need_more"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    DISBURSED = "disbursed"
    #: On the grant waitlist (offered when money frees up).
    WAITLISTED = "waitlisted"
    #: An offer left unanswered past its deadline.
    EXPIRED = "expired"


SUBMITTED, INFO_NEEDED, OFFERED, NEED_MORE = (GrantStatus.SUBMITTED, GrantStatus.INFO_NEEDED, GrantStatus.OFFERED,
                                              GrantStatus.NEED_MORE)
ACCEPTED, REJECTED, DECLINED = GrantStatus.ACCEPTED, GrantStatus.REJECTED, GrantStatus.DECLINED
WITHDRAWN, DISBURSED = GrantStatus.WITHDRAWN, GrantStatus.DISBURSED
WAITLISTED, EXPIRED = GrantStatus.WAITLISTED, GrantStatus.EXPIRED
#: The status names as plain strings, in GrantStatus order.
STATUSES: tuple[str, ...] = tuple(s.value for s in GrantStatus)

TICKET_ONLY, TICKET_AND_GRANT = "ticket_only", "ticket_and_grant"
REQUEST_TYPES = (TICKET_ONLY, TICKET_AND_GRANT)
APPLICATION_TYPES = ("general", "staff", "speaker", "core_dev", "psf_board", "community", "education",
                     "pyladies", "other")
EXPERIENCE_LEVELS = ("beginner", "intermediate", "expert")

#: Statuses whose approved amount is money the conference has promised (offers still
#: open, offers the applicant is renegotiating, accepted and paid grants). It feeds
#: `stats.total_approved` and `budget.committed`; rejected, declined and withdrawn grants
#: drop out, so the budget's `remaining` is what reviewers can still offer.
COMMITTED_STATUSES = frozenset({OFFERED, NEED_MORE, ACCEPTED, DISBURSED})

#: Statuses in which the applicant may still edit or withdraw the application.
EDITABLE_STATUSES = frozenset({SUBMITTED, INFO_NEEDED})
#: Statuses the applicant may withdraw from: an application still open, a place on the
#: waitlist, or an accepted grant not yet paid (a refused visa: its money returns to the budget,
#: its receipts and payment details stay for the record).
WITHDRAWABLE_STATUSES = EDITABLE_STATUSES | {WAITLISTED, ACCEPTED}
#: Applicant actions that answer an offer: refused after its deadline (domain.deadlines).
OFFER_ANSWERS = frozenset({"accept", "decline", "request-more"})


# Each rule below comes in both its forms, side by side: the predicate the services and the
# answers use, and the DynamoDB condition the store sends with the write it guards. A
# condition takes the store's grant model (`store.grants.GrantItem`, passed in so this module
# needs no store import) and is built from the same names as its predicate.


def readiness_problem(status: str, has_payment_info: bool, approved_receipts: int) -> str | None:
    """Why a grant is not ready for disbursement, in the payer's words (None: it is ready)."""
    if status != ACCEPTED:
        return f"Only an accepted grant can be disbursed (this one is {status})."
    if not has_payment_info:
        return "The applicant has not entered payment details yet."
    if approved_receipts <= 0:
        return "No receipt of this grant has been approved yet."
    return None


def ready_for_disbursement(status: str, has_payment_info: bool, approved_receipts: int) -> bool:
    """The one readiness rule: accepted, payment details given, at least one approved receipt."""
    return readiness_problem(status, has_payment_info, approved_receipts) is None


def ready_condition(grant: Any) -> Any:
    """`ready_for_disbursement` on the facts kept on the grant item."""
    return (grant.status == ACCEPTED) & (grant.has_payment_info == True) & (grant.approved_receipts > 0)  # noqa: E712


def paid_by(disbursed_by: str | None, sub: str) -> bool:
    """The grant was disbursed by `sub` (their record of the payment)."""
    return bool(disbursed_by) and disbursed_by == sub


def paid_by_condition(grant: Any, sub: str) -> Any:
    return grant.disbursed_by == sub


def _(message: str) -> str:
    """Marks what the applicant reads for the catalogs (`make messages`); translated where it is shown."""
    return message


class ApplicantAction(NamedTuple):
    name: str
    sources: frozenset[str]
    target: str
    message: str  # the visible message added when the applicant gives none (as reviewers read it)
    own_message: str = ""  # the same, as the applicant reads it on their own grant


APPLICANT_ACTIONS: dict[str, ApplicantAction] = {
    a.name: a
    for a in (
        ApplicantAction("accept", frozenset({OFFERED}), ACCEPTED, "The applicant accepted the offer.",
                        _("You accepted the offer.")),
        ApplicantAction("decline", frozenset({OFFERED}), DECLINED, "The applicant declined the offer.",
                        _("You declined the offer.")),
        ApplicantAction("withdraw", WITHDRAWABLE_STATUSES, WITHDRAWN, "The applicant withdrew the application.",
                        _("You withdrew your application.")),
        ApplicantAction("provide-info", frozenset({INFO_NEEDED}), SUBMITTED, "The applicant provided more information.",
                        _("You provided more information.")),
        ApplicantAction("request-more", frozenset({OFFERED}), NEED_MORE, "The applicant asked for a larger grant.",
                        _("You asked for a larger grant.")),
    )
}

#: How an edit is recorded (reviewers' wording) and shown to the applicant, with the fields changed.
EDIT_MESSAGE = "The applicant changed the application: "
OWN_EDIT_MESSAGE = "You changed your application: "
#: Withdrawing an accepted grant says more than withdrawing an application (reviewers' wording, applicant's).
WITHDRAW_ACCEPTED_MESSAGE = "The applicant can no longer attend and withdrew the accepted grant."
OWN_WITHDRAW_ACCEPTED_MESSAGE = _("You told us you can no longer attend and withdrew your accepted grant.")
#: Fixed reviewers' wordings in grants' histories and how the applicant reads them.
_LEGACY_OWN = {"The applicant updated the application.": _("You updated your application."),
               WITHDRAW_ACCEPTED_MESSAGE: OWN_WITHDRAW_ACCEPTED_MESSAGE}
#: Every fixed sentence the applicant reads about their own action (the catalogs translate them).
_OWN_SENTENCES = frozenset({a.own_message for a in APPLICANT_ACTIONS.values()} | set(_LEGACY_OWN.values()))
#: Field names as people read them in the edit message.
FIELD_LABELS = {
    "travel_plans_airfare_description": "airfare description", "travel_plans_airfare_amount": "airfare amount",
    "travel_plans_lodging_description": "lodging description", "travel_plans_lodging_amount": "lodging amount",
    "days_attending": "days attending", "first_time": "first time", "travel_from": "travelling from",
}


def edit_message(changed: Collection[str]) -> str:
    """`The applicant changed the application: reason, requested amount.` (reviewers' wording)."""
    return EDIT_MESSAGE + ", ".join(FIELD_LABELS.get(n, n.replace("_", " ")) for n in changed) + "."


def as_applicant_reads_it(author: str, message: str) -> str:
    """What the applicant sees for a message the system wrote about their own action:
    "You accepted the offer." rather than "The applicant accepted the offer."."""
    if author != "applicant":
        return message
    own = {a.message: a.own_message for a in APPLICANT_ACTIONS.values()}
    if message in own:
        return own[message]
    if message in _LEGACY_OWN:
        return _LEGACY_OWN[message]
    if message.startswith(EDIT_MESSAGE):
        return OWN_EDIT_MESSAGE + message[len(EDIT_MESSAGE):]
    return message


def own_words(author: str, message: str) -> bool:
    """True when `message` is one of the fixed sentences the system wrote for the applicant's own action
    (so it may be shown in their language), not words a person wrote."""
    return author == "applicant" and as_applicant_reads_it(author, message) in _OWN_SENTENCES

#: Reviewer transitions (from -> allowed targets). Anything else is `invalid_transition`.
REVIEWER_TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({INFO_NEEDED, OFFERED, REJECTED, WAITLISTED}),
    INFO_NEEDED: frozenset({OFFERED, REJECTED, WAITLISTED}),
    NEED_MORE: frozenset({OFFERED, REJECTED}),
    OFFERED: frozenset({REJECTED}),
    WAITLISTED: frozenset({OFFERED, REJECTED}),
    EXPIRED: frozenset({OFFERED}),  # a new offer, with a new deadline
}

#: Status changes that e-mail the applicant (see events/notifications.py).
NOTIFY_STATUSES = frozenset({OFFERED, REJECTED, INFO_NEEDED, DISBURSED, WAITLISTED, EXPIRED})

#: Open offers: the applicant is deciding on an amount, so a ticket-and-grant offer must carry one.
OPEN_OFFER_STATUSES = frozenset({OFFERED, NEED_MORE})


def approved_amount_problem(status: str, request_type: str, approved_cents: int | None,
                            max_cents: int) -> str | None:
    """Why `approved_cents` cannot be a grant's amount in `status`, or None.

    Never above the conference's maximum grant; an open ticket-and-grant offer always holds
    an amount above zero (an accepted grant with none could never receive receipts). The
    review write is guarded by the version it read, so the status judged here is the one
    the write changes.
    """
    if approved_cents is not None and approved_cents > max_cents:
        return f"must not exceed the maximum grant of {max_cents / 100:.2f}"
    if status in OPEN_OFFER_STATUSES and request_type == TICKET_AND_GRANT and not (approved_cents or 0) > 0:
        return "must be greater than 0 while a ticket and grant request is offered"
    return None


def offer_amount_changed(old_status: str | None, new_status: str | None, old_cents: int | None,
                         new_cents: int | None) -> bool:
    """An offer that stayed open while its amount changed (it is e-mailed, see notifications)."""
    return old_status == new_status == OFFERED and (old_cents or 0) != (new_cents or 0)


def reviewer_can_move(source: str, target: str) -> bool:
    return target in REVIEWER_TRANSITIONS.get(source, frozenset())


def reviewer_transitions(status: str) -> list[str]:
    """The statuses a reviewer may move a grant to from `status`, in GrantStatus order (the
    reviewer answers' `transitions`: the web app offers these and knows no state machine)."""
    allowed = REVIEWER_TRANSITIONS.get(status, frozenset())
    return [s.value for s in GrantStatus if s in allowed]


def needs_question(source: str, target: str) -> bool:
    """Moving a grant to info_needed needs the reviewers' question (the visible message the
    applicant answers with provide-info)."""
    return target == INFO_NEEDED and target != source


def applicant_can(action: str, status: str) -> bool:
    spec = APPLICANT_ACTIONS.get(action)
    return spec is not None and status in spec.sources


def still_in(grant: Any, status: str | Collection[str]) -> Any:
    """The condition of every transition: the grant is still in the status it was judged in
    (`reviewer_can_move` / `applicant_can` judged the move from that status), or in one of them."""
    if isinstance(status, str):
        return grant.status == status
    return grant.status.is_in(*sorted(status))


def receipts_open(status: str, approved_cents: int | None) -> bool:
    """Receipts and payment info are for accepted grants that carry money."""
    return status == ACCEPTED and (approved_cents or 0) > 0


def receipts_open_condition(grant: Any) -> Any:
    """`receipts_open` as the condition on the grant item of a receipt or payment-details write."""
    return (grant.status == ACCEPTED) & (grant.approved_cents > 0)


def receipts_readable(status: str, approved_cents: int | None) -> bool:
    """The applicant's receipt list stays readable after the payout (their record of it)."""
    return receipts_open(status, approved_cents) or status == DISBURSED


#: The applicant agreed to (or was paid) this amount: reviewers may no longer change it.
LOCKED_AMOUNT_STATUSES = frozenset({ACCEPTED, DISBURSED})


def amount_locked(status: str) -> bool:
    """Reviewers may not change the amount of a grant in `status`. The review write is guarded
    by the status it read (`still_in`) and its version, so the status judged here holds."""
    return status in LOCKED_AMOUNT_STATUSES


#: Review fields a reviewer may always send: the promo code, an internal note, a message.
_ALWAYS_EDITABLE = ("promo_code", "note", "message")


def reviewer_editable_fields(status: str) -> list[str]:
    """The reviewer PATCH fields that can still change a grant in `status` (the web form shows
    these and nothing else): a decision only where a transition exists, the amount only while
    `amount_locked` does not hold, the deadline only where an offer is (or can be) open."""
    fields = []
    transitions = REVIEWER_TRANSITIONS.get(status, frozenset())
    if transitions:
        fields.append("status")
    if not amount_locked(status):
        fields.append("approved_amount")
    if status == OFFERED or OFFERED in transitions:
        fields.append("respond_by")
    return [*fields, *_ALWAYS_EDITABLE]


def actions_for(status: str, approved_cents: int | None) -> dict[str, bool]:
    """What the applicant's UI may offer now; the server re-checks each one."""
    money = receipts_open(status, approved_cents)
    return {
        "edit": status in EDITABLE_STATUSES,
        "withdraw": applicant_can("withdraw", status),
        "accept": applicant_can("accept", status),
        "decline": applicant_can("decline", status),
        "request_more": applicant_can("request-more", status),
        "provide_info": applicant_can("provide-info", status),
        "upload_receipts": money,
        "payment_info": money,
    }


def payout_suggestion_cents(approved_cents: int | None, approved_receipts_cents: int) -> int:
    """What a payout should be: the offer, but no more than the receipts reviewers approved.
    Paying more needs a stated reason (services.disbursement)."""
    return min(int(approved_cents or 0), int(approved_receipts_cents))


def committed_cents(status: str, approved_cents: int | None) -> int:
    return int(approved_cents or 0) if status in COMMITTED_STATUSES else 0


def stats_deltas(before: tuple[str, int, int] | None, after: tuple[str, int, int] | None) -> dict[str, int]:
    """Counter changes for one grant going from `before` to `after`.

    Each side is (status, requested_cents, approved_cents), None for "did not exist".
    Keys match the stats item (see store.grants.add_stats_update); zero deltas are dropped.
    """
    deltas: dict[str, int] = {}

    def add(key: str, value: int) -> None:
        if value:
            deltas[key] = deltas.get(key, 0) + value

    for sign, side in ((-1, before), (1, after)):
        if side is None:
            continue
        status, requested, approved = side
        add("total", sign)
        add(status, sign)
        add("total_requested_cents", sign * int(requested or 0))
        add("total_approved_cents", sign * committed_cents(status, approved))
    return {k: v for k, v in deltas.items() if v}


def disbursement_deltas(requested_cents: int, approved_cents: int, disbursed_cents: int) -> dict[str, int]:
    """Counter changes of paying an accepted grant: accepted -> disbursed, plus the money paid."""
    deltas = stats_deltas((ACCEPTED, requested_cents, approved_cents), (DISBURSED, requested_cents, approved_cents))
    if disbursed_cents:
        deltas["total_disbursed_cents"] = deltas.get("total_disbursed_cents", 0) + disbursed_cents
    return deltas


def budget_view(budget: Decimal | None, committed: Decimal, disbursed: Decimal,
                limit: Decimal | None = None) -> dict[str, Decimal] | None:
    """`remaining` = budget - committed (disbursed grants are part of committed); `limit` is
    what offers may commit (domain.budget.limit_cents: the budget plus any over-commitment)."""
    if budget is None:
        return None
    return {"budget": budget, "committed": committed, "disbursed": disbursed, "remaining": budget - committed,
            "limit": budget if limit is None else limit}


def application_problems(values: Mapping[str, Any], max_grant: Decimal, day_values: Collection[str]) -> dict[str, list[str]]:
    """Cross-field rules of a complete application (types and required fields are checked by the API model).

    `values` holds the application fields with money as Decimal. Returns {field: [messages]}.
    """
    problems: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    zero = Decimal("0")
    if values.get("request_type") == TICKET_AND_GRANT:
        requested = values.get("requested_amount") or zero
        if requested < 1:
            fail("requested_amount", "must be at least 1.00 for a ticket and grant request")
        elif requested > max_grant:
            fail("requested_amount", f"must not exceed the maximum grant of {max_grant:.2f}")
    # An amount without a description cannot be reviewed, whatever the request type.
    if (values.get("travel_plans_airfare_amount") or zero) > 0 and not (values.get("travel_plans_airfare_description") or "").strip():
        fail("travel_plans_airfare_description", "describe the airfare when you give an airfare amount")
    if (values.get("travel_plans_lodging_amount") or zero) > 0 and not (values.get("travel_plans_lodging_description") or "").strip():
        fail("travel_plans_lodging_description", "describe the lodging when you give a lodging amount")
    offered = set(day_values)
    unknown = [d for d in values.get("days_attending") or [] if d not in offered]
    if unknown:
        fail("days_attending", f"not a day of this conference: {', '.join(sorted(set(unknown)))}")
    return problems
