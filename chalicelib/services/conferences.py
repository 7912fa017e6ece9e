"""Conference use cases: read (with deployment defaults applied) and create-or-replace."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..config import settings
from ..crypto import seal
from ..domain.conference import Conference, PretalxSettings, Section, is_valid_slug
from ..domain.money import format_money, from_cents, to_cents
from ..domain.urls import base_url_problem
from ..errors import ValidationFailed, field_error
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
        )
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
        pretalx=pretalx,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def get_conference(slug: str) -> Conference | None:
    if not is_valid_slug(slug):
        return None
    item = store.get(slug)
    return _to_domain(item) if item else None


def list_conferences() -> list[Conference]:
    return [_to_domain(item) for item in store.list_all()]


def pretalx_context(slug: str) -> dict[str, str]:
    """Encryption context binding a sealed Pretalx token to its conference."""
    return {"purpose": "pretalx_token", "conference": slug}


def put_conference(slug: str, data: Any) -> tuple[Conference, bool]:
    """Create or replace a conference from a validated `ConferenceIn`; returns (conference, created)."""
    if not is_valid_slug(slug):
        raise field_error("slug", "must be lowercase letters, digits and single hyphens, at most 100 characters")
    pretalx_value: dict[str, Any] | None = None
    if data.pretalx is not None:
        problem = base_url_problem(data.pretalx.base_url, local_stage=settings().is_local)
        if problem:
            raise ValidationFailed({"pretalx.base_url": [problem]})
        pretalx_value = {"base_url": data.pretalx.base_url.strip().rstrip("/"), "event_slug": data.pretalx.event_slug}
        if data.pretalx.api_token:
            pretalx_value["token"] = seal({"api_token": data.pretalx.api_token}, pretalx_context(slug))
        else:
            existing = store.get(slug, max_age=0)  # keep the sealed token: it is never sent back to clients
            if existing and existing.pretalx and existing.pretalx.get("token"):
                pretalx_value["token"] = existing.pretalx["token"]
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
    }
    item, created = store.upsert(slug, values)
    return _to_domain(item), created


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
    }


def manage_view(conference: Conference) -> dict[str, Any]:
    view = public_view(conference)
    view["grant_budget"] = format_money(conference.grant_budget)
    view["pretalx"] = None if conference.pretalx is None else {
        "base_url": conference.pretalx.base_url,
        "event_slug": conference.pretalx.event_slug,
        "api_token_set": conference.pretalx.token_envelope is not None,
    }
    view["created_at"] = public_timestamp(conference.created_at)
    view["updated_at"] = public_timestamp(conference.updated_at)
    return view
