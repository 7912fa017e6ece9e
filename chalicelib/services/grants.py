"""Applicant use cases: day choices, apply, status view, edit, actions, messages.

Each use case reads at most the grant's partition (one Query) and writes with ONE
TransactWriteItems that carries the status/version guard, the stats counters, the audit
entry and the visible message together. Responses are computed from what was read plus
what was written, so no read follows the write.

Integration points (receipts issue): `get_grant_for_user`, `get_grant`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from ..domain import days as day_rules
from ..domain import deadlines as deadline_rules
from ..domain import grants as rules
from ..domain import locale as locale_rules
from ..domain import tickets as ticket_rules
from ..domain.conference import Conference
from ..domain.money import cents_to_str, from_cents, money_words, to_cents
from ..errors import Conflict, NotFound, ValidationFailed
from ..store import grants as store
from ..store import schedule
from ..store.base import now_iso, public_timestamp
from ..store.keys import grant_id_for
from . import grant_messages

MONEY_FIELDS = ("travel_plans_airfare_amount", "travel_plans_lodging_amount", "requested_amount")
REQUIRED_FIELDS = ("travel_from", "experience_level", "occupation", "involvement", "reason")
#: Application fields kept in the grant's `application` map (money in cents).
APPLICATION_FIELDS = (
    "request_type", "application_type", "travel_from", "international", "first_time", "days_attending",
    "travel_plans_airfare_description", "travel_plans_airfare_amount", "travel_plans_lodging_description",
    "travel_plans_lodging_amount", "requested_amount", "sharing_expenses", "traveling_with", "experience_level",
    "occupation", "involvement", "reason",
)
ATTEMPTS = 3


class _Lost(Exception):
    """Another writer changed the grant between our read and our write: read again."""


def no_grant() -> NotFound:
    return NotFound("You have not applied for a travel grant for this conference.", code="no_grant")


def too_many_messages() -> Conflict:
    return Conflict(f"This grant holds as many messages as it can ({store.MAX_MESSAGES_PER_GRANT}, or their total "
                    "size); write to the travel grants team another way.", code="too_many_messages")


def invalid_state(status: str) -> Conflict:
    return Conflict(f"This is not possible while the grant is {status}.", code="invalid_state")


# -- reads -------------------------------------------------------------------------------

def get_grant(conf: str, grant_id: str) -> store.GrantRecord | None:
    """The grant or None. One Query."""
    return store.read_partition(conf, grant_id, grant_and_messages_only=True).grant


def get_grant_for_user(conf: str, sub: str) -> store.GrantRecord | None:
    return get_grant(conf, grant_id_for(conf, sub))


def _load_for_user(conf: str, sub: str) -> tuple[store.GrantRecord, list[store.GrantMessage]]:
    part = store.read_partition(conf, grant_id_for(conf, sub), grant_and_messages_only=True)
    if part.grant is None:
        raise no_grant()
    return part.grant, part.messages


# -- views -------------------------------------------------------------------------------

def application_view(grant: store.GrantRecord) -> dict[str, Any]:
    """The application fields and decisions shared by the applicant and reviewer views."""
    app = grant.application
    airfare = int(app.get("travel_plans_airfare_amount") or 0)
    lodging = int(app.get("travel_plans_lodging_amount") or 0)
    view: dict[str, Any] = {
        "id": grant.grant_id,
        "status": grant.status,
        "request_type": grant.request_type or app.get("request_type"),
        "application_type": app.get("application_type", "general"),
        "travel_from": app.get("travel_from", ""),
        "international": bool(app.get("international", False)),
        "first_time": app.get("first_time"),
        "days_attending": list(app.get("days_attending") or []),
        "travel_plans_airfare_description": app.get("travel_plans_airfare_description", ""),
        "travel_plans_airfare_amount": cents_to_str(airfare),
        "travel_plans_lodging_description": app.get("travel_plans_lodging_description", ""),
        "travel_plans_lodging_amount": cents_to_str(lodging),
        # The application's amount (kept while the request is ticket_only), else the grant's.
        "requested_amount": cents_to_str(int(app.get("requested_amount", grant.requested_cents) or 0)),
        "sharing_expenses": bool(app.get("sharing_expenses", False)),
        "traveling_with": app.get("traveling_with", ""),
        "experience_level": app.get("experience_level"),
        "occupation": app.get("occupation", ""),
        "involvement": app.get("involvement", ""),
        "reason": app.get("reason", ""),
        "approved_amount": cents_to_str(grant.approved_cents),
        # The voucher's code once pretix issued it (the reviewer's own code otherwise).
        "promo_code": grant.ticket_code if grant.ticket_status in ticket_rules.SHOWN_CODE else grant.promo_code,
        "ticket": ticket_view(grant),
        # The reviewers' open question (what provide-info answers), shown above the answer box.
        "question": grant.info_question if grant.status == rules.INFO_NEEDED else None,
        "travel_plans_total": cents_to_str(airfare + lodging),
        "respond_by": public_timestamp(grant.respond_by),
        "created_at": public_timestamp(grant.created_at),
        "updated_at": public_timestamp(grant.updated_at),
    }
    return view


def ticket_view(grant: store.GrantRecord) -> dict[str, Any] | None:
    """The conference ticket (a pretix voucher); None when the grant never owed one."""
    if not grant.ticket_status:
        return None
    shown = grant.ticket_status in ticket_rules.SHOWN_CODE
    return {"status": grant.ticket_status, "voucher_code": grant.ticket_code if shown else None,
            "shop_url": grant.ticket_shop_url if grant.ticket_status == ticket_rules.ISSUED else None,
            "error": grant.ticket_error if grant.ticket_status == ticket_rules.FAILED else None}


def applicant_message(message: store.GrantMessage, locale: str | None = None) -> dict[str, Any]:
    """A message as the applicant reads it: the system's sentences about their own actions in
    their language (`locale`: the grant's); what people wrote, as they wrote it."""
    text = rules.as_applicant_reads_it(message.author, message.message)
    if rules.own_words(message.author, message.message):
        text = grant_messages.words(locale_rules.supported(locale) or locale_rules.DEFAULT_LOCALE)(text)
    return {"id": message.id, "author": message.author, "message": text,
            "created_at": public_timestamp(message.created_at)}


def applicant_view(grant: store.GrantRecord, messages: list[store.GrantMessage]) -> dict[str, Any]:
    """What the applicant sees: no reviewer notes, no internal messages, plus `actions`."""
    view = application_view(grant)
    view["messages"] = [applicant_message(m, grant.locale) for m in messages if m.visible]
    view["actions"] = rules.actions_for(grant.status, grant.approved_cents)
    view["disbursed_amount"] = cents_to_str(grant.disbursed_cents)
    view["disbursed_at"] = public_timestamp(grant.disbursed_at)
    return view


def new_message(author: str, user: Any, text: str, visible: bool = True) -> store.NewMessage:
    """A message by `user` (an applicant or a reviewer) to be written with a grant change."""
    return store.NewMessage(author=author, author_sub=user.sub, author_name=user.name or "", message=text,
                            visible=visible)


# -- day choices ---------------------------------------------------------------------------

def day_choices(conference: Conference) -> list[day_rules.DayChoice]:
    """Tier 1 from the synced schedule, else tier 2 from the conference's dates and sections."""
    return day_rules.day_choices(schedule.list_slots(conference.slug), conference.timezone,
                                 conference.dates(), conference.sorted_sections())


def application_problems(conference: Conference, values: Mapping[str, Any],
                         kept_days: Collection[str] = ()) -> dict[str, list[str]]:
    """Cross-field rules; `kept_days` (already stored) stay valid even if the schedule moved since."""
    day_values: set[str] = set(kept_days)
    if set(values.get("days_attending") or []) - day_values:
        day_values.update(d.value for d in day_choices(conference))
    return rules.application_problems(values, conference.effective_max_grant_amount, day_values)


def _check_application(conference: Conference, values: Mapping[str, Any], kept_days: Collection[str] = ()) -> None:
    problems = application_problems(conference, values, kept_days)
    if problems:
        raise ValidationFailed(problems)


def requested_cents(request_type: str, application: Mapping[str, Any]) -> int:
    """What the grant asks for: the requested amount for ticket_and_grant, nothing for a ticket only.

    The application keeps the amount either way, so switching back restores it.
    """
    return int(application.get("requested_amount") or 0) if request_type == rules.TICKET_AND_GRANT else 0


def _stored_application(values: Mapping[str, Any]) -> dict[str, Any]:
    stored = {}
    for name in APPLICATION_FIELDS:
        value = values.get(name)
        if name in MONEY_FIELDS:
            value = to_cents(value or Decimal("0"))
        elif name == "days_attending":
            value = sorted(set(value or []))
        stored[name] = value
    return stored


def _decimal_application(app: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: app.get(name) for name in APPLICATION_FIELDS}
    for name in MONEY_FIELDS:
        values[name] = from_cents(int(app.get(name) or 0))
    return values


# -- apply ----------------------------------------------------------------------------------

def apply(conference: Conference, user: Any, body: Any) -> dict[str, Any]:
    """Create the user's one grant: a put that only succeeds if the key is free (409 grant_exists)."""
    values = {name: getattr(body, name) for name in type(body).model_fields}
    _check_application(conference, values)
    application = _stored_application(values)  # amounts kept as given, whatever the request type
    requested = requested_cents(values["request_type"], application)
    grant_id = grant_id_for(conference.slug, user.sub)
    item = store.new_grant_item(conference.slug, grant_id, {
        "status": rules.SUBMITTED, "request_type": values["request_type"], "application": application,
        "requested_cents": requested, "user_sub": user.sub, "user_email": user.email or "",
        "user_email_verified": bool(user.email and user.email_verified), "user_name": user.name or "",
        "locale": locale_rules.stored(user.locale, conference.default_locale),
    })
    try:
        store.create(item, rules.stats_deltas(None, (rules.SUBMITTED, requested, 0)))
    except store.GrantExists:
        raise Conflict("You have already applied for a travel grant for this conference.",
                       code="grant_exists") from None
    return applicant_view(store.GrantRecord.from_model(item), [])


def status_view(conf: str, user: Any) -> dict[str, Any]:
    grant, messages = _load_for_user(conf, user.sub)
    return applicant_view(grant, messages)


# -- edit -----------------------------------------------------------------------------------

def edit_problems(conference: Conference, user: Any, given: Mapping[str, Any]) -> dict[str, list[str]]:
    """The cross-field rules of an edit whose body also has type errors: the fields that parsed,
    merged onto the stored application (one read, on this error path only)."""
    grant = get_grant_for_user(conference.slug, user.sub)
    if grant is None:
        return {}
    stored = grant.application
    values = {**_decimal_application(stored), **{k: v for k, v in given.items() if v is not None}}
    values["request_type"] = values.get("request_type") or grant.request_type
    return application_problems(conference, values, kept_days=stored.get("days_attending") or ())


def edit(conference: Conference, user: Any, body: Any) -> dict[str, Any]:
    """Change application fields while the grant is submitted or info_needed."""
    provided = {name: getattr(body, name) for name in body.model_fields_set}
    missing = {name: ["This field is required."] for name in REQUIRED_FIELDS if name in provided and provided[name] is None}
    for name in ("request_type", "application_type", "international", "sharing_expenses", "days_attending",
                 *MONEY_FIELDS):
        if name in provided and provided[name] is None:
            missing[name] = ["must not be null"]
    if missing:
        raise ValidationFailed(missing)
    for name in ("travel_plans_airfare_description", "travel_plans_lodging_description", "traveling_with"):
        if name in provided and provided[name] is None:
            provided[name] = ""  # optional text: null clears it
    for _ in range(ATTEMPTS):
        grant, messages = _load_for_user(conference.slug, user.sub)
        if grant.status not in rules.EDITABLE_STATUSES:
            raise invalid_state(grant.status)
        values = {**_decimal_application(grant.application), **provided}
        values["request_type"] = values.get("request_type") or grant.request_type
        _check_application(conference, values, kept_days=grant.application.get("days_attending") or ())
        application = _stored_application(values)  # switching to ticket_only keeps the amounts
        requested = requested_cents(values["request_type"], application)
        old_requested = grant.requested_cents
        changes = {"application": application, "request_type": values["request_type"], "requested_cents": requested,
                   **_locale_change(grant, user)}
        deltas = {"total_requested_cents": requested - old_requested} if requested != old_requested else {}
        old_application = _stored_application(_decimal_application(grant.application))
        old_application["request_type"] = grant.request_type
        changed = [n for n in APPLICATION_FIELDS if n in provided and application.get(n) != old_application.get(n)]
        new_messages = [new_message("applicant", user, rules.edit_message(changed))] if changed else []
        try:
            return _write(conference.slug, grant, messages, changes, deltas, user, "edit",
                          {"fields": sorted(changed)}, new_messages)
        except _Lost:
            continue
    raise invalid_state("being changed by someone else")


def _write(conf: str, grant: store.GrantRecord, messages: list[store.GrantMessage], changes: dict[str, Any],
           deltas: dict[str, int], user: Any, action: str, details: dict[str, Any],
           new_messages: list[store.NewMessage], condition: Any = None, now: str | None = None) -> dict[str, Any]:
    """One guarded write (status and version as read, and `condition`); the applicant view of the result."""
    now = now or now_iso()
    try:
        written = store.update(conf, grant.grant_id, expected_status=grant.status, expected_version=grant.version,
                     changes=changes, deltas=deltas, actor_sub=user.sub, audit_action=action, audit_details=details,
                     messages=new_messages, now=now, actor_name=user.name, condition=condition)
    except store.WriteRefused:
        raise _Lost() from None
    return applicant_view(grant.after_write(changes, now), messages + written)


# -- actions ----------------------------------------------------------------------------------

def _locale_change(grant: store.GrantRecord, user: Any) -> dict[str, str]:
    """The applicant's language as this request resolved it, when it differs from the kept one."""
    chosen = locale_rules.supported(getattr(user, "locale", ""))
    return {"locale": chosen} if chosen and chosen != grant.locale else {}


def offer_changed(current_cents: int | None) -> Conflict:
    now = money_words(current_cents) if current_cents else "no amount"
    return Conflict(f"The offer changed: it is now {now}. Read it again before you accept.", code="offer_changed")


def offer_expired(grant: store.GrantRecord, timezone: str) -> Conflict:
    day = deadline_rules.day_words(grant.respond_by, timezone) if grant.respond_by else "its deadline"
    return Conflict(f"This offer expired at the end of {day}: it can no longer be accepted, declined or changed. "
                    "Write to the reviewers from your grant page if you still need a grant.", code="offer_expired")


def act(conference: Conference, user: Any, action: str, message: str | None = None,
        amount: Decimal | None = None) -> dict[str, Any]:
    """accept | decline | withdraw | provide-info | request-more, guarded by the current status.

    `amount` is the new requested amount of request-more, or for accept the amount the
    applicant saw: the accept's write is then conditional on the grant still holding it.
    """
    spec = rules.APPLICANT_ACTIONS[action]
    seen_cents = to_cents(amount) if action == "accept" and amount is not None else None
    if action == "request-more" and amount is not None:
        if amount > conference.effective_max_grant_amount:
            raise ValidationFailed({"amount": [f"must not exceed the maximum grant of "
                                               f"{conference.effective_max_grant_amount:.2f}"]})
        if amount < 1:
            raise ValidationFailed({"amount": ["must be at least 1.00"]})
    for _ in range(ATTEMPTS):
        grant, messages = _load_for_user(conference.slug, user.sub)
        now = now_iso()  # the request's time: the offer's deadline is judged against it, in the write too
        answers_offer = action in rules.OFFER_ANSWERS
        if answers_offer and grant.status == rules.OFFERED and not deadline_rules.offer_open(grant.respond_by, now):
            raise offer_expired(grant, conference.timezone)
        if grant.status not in spec.sources:
            if grant.status == rules.EXPIRED and answers_offer:
                raise offer_expired(grant, conference.timezone)
            raise invalid_state(grant.status)
        if seen_cents is not None and (grant.approved_cents or 0) != seen_cents:
            raise offer_changed(grant.approved_cents)
        changes: dict[str, Any] = {"status": spec.target, **_locale_change(grant, user)}
        approved = grant.approved_cents or 0
        requested = grant.requested_cents
        new_requested = requested
        details: dict[str, Any] = {"from": grant.status, "to": spec.target}
        if action == "request-more" and amount is not None:
            new_requested = to_cents(amount)
            changes["requested_cents"] = new_requested
            changes["application"] = {**grant.application, "requested_amount": new_requested}
            details["requested_cents"] = {"from": requested, "to": new_requested}
        if action == "provide-info":
            changes["info_question"] = None  # answered
        if action == "accept":
            details["approved_cents"] = grant.approved_cents
            if conference.pretix is not None:  # in the accept's own write: the voucher is owed from here on
                changes.update(ticket_status=ticket_rules.PENDING, ticket_attempts=0, ticket_error=None)
        deltas = rules.stats_deltas((grant.status, requested, approved), (spec.target, new_requested, approved))
        text = message or spec.message
        if action == "withdraw" and grant.status == rules.ACCEPTED and not message:
            text = rules.WITHDRAW_ACCEPTED_MESSAGE
        if action == "request-more" and amount is not None:
            text = f"{text}\n\nAmount requested: {money_words(new_requested)}"
        # The amount accepted is a condition of the accept itself, not only of the read above.
        condition = store.GrantItem.approved_cents == seen_cents if seen_cents is not None else None
        if answers_offer:
            still_open = deadline_rules.offer_open_condition(store.GrantItem.respond_by, now)
            condition = still_open if condition is None else condition & still_open
        try:
            return _write(conference.slug, grant, messages, changes, deltas, user, action, details,
                          [new_message("applicant", user, text)], condition, now)
        except _Lost:
            continue
    raise invalid_state("being changed by someone else")


def post_message(conf: str, user: Any, text: str) -> dict[str, Any]:
    """A visible applicant message, in one request guarded by the grant's existence."""
    try:
        stored = store.put_message(conf, grant_id_for(conf, user.sub), new_message("applicant", user, text),
                                   locale=locale_rules.supported(user.locale))
    except store.WriteRefused:
        raise no_grant() from None
    except store.TooManyMessages:
        raise too_many_messages() from None
    return applicant_message(stored)
