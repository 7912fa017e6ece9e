"""Activity management: list/create/patch (manage_activity) and signups (also organisers).

The signups routes need a token but no global permission: the service lets through
holders of `manage_activity` and the activity's own `organizers`, and nobody else.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..services import activities as service
from ..services import people, promotion, signups
from .models.activities import (
    ActivityCreate,
    ActivityPatch,
    PeopleQuery,
    SignupListQuery,
)
from .routing import Ctx, endpoint

bp = Blueprint(__name__)
TAGS = ("activity management",)
PERM = "manage_activity"
BASE = "/manage/conferences/{slug}/activities"


def _activity_found(ctx: Ctx, params: dict[str, str]) -> None:
    service.manageable_activity(params["slug"], params["activity_slug"], ctx.user)


@endpoint(bp, BASE, "GET", response="ActivityList", tags=TAGS, errors=(401, 403, 404))
def list_managed_activities(ctx: Ctx, slug: str) -> Any:
    """Every activity of the conference, inactive ones too, with counts (manage_activity).

    A caller without `manage_activity` who organises activities gets just those (403 if none).
    """
    return {"activities": service.list_manageable(slug, ctx.user)}


@endpoint(bp, BASE, "POST", permissions=PERM, body=ActivityCreate, response="ActivityOut", status=201,
          tags=TAGS, errors=(400, 401, 403, 404, 409, 413, 422))
def create_managed_activity(ctx: Ctx, slug: str) -> Any:
    """Create an activity; its slug comes from the name and is unique in the conference.

    Times without a zone are read in the conference's timezone; answers give UTC.
    """
    return service.create(slug, ctx.body.values(), ctx.conference.timezone)


@endpoint(bp, BASE + "/{activity_slug}", "GET", permissions=PERM, response="ActivityOut",
          tags=TAGS, errors=(401, 403, 404))
def get_managed_activity(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """One activity, inactive too."""
    return service.activity_view(service.manageable_activity(slug, activity_slug, ctx.user))


@endpoint(bp, BASE + "/{activity_slug}", "PATCH", permissions=PERM, body=ActivityPatch, response="ActivityOut",
          tags=TAGS, errors=(400, 401, 403, 404, 413, 422), found=_activity_found)
def patch_managed_activity(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """Change fields; raising `max_participants` (or nulling it) promotes waitlisted signups."""
    return service.patch(slug, activity_slug, ctx.body.values(), ctx.conference.timezone)


@endpoint(bp, BASE + "/{activity_slug}/signups", "GET", query=SignupListQuery, response="SignupList",
          tags=TAGS, errors=(401, 403, 404, 422), found=_activity_found)
def list_activity_signups(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """A page of signups, oldest first (`limit`, `next_token`), with the whole activity's stats
    (managers, and this activity's organisers)."""
    return signups.signups(slug, activity_slug, ctx.user, ctx.query.status, ctx.query.limit, ctx.query.next_token)


@endpoint(bp, BASE + "/{activity_slug}/signups.csv", "GET", query=SignupListQuery,
          tags=TAGS, errors=(401, 403, 404, 422), content_type="text/csv", found=_activity_found, also=(303,))
def export_activity_signups(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """Every signup as CSV, every cell neutralised against spreadsheet formula injection.

    A file over 1 MiB is answered with 303 to a presigned S3 link (valid 300 s) instead.
    """
    body = signups.signups_csv(slug, activity_slug, ctx.user, ctx.query.status)
    data = body.encode("utf-8")
    if len(data) > signups.CSV_INLINE_BYTES:
        return Response(body="", status_code=303,
                        headers={"Location": signups.export_url(slug, activity_slug, data), "Cache-Control": "no-store"})
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{activity_slug}-signups.csv"',
    })


@endpoint(bp, BASE + "/{activity_slug}/signups/{signup_id}/promote", "POST", response="PromotedSignup",
          tags=TAGS, errors=(401, 403, 404, 409))
def promote_activity_signup(ctx: Ctx, slug: str, activity_slug: str, signup_id: str) -> Any:
    """Promote a waitlisted signup; `overbooked` is true when the activity was already full."""
    return promotion.promote(slug, activity_slug, signup_id, ctx.user)


@endpoint(bp, "/manage/conferences/{slug}/people", "GET", permissions=PERM, query=PeopleQuery, response="PeopleList",
          tags=TAGS, errors=(401, 403, 404, 422))
def search_people(ctx: Ctx, slug: str) -> Any:
    """People the conference knows (signups, applicants, reviewers) whose name or e-mail starts with `q`,
    to choose an activity's organisers from (at most 20 per match, each person once)."""
    return {"people": people.search(slug, ctx.query.q)}
