"""Calendars (features `programs` + `public_ui`): an activity's `.ics`, and the caller's feed.

The `.ics` answers are text (`text/calendar; charset=utf-8`), like the CSV exports; errors stay
in the JSON error shape. The feed needs no token (calendar apps cannot send one): its URL's
secret is the credential, so its answers are never cached by anyone in between.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..calendars import MEDIA_TYPE
from ..services import calendars as service
from .routing import Ctx, endpoint, json_response

bp = Blueprint(__name__)
TAGS = ("calendars",)
FEATURES = ("programs", "public_ui")


def _calendar(body: bytes, filename: str, cache: str) -> Response:
    return Response(body=body.decode("utf-8"), status_code=200, headers={
        "Content-Type": MEDIA_TYPE,
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": cache,
    })


@endpoint(bp, "/conferences/{slug}/activities/{activity_slug}/calendar.ics", "GET", auth="none", features=FEATURES,
          tags=TAGS, errors=(404, 409), content_type="text/calendar")
def activity_calendar(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """The activity as an iCalendar file (one VEVENT in UTC); 409 `not_scheduled` without a start time."""
    body = service.activity_calendar(ctx.conference, activity_slug)
    return _calendar(body, f"{activity_slug}.ics", "public, max-age=300")


@endpoint(bp, "/conferences/{slug}/my/calendar", "GET", auth="required", response="CalendarFeed", features=FEATURES,
          tags=TAGS, errors=(401, 404), response_headers={"Cache-Control": "`no-store`: the URL is a secret."})
def my_calendar_feed(ctx: Ctx, slug: str) -> Any:
    """The caller's secret feed URL of their confirmed activities: the same URL until it is revoked."""
    url = _api_base(ctx) + service.feed_path(slug, service.feed_secret(slug, ctx.user))
    return json_response({"url": url}, 200, {"Cache-Control": "no-store"})


@endpoint(bp, "/conferences/{slug}/my/calendar", "DELETE", auth="required", status=204, features=FEATURES,
          tags=TAGS, errors=(401, 404))
def revoke_my_calendar_feed(ctx: Ctx, slug: str) -> Any:
    """Revoke the caller's feed: its URL answers 404 from now on (204 also when there was none)."""
    service.revoke(slug, ctx.user)


@endpoint(bp, "/conferences/{slug}/calendar/{feed}", "GET", auth="none", features=FEATURES, tags=TAGS,
          errors=(404, 429), content_type="text/calendar")
def calendar_feed(ctx: Ctx, slug: str, feed: str) -> Any:
    """A person's confirmed activities (`{secret}.ics`, the URL `GET /my/calendar` gives); rate-limited."""
    return _calendar(service.feed(ctx.conference, feed), "activities.ics", "private, no-store")


def _api_base(ctx: Ctx) -> str:
    """This API's own base URL, as the client reached it (with API Gateway's stage prefix)."""
    request = ctx.request
    headers = request.headers or {}
    scheme = (headers.get("x-forwarded-proto") or "http").split(",")[0].strip()
    host = headers.get("host") or (request.context or {}).get("domainName") or "localhost"
    path = (request.context or {}).get("path") or ""
    marker = path.find("/conferences/")
    prefix = path[:marker] if marker > 0 else ""
    return f"{scheme}://{host}{prefix}"
