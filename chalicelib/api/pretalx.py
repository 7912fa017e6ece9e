"""Pretalx routes: the on-demand sync for conference managers."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from ..errors import Conflict, UpstreamFailed
from ..store.schedule import ConcurrentPublish
from .models.base import RequestModel
from .routing import Ctx, endpoint

bp = Blueprint(__name__)
TAGS = ("pretalx",)


class PretalxSyncQuery(RequestModel):
    force: bool = Field(False, description="Accept a schedule that shrank by more than half (the wipe guard).")


@endpoint(
    bp, "/manage/conferences/{slug}/pretalx/sync", "POST", permissions="manage_conference",
    query=PretalxSyncQuery, response="PretalxSyncCounts", tags=TAGS,
    errors=(401, 403, 404, 409, 422, 502),
    summary="Sync rooms, talks, schedule slots and activities from Pretalx now",
)
def pretalx_sync_now(ctx: Ctx, slug: str) -> Any:
    """409 `pretalx_not_configured`; 502 `pretalx_unavailable` (nothing written) when Pretalx
    fails or returns a schedule less than half the published one (unless `force=true`)."""
    from ..pretalx import sync  # imported on use: its HTTP client (requests) is not a cold-start cost

    try:
        result = sync.sync_conference(ctx.conference, force=ctx.query.force)
    except sync.PretalxNotConfigured as exc:
        raise Conflict(str(exc), code="pretalx_not_configured") from None
    except sync.PretalxUnavailable as exc:
        raise UpstreamFailed(str(exc), code="pretalx_unavailable") from None
    except sync.ScheduleShrinkRefused as exc:
        raise UpstreamFailed(str(exc), code="pretalx_unavailable",
                         extra={"previous_slots": exc.previous, "new_slots": exc.new}) from None
    except ConcurrentPublish:
        raise Conflict("Another Pretalx sync of this conference finished first; its data is published.",
                       code="sync_in_progress") from None
    return result.counts()
