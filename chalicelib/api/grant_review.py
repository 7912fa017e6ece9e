"""Reviewer travel-grant routes: list with stats and budget, detail, review, messages.

Reads need `view_travel_grant` or `review_travel_grant`; changes need
`review_travel_grant`. Like every `{slug}` route they get the conference from the router
(this container's short-lived copy, store/conferences.py: an unknown conference is 404);
the list takes its budget from there, so its first page is one Query (grants and stats,
services/grant_review.py). Disbursement and payment-info reads live in api/receipts.py.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..errors import Forbidden
from ..services import grant_review as service
from ..services import scoring
from .models.grants import (
    GrantListQuery,
    ReviewerMessageIn,
    ReviewIn,
)
from .routing import Ctx, endpoint, json_response

bp = Blueprint(__name__)
TAGS = ("travel grant review",)
READ = ("view_travel_grant", "review_travel_grant")
WRITE = ("review_travel_grant",)
#: Payers find the grants to pay (`?ready=true`) and read those grants' detail; nothing else.
PAY = "disburse_travel_grant"
BASE = "/manage/conferences/{slug}/travel-grants"


def grant_found(ctx: Ctx, params: dict[str, str]) -> None:
    service.ensure_grant(params["slug"], params["grant_id"])


ETAG = {"ETag": 'The grant\'s version, quoted (`"3"`): send it back as If-Match to update only that version.'}
IF_MATCH = {"If-Match": "The version the change is based on (`3`, `\"3\"` or the ETag). Any other value than "
                        "the grant's current version: 412 version_conflict. Absent: no version check."}


@endpoint(bp, BASE, "GET", permissions=(*READ, PAY), query=GrantListQuery, response="GrantListOut",
          tags=TAGS, errors=(401, 403, 404, 422))
def review_list_grants(ctx: Ctx, slug: str) -> Any:
    """A page of the conference's grants (newest first, optional status filter) with whole-conference stats.

    `ready=true` lists only grants ready for disbursement; a caller with only
    `disburse_travel_grant` may list those (and nothing else: 403).
    """
    if not ctx.user.has_any(*READ) and ctx.query.ready is not True:
        raise Forbidden("With disburse_travel_grant alone you may list the grants ready for disbursement "
                        "(ready=true).")
    if ctx.query.ready:
        return service.list_ready(ctx.conference, ctx.query.limit, ctx.query.next_token)
    return service.list_grants(ctx.conference, ctx.query.status, ctx.query.limit, ctx.query.next_token)


@endpoint(bp, BASE + "/{grant_id}", "GET", permissions=(*READ, PAY), response="ReviewerGrantDetail",
          tags=TAGS, errors=(401, 403, 404), response_headers=ETAG, not_on_own_grant="read the reviewer view of")
def review_grant_detail(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """The full grant: notes, every message with `visible`, audit trail, receipts and payment facts.

    A caller with only `disburse_travel_grant` may read grants ready for disbursement, and the
    ones they disbursed themselves (their record of the payment); any other → 403.
    """
    view = service.detail(slug, grant_id, caller=ctx.user, conference=ctx.conference)
    paid_by_caller = view["disbursed_by"] == ctx.user.sub  # set only by the disbursement
    if not ctx.user.has_any(*READ) and not view["ready_for_disbursement"] and not paid_by_caller:
        raise Forbidden("With disburse_travel_grant alone you may read grants ready for disbursement "
                        "and the ones you disbursed only.")
    return json_response(view, 200, {"ETag": f'"{view["version"]}"'})


@endpoint(bp, BASE + "/{grant_id}", "PATCH", permissions=WRITE, body=ReviewIn, response="ReviewerGrantOut",
          tags=TAGS, errors=(400, 401, 403, 404, 409, 412, 422), request_headers=IF_MATCH, response_headers=ETAG,
          not_on_own_grant="review", found=grant_found)
def review_grant_update(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Review: status (transition table), approved_amount, promo_code, reviewer_notes, message; If-Match: version."""
    view = service.review(slug, grant_id, ctx.user, ctx.body, ctx.header("If-Match"),
                          max_grant=ctx.conference.effective_max_grant_amount, conference=ctx.conference)
    scoring.hide_if_blind(ctx.conference, view)
    return json_response(view, 200, {"ETag": f'"{view["version"]}"'})


@endpoint(bp, BASE + "/{grant_id}/messages", "POST", permissions=WRITE, body=ReviewerMessageIn,
          response="ReviewerMessageOut", status=201, tags=TAGS, errors=(401, 403, 404, 422),
          not_on_own_grant="post reviewer messages on", found=grant_found)
def review_grant_message(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """A message to the applicant (`visible: true`) or an internal note (default)."""
    return service.post_message(slug, grant_id, ctx.user, ctx.body.message, ctx.body.visible)
