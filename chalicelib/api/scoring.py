"""Scoring routes: scores, conflicts, next-to-score, ranking, report and the grants CSV.

Scoring and conflicts need `review_travel_grant` and are refused on the caller's own grant
(403, before any read); ranking, report and CSV are for `view_travel_grant` too.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..policies import not_own_grant
from ..services import grant_review, scoring
from .grant_review import grant_found
from .models.scoring import AllocationIn, ConflictIn, RankingQuery, ScoreIn
from .routing import Ctx, endpoint, json_response

bp = Blueprint(__name__)
TAGS = ("travel grant scoring",)
READ = ("view_travel_grant", "review_travel_grant")
WRITE = ("review_travel_grant",)
BASE = "/manage/conferences/{slug}/travel-grants"


@endpoint(bp, BASE + "/{grant_id}/score", "PUT", permissions=WRITE, body=ScoreIn, response="ScoreOut", tags=TAGS,
          errors=(400, 401, 403, 404, 409, 413, 422), policy=not_own_grant("score"), found=grant_found)
def put_grant_score(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Give or replace your score (1..scale) with an optional comment and private comment."""
    return scoring.put_score(ctx.conference, grant_id, ctx.user, ctx.body)


@endpoint(bp, BASE + "/{grant_id}/score", "DELETE", permissions=WRITE, status=204, tags=TAGS,
          errors=(401, 403, 404, 409), policy=not_own_grant("score"))
def delete_grant_score(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Withdraw your score."""
    scoring.delete_score(ctx.conference, grant_id, ctx.user)


@endpoint(bp, BASE + "/{grant_id}/conflict", "PUT", permissions=WRITE, body=ConflictIn, response="ConflictOut",
          tags=TAGS, errors=(400, 401, 403, 404, 409, 413, 422), policy=not_own_grant("declare a conflict on"),
          found=grant_found)
def put_grant_conflict(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Declare a conflict: you may no longer score, review or see the scores of this grant."""
    return scoring.put_conflict(ctx.conference, grant_id, ctx.user, ctx.body.reason)


@endpoint(bp, BASE + "/{grant_id}/conflict", "DELETE", permissions=WRITE, status=204, tags=TAGS,
          errors=(401, 403, 404, 409), policy=not_own_grant("declare a conflict on"))
def delete_grant_conflict(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Lift your conflict."""
    scoring.delete_conflict(ctx.conference, grant_id, ctx.user)


@endpoint(bp, BASE + "/next-to-score", "GET", permissions=WRITE, response="ReviewerGrantDetail", also=(204,),
          tags=TAGS, errors=(401, 403, 404))
def next_grant_to_score(ctx: Ctx, slug: str) -> Any:
    """A grant you may score and have not scored, fewest scores first (random among equals); 204 when none."""
    view = scoring.next_to_score(
        ctx.conference, ctx.user,
        lambda grant_id: grant_review.detail(slug, grant_id, caller=ctx.user, conference=ctx.conference))
    if view is None:
        return None
    return json_response(view, 200, {"ETag": f'"{view["version"]}"'})


@endpoint(bp, BASE + "/ranking", "GET", permissions=READ, query=RankingQuery, response="RankingOut", tags=TAGS,
          errors=(401, 403, 404, 422))
def grant_ranking(ctx: Ctx, slug: str) -> Any:
    """Every grant with at least one score, by calibrated score, then mean, then application time."""
    return scoring.ranking(ctx.conference, ctx.query.status)


@endpoint(bp, BASE + "/allocation", "POST", permissions=WRITE, body=AllocationIn, response="AllocationOut",
          tags=TAGS, errors=(400, 401, 403, 404, 413, 422))
def propose_allocation(ctx: Ctx, slug: str) -> Any:
    """Propose which candidates to fund: the highest total mean score within the budget and floors. Writes nothing.

    A 0/1 knapsack with floor constraints solved exactly (HiGHS); `optimal` is true only when
    the solver proved it, false when it stopped at its time limit with the best it found.
    """
    from ..services import allocation  # loads the solver's service only for this request

    return allocation.propose(ctx.conference, ctx.body)


@endpoint(bp, BASE + "/report", "GET", permissions=READ, response="GrantReportOut", tags=TAGS,
          errors=(401, 403, 404))
def grant_report(ctx: Ctx, slug: str) -> Any:
    """Counts and requested/approved/disbursed sums by status, type, first time, international, country."""
    return scoring.report(ctx.conference)


@endpoint(bp, "/manage/conferences/{slug}/travel-grants.csv", "GET", permissions=READ, tags=TAGS,
          errors=(401, 403, 404), content_type="text/csv")
def grants_csv(ctx: Ctx, slug: str) -> Any:
    """Every grant with its scores as CSV (UTF-8 with BOM, cells neutralised against formula injection)."""
    return Response(body=scoring.csv_text(ctx.conference), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{slug}-travel-grants.csv"'})
