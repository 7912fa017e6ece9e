"""Conference routes: public read, and create-or-replace for conference managers."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..errors import ValidationFailed
from ..services import conferences as service
from .models.conferences import ConferenceIn, ConferencePatch
from .routing import Ctx, endpoint
from .validation import validate_model

#: Fields a PATCH may not clear (the rest fall back to their defaults when null).
REQUIRED = ("name", "start_date", "end_date")

bp = Blueprint(__name__)
TAGS = ("conferences",)


@endpoint(bp, "/conferences/{slug}", "GET", auth="none", response="ConferencePublic", tags=TAGS, errors=(404,))
def get_conference(ctx: Ctx, slug: str) -> Any:
    """The public part of a conference: dates, sections, features, grant cap."""
    return service.public_view(ctx.conference)


@endpoint(
    bp, "/manage/conferences/{slug}", "PUT", permissions="manage_conference", body=ConferenceIn,
    response="ConferenceManage", status=200, also=(201,), tags=TAGS, errors=(400, 401, 403, 413, 422),
    summary="Create (201) or replace (200) a conference", load_conference=False,
)
def put_conference(ctx: Ctx, slug: str) -> Any:
    conference, created = service.put_conference(slug, ctx.body, actor=ctx.user)
    return service.manage_view(conference), (201 if created else 200)


@endpoint(
    bp, "/manage/conferences/{slug}", "PATCH", permissions="manage_conference", body=ConferencePatch,
    response="ConferenceManage", tags=TAGS, errors=(400, 401, 403, 404, 409, 413, 422),
    summary="Change some settings of a conference (absent fields keep their value)",
)
def patch_conference(ctx: Ctx, slug: str) -> Any:
    """Any subset of the PUT fields; `"pretalx": null` removes the Pretalx settings, a `pretalx`
    object without `api_token` keeps the stored token. The result must be a valid PUT body."""
    changes = ctx.body.changes()
    cleared = {name: ["must not be null"] for name in REQUIRED if name in changes and changes[name] is None}
    if cleared:
        raise ValidationFailed(cleared)
    updated = service.patch_conference(ctx.conference, changes, lambda body: validate_model(ConferenceIn, body),
                                       actor=ctx.user)
    return service.manage_view(updated)


@endpoint(bp, "/manage/conferences/{slug}", "GET", permissions="manage_conference", response="ConferenceManage",
          tags=TAGS, errors=(401, 403, 404))
def get_conference_settings(ctx: Ctx, slug: str) -> Any:
    """Every setting of a conference (the Pretalx token only as `api_token_set`)."""
    return service.manage_view(ctx.conference)


@endpoint(bp, "/manage/conferences", "GET", permissions="manage_conference", response="ConferenceList",
          tags=TAGS, errors=(401, 403))
def list_conferences(ctx: Ctx) -> Any:
    """All conferences, for the organisers' console."""
    return {"conferences": [service.manage_view(c) for c in service.list_conferences()]}
