"""Scoring responses: a score, a conflict, the ranking and the report."""

from pydantic import Field

from ..models.grants import GrantStatus, RequestType
from .base import ResponseModel
from .grants import GrantUser, MyScore, ScoreSummary


class ScoreOut(ResponseModel):
    score: MyScore
    scores: ScoreSummary


class ConflictReason(ResponseModel):
    reason: str


class ConflictOut(ResponseModel):
    conflict: ConflictReason


class RankingRow(ResponseModel):
    rank: int
    grant_id: str
    user: GrantUser | None = Field(description="null under blind review until the grant is decided.")
    status: GrantStatus
    request_type: RequestType
    requested_amount: str
    scores: ScoreSummary
    first_time: bool | None
    international: bool
    created_at: str | None = None


class RankingOut(ResponseModel):
    ranking: list[RankingRow]


class ReportBucket(ResponseModel):
    count: int
    requested: str
    approved: str
    disbursed: str


class ReportRow(ReportBucket):
    key: str = Field(description="The status, application type, yes/no/unknown, or country (as written).")


class GrantReportOut(ResponseModel):
    total: ReportBucket
    by_status: list[ReportRow]
    by_application_type: list[ReportRow]
    by_first_time: list[ReportRow]
    by_international: list[ReportRow]
    by_country: list[ReportRow]


class ProposalRow(ResponseModel):
    grant_id: str
    user: GrantUser | None = Field(description="null under blind review until the grant is decided.")
    amount: str = Field(description="What funding it costs: the requested amount (0.00 for ticket only).")
    scores: ScoreSummary
    funded: bool
    reason: str | None = Field(description="Why it is not funded, in words (null when funded).")
    status: str
    request_type: RequestType
    version: int = Field(description="The grant's version: send it with the offer (bulk-review) to offer only "
                                     "what was proposed.")
    first_time: bool | None
    international: bool
    application_type: str


class FloorOut(ResponseModel):
    field: str
    equals: bool | str
    min_share: str
    funded_share: str = Field(description="The share of the funded money the matching funded grants take.")
    label: str


class AllocationOut(ResponseModel):
    proposal: list[ProposalRow] = Field(description="Every candidate in ranking order.")
    funded_total: str
    budget: str
    capacity: str = Field(description="What may be offered: budget / (1 − expected_decline_rate).")
    funded_count: int
    funded_line: str | None = Field(description="The lowest mean score among funded grants that cost money.")
    floors: list[FloorOut]
    optimal: bool = Field(description="true only when the solver proved no allocation scores more.")
