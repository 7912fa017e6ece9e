"""Public activity routes: list, detail, sign up, cancel (features `programs` + `public_ui`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..services import activities as catalogue
from ..services import claims
from ..services import signups as service
from .models.activities import (
    ActivityListQuery,
    SignupIn,
)
from .routing import Ctx, endpoint

bp = Blueprint(__name__)
TAGS = ("activities",)
FEATURES = ("programs", "public_ui")
BASE = "/conferences/{slug}/activities"


def _active_found(ctx: Ctx, params: dict[str, str]) -> None:
    catalogue.ensure_active(params["slug"], params["activity_slug"])


@endpoint(bp, BASE, "GET", auth="none", query=ActivityListQuery, response="ActivityList", features=FEATURES,
          tags=TAGS, errors=(404, 422))
def list_public_activities(ctx: Ctx, slug: str) -> Any:
    """Active activities, ordered by start time then name, with confirmed/waitlist/talk counts."""
    return {"activities": catalogue.list_public(slug, ctx.query.type)}


@endpoint(bp, BASE + "/{activity_slug}", "GET", auth="optional", response="ActivityDetail", features=FEATURES,
          tags=TAGS, errors=(401, 404))
def get_public_activity(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """An activity with its talks, speakers, schedule by day and the caller's own signup."""
    return catalogue.detail(ctx.conference, activity_slug, ctx.principal)


@endpoint(bp, BASE + "/{activity_slug}/signup", "POST", auth="required", body=SignupIn, response="SignupCreated",
          status=201, features=FEATURES, tags=TAGS, errors=(400, 401, 404, 409, 413, 422), found=_active_found)
def signup_for_activity(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """Sign up: confirmed while places remain, waitlisted when full; one active signup per user."""
    return service.signup(slug, activity_slug, ctx.user, ctx.body.note)


@endpoint(bp, BASE + "/{activity_slug}/signup", "DELETE", auth="required", response="CancelledSignup",
          features=FEATURES, tags=TAGS, errors=(401, 404))
def cancel_activity_signup(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """Cancel the caller's active signup; a freed place promotes the oldest waitlisted signup."""
    return service.cancel(slug, activity_slug, ctx.user)


@endpoint(bp, BASE + "/{activity_slug}/signup/claim", "POST", auth="required", response="SignupOut",
          features=FEATURES, tags=TAGS, errors=(401, 404, 409), found=_active_found)
def claim_offered_place(ctx: Ctx, slug: str, activity_slug: str) -> Any:
    """Claim the place offered to the caller: 200 confirmed; after `claim_by` 409 `claim_expired`;
    a signup that holds no offer 409 `invalid_state`."""
    return claims.claim(slug, activity_slug, ctx.user)


@endpoint(bp, "/conferences/{slug}/my/signups", "GET", auth="required", response="MySignupList", features=FEATURES,
          tags=TAGS, errors=(401, 404))
def list_my_signups(ctx: Ctx, slug: str) -> Any:
    """The caller's active signups in this conference, oldest first, with waitlist places."""
    return {"signups": service.my_signups(slug, ctx.user)}
