"""Reviewer travel-grant routes: list with stats and budget, detail, review, messages.

Reads need `view_travel_grant` or `review_travel_grant`; changes need
`review_travel_grant`. Like every `{slug}` route they get the conference from the router
(this container's short-lived copy, store/conferences.py: an unknown conference is 404);
the list takes its budget from there, so its first page is one Query (grants and stats,
services/grant_review.py). Disbursement and payment-info reads live in api/receipts.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice import Blueprint

from ..domain.grants import OFFERED
from ..policies import (
    GRANT_READERS,
    GRANT_REVIEWERS,
    PAYER,
    ensure_can_list_grants,
    ensure_can_read_grant,
    ensure_not_own_grant,
    not_own_grant,
)
from ..services import grant_review as service
from ..services import scoring
from .failures import to_api_error
from .models.grants import (
    BulkReviewIn,
    BulkReviewItem,
    GrantListQuery,
    ReviewerMessageIn,
    ReviewIn,
)
from .routing import Ctx, endpoint, json_response

bp = Blueprint(__name__)
TAGS = ("travel grant review",)
READ = GRANT_READERS
WRITE = GRANT_REVIEWERS
#: Payers find the grants to pay (`?ready=true`) and read those grants' detail (policies.can_read_grant).
PAY = PAYER
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
    ensure_can_list_grants(ctx.user, ready_only=ctx.query.ready is True)
    if ctx.query.ready:
        return service.list_ready(ctx.conference, ctx.query.limit, ctx.query.next_token)
    if ctx.query.ticket == "not_issued":
        from ..domain.tickets import TO_ISSUE

        return service.list_grants(ctx.conference, ctx.query.status or "accepted", ctx.query.limit,
                                   ctx.query.next_token, keep=lambda grant: grant.ticket_status in TO_ISSUE)
    return service.list_grants(ctx.conference, ctx.query.status, ctx.query.limit, ctx.query.next_token)


@endpoint(bp, BASE + "/{grant_id}", "GET", permissions=(*READ, PAY), response="ReviewerGrantDetail",
          tags=TAGS, errors=(401, 403, 404), response_headers=ETAG, policy=not_own_grant("read the reviewer view of"))
def review_grant_detail(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """The full grant: notes, every message with `visible`, audit trail, receipts and payment facts.

    A caller with only `disburse_travel_grant` may read grants ready for disbursement, and the
    ones they disbursed themselves (their record of the payment); any other → 403.
    """
    view = service.detail(slug, grant_id, caller=ctx.user, conference=ctx.conference)
    ensure_can_read_grant(ctx.user, ready=view["ready_for_disbursement"], disbursed_by=view["disbursed_by"])
    return json_response(view, 200, {"ETag": f'"{view["version"]}"'})


@endpoint(bp, BASE + "/{grant_id}", "PATCH", permissions=WRITE, body=ReviewIn, response="ReviewerGrantOut",
          tags=TAGS, errors=(400, 401, 403, 404, 409, 412, 422), request_headers=IF_MATCH, response_headers=ETAG,
          policy=not_own_grant("review"), found=grant_found)
def review_grant_update(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Review: status (transition table), approved_amount, promo_code, reviewer_notes, message; If-Match: version."""
    view = service.review(slug, grant_id, ctx.user, ctx.body, ctx.header("If-Match"),
                          max_grant=ctx.conference.effective_max_grant_amount, conference=ctx.conference)
    scoring.hide_if_blind(ctx.conference, view)
    return json_response(view, 200, {"ETag": f'"{view["version"]}"'})


@endpoint(bp, BASE + "/bulk-review", "POST", permissions=WRITE, body=BulkReviewIn, response="BulkReviewOut",
          tags=TAGS, errors=(400, 401, 403, 404, 413, 422))
def bulk_review(ctx: Ctx, slug: str) -> Any:
    """Apply up to 100 reviews, each exactly as the reviewer PATCH and on its own: `results` has each outcome.

    One item's failure (its own transition, version, amount, conflict or separation-of-duties
    rule) changes no other; its `status` is what the single PATCH would have answered.
    """
    if ctx.body.respond_by is not None:
        service.ensure_deadline_day(ctx.body.respond_by, ctx.conference)
    return {"results": [_review_one(ctx, slug, item, ctx.body.respond_by) for item in ctx.body.reviews]}


#: What each bulk item carries besides the single PATCH's body.
_ITEM_ONLY = frozenset({"grant_id", "version"})


def _review_one(ctx: Ctx, slug: str, item: BulkReviewItem, respond_by: date | None) -> dict[str, Any]:
    """The single PATCH's checks and service call for one item; its failure as its HTTP answer.

    The request's `respond_by` is the deadline of each offer that does not name its own."""
    try:
        ensure_not_own_grant(slug, {"grant_id": item.grant_id}, ctx.user, "review")
        fields = item.model_dump(include=set(item.model_fields_set - _ITEM_ONLY))
        if respond_by is not None and item.status == OFFERED and "respond_by" not in fields:
            fields["respond_by"] = respond_by
        body = ReviewIn.model_validate(fields)
        view = service.review(slug, item.grant_id, ctx.user, body,
                              None if item.version is None else str(item.version),
                              max_grant=ctx.conference.effective_max_grant_amount, conference=ctx.conference)
    except Exception as exc:  # noqa: BLE001 - each item's failure is answered in its own result
        answer = to_api_error(exc, BASE + "/bulk-review")
        return {"grant_id": item.grant_id, "status": answer.status, "error": answer.body()["error"]}
    scoring.hide_if_blind(ctx.conference, view)
    return {"grant_id": item.grant_id, "status": 200, "grant": view}


@endpoint(bp, BASE + "/{grant_id}/messages", "POST", permissions=WRITE, body=ReviewerMessageIn,
          response="ReviewerMessageOut", status=201, tags=TAGS, errors=(401, 403, 404, 422),
          policy=not_own_grant("post reviewer messages on"), found=grant_found)
def review_grant_message(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """A message to the applicant (`visible: true`) or an internal note (default)."""
    return service.post_message(slug, grant_id, ctx.user, ctx.body.message, ctx.body.visible)
