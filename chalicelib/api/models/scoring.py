"""Scoring request models (responses in api/responses/scoring.py)."""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from ...domain.money import Money
from .base import RequestModel, empty_list, text
from .grants import ApplicationType, GrantStatus


class ScoreIn(RequestModel):
    score: int = Field(ge=1, le=10, strict=True, description="1 to the conference's `review.scale`.")
    comment: text(4000, multiline=True) | None = None  # type: ignore[valid-type]
    private_comment: text(4000, multiline=True) | None = Field(  # type: ignore[valid-type]
        None, description="Only ever returned to its author.")


class ConflictIn(RequestModel):
    reason: text(1000, required=True, multiline=True)  # type: ignore[valid-type]


class RankingQuery(RequestModel):
    status: GrantStatus | None = None


Share = Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)]


class FloorIn(RequestModel):
    field: Literal["first_time", "international", "application_type"]
    equals: bool | ApplicationType = Field(description=(
        "true/false for first_time and international; an application type for application_type."))
    min_share: Share = Field(description="The least share (0..1) of the funded money these grants take.")


def _default_statuses() -> list[str]:
    return ["submitted", "waitlisted"]


class AllocationIn(RequestModel):
    budget: Money | None = Field(None, description="The money to allocate; default: what remains of the budget.")
    statuses: list[GrantStatus] = Field(default_factory=_default_statuses, min_length=1, max_length=12)
    min_scores: int = Field(1, ge=1, le=1000, strict=True)
    floors: list[FloorIn] = Field(default_factory=empty_list, max_length=10)
    expected_decline_rate: Annotated[Decimal, Field(ge=0, le=Decimal("0.9"), decimal_places=4)] = Decimal(0)
