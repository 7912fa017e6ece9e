"""Conference use cases: read (with deployment defaults applied) and create-or-replace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..config import settings
from ..crypto import seal
from ..domain import locale as locale_rules
from ..domain.conference import Conference, PretalxSettings, PretixSettings, Section, is_valid_slug
from ..domain.deadlines import DEFAULT_REMINDER_DAYS, DEFAULT_RESPONSE_DAYS
from ..domain.money import format_money, from_cents, to_cents
from ..domain.scoring import DEFAULT_SCALE, ReviewSettings
from ..domain.urls import base_url_problem
from ..errors import Conflict, NotFound, ValidationFailed, field_error
from ..store import conferences as store
from ..store.base import public_timestamp


def _to_domain(item: store.ConferenceItem) -> Conference:
    s = settings()
    pretalx = None
    if item.pretalx:
        pretalx = PretalxSettings(
            base_url=item.pretalx["base_url"],
            event_slug=item.pretalx["event_slug"],
            token_envelope=item.pretalx.get("token"),
            per_talk_types=tuple(item.pretalx.get("per_talk_types") or ()),
        )
    pretix = None
    if item.pretix:
        pretix = PretixSettings(base_url=item.pretix["base_url"], organizer=item.pretix["organizer"],
                                event=item.pretix["event"], item_id=None if item.pretix.get("item_id") is None else int(item.pretix["item_id"]),
                                token_envelope=item.pretix.get("token"))
    return Conference(
        slug=item.slug,
        name=item.name,
        start_date=date.fromisoformat(item.start_date),
        end_date=date.fromisoformat(item.end_date),
        timezone=item.timezone or "UTC",
        sections=tuple(
            Section(
                name=sec["name"],
                start_date=date.fromisoformat(sec["start_date"]),
                end_date=date.fromisoformat(sec["end_date"]),
                order=int(sec.get("order", 0)),
            )
            for sec in (item.sections or [])
        ),
        features=dict(item.features or {}),
        feature_defaults=dict(s.feature_defaults),
        max_grant_amount=from_cents(item.max_grant_cents),
        default_max_grant_amount=s.max_grant_amount,
        grant_budget=from_cents(item.grant_budget_cents),
        **_grant_settings(item),
        pretalx=pretalx,
        pretix=pretix,
        review=ReviewSettings(scale=int(item.review_scale or DEFAULT_SCALE), blind=bool(item.review_blind),
                              scoring_open=item.review_scoring_open is not False),
        review_log=tuple(item.review_log or ()),
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _grant_settings(item: store.ConferenceItem) -> dict[str, Any]:
    """The offer, budget and waitlist settings as the domain reads them (absent: defaults)."""
    days = item.offer_response_days
    return {
        "overcommit_percent": int(item.overcommit_percent or 0),
        "offer_response_days": DEFAULT_RESPONSE_DAYS if days is None else (int(days) or None),
        "offer_reminder_days": DEFAULT_REMINDER_DAYS if item.offer_reminder_days is None
        else int(item.offer_reminder_days),
        "auto_offer_waitlist": bool(item.auto_offer_waitlist),
        "default_locale": locale_rules.stored(item.default_locale),
        "reviewers_email": item.reviewers_email or None,
    }


def _grant_setting_values(data: Any) -> dict[str, Any]:
    """The stored attributes of a PUT body's grant settings (defaults stay unset)."""
    days = data.offer_response_days
    return {
        "overcommit_percent": data.overcommit_percent or None,
        "offer_response_days": 0 if days is None else (None if days == DEFAULT_RESPONSE_DAYS else days),
        "offer_reminder_days": None if data.offer_reminder_days == DEFAULT_REMINDER_DAYS else data.offer_reminder_days,
        "auto_offer_waitlist": True if data.auto_offer_waitlist else None,
        "default_locale": None if data.default_locale == locale_rules.DEFAULT_LOCALE else data.default_locale,
        "reviewers_email": data.reviewers_email or None,
    }


def grant_settings_view(conference: Conference) -> dict[str, Any]:
    return {"overcommit_percent": conference.overcommit_percent,
            "offer_response_days": conference.offer_response_days,
            "offer_reminder_days": conference.offer_reminder_days,
            "auto_offer_waitlist": conference.auto_offer_waitlist,
            "reviewers_email": conference.reviewers_email}


def locale_view(conference: Conference) -> dict[str, Any]:
    return {"default_locale": conference.default_locale}


def get_conference(slug: str, *, fresh: bool = False) -> Conference | None:
    """The conference (from this container's short-lived copy unless `fresh`: a strongly
    consistent read, for a read-modify-write)."""
    if not is_valid_slug(slug):
        return None
    item = store.get(slug, max_age=0 if fresh else None)
    return _to_domain(item) if item else None


def list_conferences() -> list[Conference]:
    return [_to_domain(item) for item in store.list_all()]


def pretalx_context(slug: str) -> dict[str, str]:
    """Encryption context binding a sealed Pretalx token to its conference."""
    return {"purpose": "pretalx_token", "conference": slug}


def pretix_context(slug: str) -> dict[str, str]:
    """Encryption context binding a sealed pretix token to its conference."""
    return {"purpose": "pretix_token", "conference": slug}


def pretalx_base_url_problem(url: str) -> str | None:
    """Why a Pretalx (or pretix) base URL cannot be saved: its text, then where its host
    resolves to (the client checks the resolved addresses again when it connects)."""
    from urllib.parse import urlsplit

    from ..netguard import host_problem

    allow_loopback = settings().pretalx_loopback_allowed
    problem = base_url_problem(url, allow_loopback=allow_loopback)
    if problem:
        return problem
    parts = urlsplit(url.strip())
    return host_problem(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80),
                        allow_loopback=allow_loopback)


def settings_values(conference: Conference) -> dict[str, Any]:
    """The conference's stored settings in the shape of a PUT body (JSON values).

    A PATCH is this, overlaid with the fields given, validated again as a whole PUT body:
    so the cross-field rules (dates, sections within them) hold for the result. Settings
    that follow the deployment's defaults stay unset, and the Pretalx token stays sealed
    (a body without `api_token` keeps the stored one).
    """
    pretalx = conference.pretalx
    return {
        "name": conference.name,
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
        "timezone": conference.timezone,
        "sections": [{"name": s.name, "start_date": s.start_date.isoformat(), "end_date": s.end_date.isoformat(),
                      "order": s.order} for s in conference.sorted_sections()],
        "features": dict(conference.features),
        "max_grant_amount": format_money(conference.max_grant_amount),
        "grant_budget": format_money(conference.grant_budget),
        "pretalx": None if pretalx is None else {"base_url": pretalx.base_url, "event_slug": pretalx.event_slug,
                                                 "per_talk_types": list(pretalx.per_talk_types)},
        "pretix": None if conference.pretix is None else {
            "base_url": conference.pretix.base_url, "organizer": conference.pretix.organizer,
            "event": conference.pretix.event, "item_id": conference.pretix.item_id},
        "review": conference.review.as_json(),
        **grant_settings_view(conference),
        **locale_view(conference),
    }


def _review_values(slug: str, review: Any, read: Conference | None, actor: Any) -> dict[str, Any]:
    """The stored `review_*` attributes of a PUT/PATCH body's `review`; opening or closing
    scoring appends to `review_log` (who, when), shown in every grant's audit trail."""
    previous = read if read is not None else get_conference(slug, fresh=True)
    was_open = previous.review.scoring_open if previous is not None else True
    log = list(previous.review_log) if previous is not None else []
    if previous is not None and bool(review.scoring_open) != was_open:
        log.append({"actor_sub": getattr(actor, "sub", "") or "", "actor_name": getattr(actor, "name", "") or None,
                    "scoring_open": bool(review.scoring_open), "at": store.now_iso()})
    return {"review_scale": None if review.scale == DEFAULT_SCALE else review.scale,
            "review_blind": True if review.blind else None,
            "review_scoring_open": None if review.scoring_open else False,
            "review_log": log or None}


def put_conference(slug: str, data: Any, *, expected_updated_at: str | None = None,
                   read: Conference | None = None, actor: Any = None) -> tuple[Conference, bool]:
    """Create or replace a conference from a validated `ConferenceIn`; returns (conference, created).

    `expected_updated_at`: write only if the conference is still as read (PATCH), else
    `store.ChangedMeanwhile`. `read`: the conference as the caller read it; when the write
    is conditioned on its `updated_at`, its sealed Pretalx token is the stored one and is
    kept without reading the item again.
    """
    if not is_valid_slug(slug):
        raise field_error("slug", "must be lowercase letters, digits and single hyphens, at most 100 characters")
    pretalx_value: dict[str, Any] | None = None
    if data.pretalx is not None:
        problem = pretalx_base_url_problem(data.pretalx.base_url)
        if problem:
            raise ValidationFailed({"pretalx.base_url": [problem]})
        pretalx_value = {"base_url": data.pretalx.base_url.strip().rstrip("/"), "event_slug": data.pretalx.event_slug}
        conditioned_on_read = read is not None and expected_updated_at is not None \
            and read.updated_at == expected_updated_at
        if data.pretalx.api_token:
            pretalx_value["token"] = seal({"api_token": data.pretalx.api_token}, pretalx_context(slug))
        else:  # keep the sealed token: it is never sent back to clients
            token = _stored_token(slug, read if conditioned_on_read else None)
            if token:
                pretalx_value["token"] = token
        per_talk = data.pretalx.per_talk_types
        if per_talk is None:  # absent: keep the stored choice (like the token)
            per_talk = list(_stored_per_talk_types(slug, read if conditioned_on_read else None))
        if per_talk:
            pretalx_value["per_talk_types"] = per_talk
    pretix_value = _pretix_value(slug, data, expected_updated_at, read)
    values = {
        "name": data.name,
        "start_date": data.start_date.isoformat(),
        "end_date": data.end_date.isoformat(),
        "timezone": data.timezone,
        "sections": [
            {"name": s.name, "start_date": s.start_date.isoformat(), "end_date": s.end_date.isoformat(), "order": s.order}
            for s in data.sections
        ],
        "features": dict(data.features),
        "max_grant_cents": None if data.max_grant_amount is None else to_cents(data.max_grant_amount),
        "grant_budget_cents": None if data.grant_budget is None else to_cents(data.grant_budget),
        "pretalx": pretalx_value,
        "pretix": pretix_value,
        **_grant_setting_values(data),
        **_review_values(slug, data.review, read if expected_updated_at is not None else None, actor),
    }
    item, created = store.upsert(slug, values, expected_updated_at=expected_updated_at)
    return _to_domain(item), created


def _pretix_value(slug: str, data: Any, expected_updated_at: str | None,
                  read: Conference | None) -> dict[str, Any] | None:
    """The stored `pretix` attribute of a PUT/PATCH body: checked address, sealed token (a body
    without `api_token` keeps the stored one; none stored and none given: 422)."""
    given = data.pretix
    if given is None:
        return None
    problem = pretalx_base_url_problem(given.base_url)
    if problem:
        raise ValidationFailed({"pretix.base_url": [problem]})
    value: dict[str, Any] = {"base_url": given.base_url.strip().rstrip("/"), "organizer": given.organizer,
                             "event": given.event, "item_id": given.item_id}
    if given.api_token:
        value["token"] = seal({"api_token": given.api_token}, pretix_context(slug))
        return value
    if read is not None and expected_updated_at is not None and read.updated_at == expected_updated_at:
        token = read.pretix.token_envelope if read.pretix else None
    else:
        existing = store.get(slug, max_age=0)
        token = existing.pretix.get("token") if existing and existing.pretix else None
    if not token:
        raise ValidationFailed({"pretix.api_token": ["is required: vouchers cannot be made without it"]})
    value["token"] = token
    return value


def _stored_token(slug: str, read: Conference | None) -> str | None:
    """The sealed Pretalx token of the stored conference: from `read` when the write is
    conditioned on it being current, else a strongly consistent read."""
    if read is not None:
        return read.pretalx.token_envelope if read.pretalx else None
    existing = store.get(slug, max_age=0)
    return existing.pretalx.get("token") if existing and existing.pretalx else None


def _stored_per_talk_types(slug: str, read: Conference | None) -> tuple[str, ...]:
    """The stored per-talk submission types: from `read` when current, else a consistent read."""
    if read is not None:
        return read.pretalx.per_talk_types if read.pretalx else ()
    existing = store.get(slug, max_age=0)
    return tuple((existing.pretalx or {}).get("per_talk_types") or ()) if existing else ()


#: A PATCH merges onto what it read and writes only if that is still current; this many tries.
PATCH_ATTEMPTS = 3


def patch_conference(conference: Conference, changes: dict[str, Any],
                     as_put_body: Callable[[dict[str, Any]], Any], actor: Any = None) -> Conference:
    """Overlay `changes` on the stored settings, validate the result as a whole PUT body
    (`as_put_body`), and write it only if nobody saved in between (else merge onto their
    version: a strongly consistent read, bounded tries; then 409 `version_conflict`).

    The first try merges onto `conference` as the request loaded it (possibly this
    container's cached copy): if that was stale, the conditional write says so.
    """
    current: Conference | None = conference
    for _ in range(PATCH_ATTEMPTS):
        if current is None:
            raise NotFound("No such conference.")
        stored = settings_values(current)
        given = dict(changes)
        if isinstance(given.get("review"), dict):  # the review settings given, over the stored ones
            given["review"] = {**stored["review"], **given["review"]}
        merged = as_put_body({**stored, **given})
        try:
            updated, _ = put_conference(current.slug, merged, expected_updated_at=current.updated_at,
                                         read=current, actor=actor)
        except store.ChangedMeanwhile:
            current = get_conference(current.slug, fresh=True)  # someone saved in between: merge onto theirs
            continue
        return updated
    raise Conflict("The conference kept changing; reload and try again.", code="version_conflict")


def public_view(conference: Conference) -> dict[str, Any]:
    return {
        "slug": conference.slug,
        "name": conference.name,
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
        "timezone": conference.timezone,
        "sections": [
            {"name": s.name, "start_date": s.start_date.isoformat(), "end_date": s.end_date.isoformat(), "order": s.order}
            for s in conference.sorted_sections()
        ],
        "features": conference.effective_features(),
        "max_grant_amount": format_money(conference.effective_max_grant_amount),
        "review": conference.review.as_json(),
        **locale_view(conference),  # public: the web app's language before the person picks one
    }


def manage_view(conference: Conference) -> dict[str, Any]:
    view = public_view(conference)
    view["grant_budget"] = format_money(conference.grant_budget)
    view.update(grant_settings_view(conference))
    view["pretalx"] = None if conference.pretalx is None else {
        "base_url": conference.pretalx.base_url,
        "event_slug": conference.pretalx.event_slug,
        "api_token_set": conference.pretalx.token_envelope is not None,
        "per_talk_types": list(conference.pretalx.per_talk_types),
    }
    view["pretix"] = None if conference.pretix is None else {
        "base_url": conference.pretix.base_url,
        "organizer": conference.pretix.organizer,
        "event": conference.pretix.event,
        "item_id": conference.pretix.item_id,
        "api_token_set": conference.pretix.token_envelope is not None,
    }
    view["created_at"] = public_timestamp(conference.created_at)
    view["updated_at"] = public_timestamp(conference.updated_at)
    return view
