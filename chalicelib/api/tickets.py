"""Ticket routes: a reviewer retries a grant's voucher now; a manager lists pretix's items."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..errors import Conflict, UpstreamFailed
from ..policies import not_own_grant
from ..services import grant_review
from .routing import Ctx, endpoint

bp = Blueprint(__name__)


def _not_configured() -> Conflict:
    return Conflict("This conference has no pretix settings: add them on the conference settings page.",
                    code="pretix_not_configured")


@endpoint(
    bp, "/manage/conferences/{slug}/travel-grants/{grant_id}/ticket/retry", "POST",
    permissions="review_travel_grant", response="TicketRetryOut", tags=("travel grant review",),
    errors=(401, 403, 404, 409), summary="Try to issue the grant's ticket voucher again, now",
    policy=not_own_grant("retry the ticket of"),
)
def ticket_retry(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """409 `pretix_not_configured`; 409 `invalid_state` unless the grant is accepted and its
    ticket pending or failed. pretix failing again answers 200 with the ticket `failed` and
    pretix's answer in `error`."""
    from ..domain import tickets as rules
    from ..pretix import tickets
    from ..services.grants import ticket_view

    grant_review.ensure_grant(slug, grant_id)
    if ctx.conference.pretix is None:
        raise _not_configured()
    from ..store import grants as store

    grant = store.get_grant_item(slug, grant_id)
    if grant is None or not rules.may_issue(grant.status, grant.ticket_status):
        state = grant.ticket_status if grant and grant.ticket_status else "not owed"
        raise Conflict(f"There is nothing to retry: the grant is {grant.status if grant else 'gone'} and its ticket "
                       f"{state}.", code="invalid_state")
    tickets.retry(ctx.conference, grant, ctx.user)
    current = store.get_grant_item(slug, grant_id)
    return {"ticket": ticket_view(current) if current else None}


@endpoint(
    bp, "/manage/conferences/{slug}/pretix/items", "GET", permissions="manage_conference",
    response="PretixItemsOut", tags=("pretix",), errors=(401, 403, 404, 409, 502),
    summary="The pretix event's products, to choose the ticket vouchers are for",
)
def pretix_items(ctx: Ctx, slug: str) -> Any:
    """409 `pretix_not_configured` (no settings or no token saved); 502 `pretix_unavailable`
    with pretix's answer in words."""
    from ..pretix import tickets
    from ..pretix.payload import PretixError

    if ctx.conference.pretix is None:
        raise _not_configured()
    try:
        return {"items": tickets.items(ctx.conference)}
    except tickets.PretixNotConfigured as exc:
        raise Conflict(str(exc), code="pretix_not_configured") from None
    except PretixError as exc:
        raise UpstreamFailed(str(exc), code="pretix_unavailable") from None
