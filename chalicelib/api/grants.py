"""Applicant travel-grant routes: day choices, apply, status, edit, actions, messages.

Every route needs a signed-in user and the conference's `travel_grants` and `public_ui`
features (404 otherwise). The grant is always the caller's own (its id is derived from
the conference and the caller's `sub`), so there is no id in these paths to tamper with.
Receipts and payment info live in api/receipts.py.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..errors import NotFound
from ..services import grants as service
from .models.base import NotYetQuery
from .models.grants import (
    AcceptIn,
    GrantApplicationIn,
    GrantEditIn,
    MessageIn,
    NoBody,
    RequestMoreIn,
)
from .routing import Ctx, endpoint

bp = Blueprint(__name__)
TAGS = ("travel grants",)
GATES = ("travel_grants", "public_ui")
BASE = "/conferences/{slug}/travel-grant"


@endpoint(bp, BASE + "/days", "GET", features=GATES, response="DaysOut", tags=TAGS, errors=(401, 404))
def grant_days(ctx: Ctx, slug: str) -> Any:
    """The days an applicant can choose in `days_attending` (schedule first, then sections)."""
    return {"days": [d.as_dict() for d in service.day_choices(ctx.conference)]}


def _application_rules(ctx: Ctx, parsed: Any) -> dict[str, list[str]]:
    """The cross-field rules on what parsed of an application with type errors (defaults for
    the fields not given), so one 422 names every problem (see routing.endpoint)."""
    values = {}
    for name, info in GrantApplicationIn.model_fields.items():
        if name in parsed.model_fields_set:
            values[name] = getattr(parsed, name)
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
    return service.application_problems(ctx.conference, values)


@endpoint(bp, BASE, "POST", features=GATES, body=GrantApplicationIn, response="GrantOut", status=201, tags=TAGS,
          errors=(400, 401, 404, 409, 422), summary="Apply for a travel grant (one per user per conference)",
          body_rules=_application_rules)
def grant_apply(ctx: Ctx, slug: str) -> Any:
    return service.apply(ctx.conference, ctx.user, ctx.body)


@endpoint(bp, BASE, "GET", features=GATES, query=NotYetQuery, response="GrantOut", tags=TAGS, errors=(401, 404),
          also=(204,))
def grant_status(ctx: Ctx, slug: str) -> Any:
    """The caller's grant with its visible messages and allowed actions (404 no_grant; 204 with `empty_ok=true`)."""
    try:
        return service.status_view(slug, ctx.user)
    except NotFound as missing:
        if ctx.query.empty_ok and missing.code == "no_grant":
            return None
        raise


def _edit_rules(ctx: Ctx, parsed: Any) -> dict[str, list[str]]:
    """As `_application_rules`, for an edit: onto the stored application."""
    return service.edit_problems(ctx.conference, ctx.user, {n: getattr(parsed, n) for n in parsed.model_fields_set})


@endpoint(bp, BASE, "PATCH", features=GATES, body=GrantEditIn, response="GrantOut", tags=TAGS,
          errors=(400, 401, 404, 409, 422), body_rules=_edit_rules)
def grant_edit(ctx: Ctx, slug: str) -> Any:
    """Edit the application while it is submitted or info_needed (else 409 invalid_state)."""
    return service.edit(ctx.conference, ctx.user, ctx.body)


@endpoint(bp, BASE + "/accept", "POST", features=GATES, body=AcceptIn, response="GrantOut", tags=TAGS,
          errors=(401, 404, 409, 422))
def grant_accept(ctx: Ctx, slug: str) -> Any:
    """offered -> accepted; with `approved_amount`, only if the offer still holds that amount (409 offer_changed)."""
    return service.act(ctx.conference, ctx.user, "accept", amount=ctx.body.approved_amount)


@endpoint(bp, BASE + "/decline", "POST", features=GATES, body=NoBody, response="GrantOut", tags=TAGS,
          errors=(401, 404, 409))
def grant_decline(ctx: Ctx, slug: str) -> Any:
    """offered -> declined."""
    return service.act(ctx.conference, ctx.user, "decline")


@endpoint(bp, BASE + "/withdraw", "POST", features=GATES, body=NoBody, response="GrantOut", tags=TAGS,
          errors=(401, 404, 409))
def grant_withdraw(ctx: Ctx, slug: str) -> Any:
    """submitted or info_needed -> withdrawn."""
    return service.act(ctx.conference, ctx.user, "withdraw")


@endpoint(bp, BASE + "/provide-info", "POST", features=GATES, body=MessageIn, response="GrantOut", tags=TAGS,
          errors=(401, 404, 409, 422))
def grant_provide_info(ctx: Ctx, slug: str) -> Any:
    """info_needed -> submitted, with the applicant's answer as a visible message."""
    return service.act(ctx.conference, ctx.user, "provide-info", message=ctx.body.message)


@endpoint(bp, BASE + "/request-more", "POST", features=GATES, body=RequestMoreIn, response="GrantOut", tags=TAGS,
          errors=(401, 404, 409, 422))
def grant_request_more(ctx: Ctx, slug: str) -> Any:
    """offered -> need_more; `amount` (optional) becomes the new requested amount."""
    return service.act(ctx.conference, ctx.user, "request-more", message=ctx.body.message, amount=ctx.body.amount)


@endpoint(bp, BASE + "/messages", "POST", features=GATES, body=MessageIn, response="MessageOut", status=201,
          tags=TAGS, errors=(401, 404, 422))
def grant_post_message(ctx: Ctx, slug: str) -> Any:
    """A message to the reviewers, shown on the applicant's grant too."""
    return service.post_message(slug, ctx.user, ctx.body.message)
