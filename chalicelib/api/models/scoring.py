"""Scoring request models (responses in api/responses/scoring.py)."""

from pydantic import Field

from .base import RequestModel, text
from .grants import GrantStatus


class ScoreIn(RequestModel):
    score: int = Field(ge=1, le=10, strict=True, description="1 to the conference's `review.scale`.")
    comment: text(4000, multiline=True) | None = None  # type: ignore[valid-type]
    private_comment: text(4000, multiline=True) | None = Field(  # type: ignore[valid-type]
        None, description="Only ever returned to its author.")


class ConflictIn(RequestModel):
    reason: text(1000, required=True, multiline=True)  # type: ignore[valid-type]


class RankingQuery(RequestModel):
    status: GrantStatus | None = None
