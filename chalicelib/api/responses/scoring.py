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
