"""Travel grant responses (applicant and reviewer sides)."""

from typing import Literal

from pydantic import Field

from ..models.grants import ApplicationType, ExperienceLevel, GrantStatus, RequestType
from .base import ErrorDetail, ResponseModel
from .conferences import ReviewSettingsOut


class DayOut(ResponseModel):
    value: str
    label: str


class DaysOut(ResponseModel):
    days: list[DayOut]


class MessageOut(ResponseModel):
    id: str
    author: Literal["applicant", "reviewer"]
    message: str
    created_at: str


class ReviewerMessageOut(MessageOut):
    visible: bool
    author_sub: str | None = None
    author_name: str | None = None


class GrantActions(ResponseModel):
    edit: bool
    withdraw: bool
    accept: bool
    decline: bool
    request_more: bool
    provide_info: bool
    upload_receipts: bool
    payment_info: bool


TicketStatus = Literal["pending", "issued", "failed", "revoked", "redeemed"]


class TicketOut(ResponseModel):
    """The conference ticket: a pretix voucher made when the grant was accepted."""

    status: TicketStatus
    voucher_code: str | None = Field(description="The voucher code (issued or redeemed), else null.")
    shop_url: str | None = Field(description="The shop page that redeems the voucher (issued), else null.")
    error: str | None = Field(description="pretix's answer, in words, while the ticket is failed.")


class _ApplicationOut(ResponseModel):
    id: str
    status: GrantStatus
    request_type: RequestType
    application_type: ApplicationType
    travel_from: str
    international: bool
    first_time: bool | None
    days_attending: list[str]
    travel_plans_airfare_description: str
    travel_plans_airfare_amount: str
    travel_plans_lodging_description: str
    travel_plans_lodging_amount: str
    requested_amount: str
    sharing_expenses: bool
    traveling_with: str
    experience_level: ExperienceLevel
    occupation: str
    involvement: str
    reason: str
    approved_amount: str | None
    promo_code: str | None
    ticket: TicketOut | None = Field(None, description="null when the conference has no pretix settings "
                                                       "or the grant was never accepted with them.")
    question: str | None = Field(None, description=(
        "The reviewers' open question while the grant is info_needed (what provide-info answers), else null."))
    travel_plans_total: str
    respond_by: str | None = Field(None, description=(
        "The offer's deadline (UTC; the end of a day in the conference's timezone): accept, decline and "
        "request-more after it answer 409 offer_expired. Null without a deadline."))
    created_at: str
    updated_at: str


class GrantOut(_ApplicationOut):
    """The applicant's view: never reviewer notes or internal messages."""

    messages: list[MessageOut]
    actions: GrantActions
    disbursed_amount: str | None = Field(None, description="What was paid out; null until disbursed.")
    disbursed_at: str | None = Field(None, description="When it was paid out (UTC); null until disbursed.")


class GrantUser(ResponseModel):
    sub: str
    email: str
    name: str
    email_verified: bool = Field(description="The identity provider had verified `email` when the applicant "
                                                    "applied. When false nobody proved the applicant owns the "
                                                    "address: no e-mail is sent to it and it may not be theirs.")


class AuditOut(ResponseModel):
    id: str
    actor_sub: str
    actor_name: str | None = Field(None, description="The actor's name when the entry was written "
                                                     "(null on entries from before names were recorded).")
    action: str
    details: dict
    created_at: str


class ScoreSummary(ResponseModel):
    count: int
    mean: str | None = Field(description="Mean score on the conference's scale, two decimals (null: no score).")
    calibrated: str | None = Field(description="Mean of the reviewers' z-scores (each score against that "
                                               "reviewer's mean and spread), three decimals (null: no score).")


class MyScore(ResponseModel):
    score: int
    comment: str | None
    private_comment: str | None
    updated_at: str | None = None


class ReviewerRef(ResponseModel):
    sub: str
    name: str


class ReviewOut(ResponseModel):
    reviewer: ReviewerRef
    score: int
    comment: str | None
    private_comment: str | None = Field(None, description="Present on the caller's own review only.")
    updated_at: str | None = None


class ReviewerGrantOut(_ApplicationOut):
    user: GrantUser | None = Field(description="null under blind review until the grant is decided.")
    reviewer_notes: str | None
    reviewed_by: str | None
    reviewed_by_name: str | None = Field(None, description="The last reviewer's name when they reviewed "
                                                            "(null before names were recorded).")
    reviewed_at: str | None
    version: int
    receipt_count: int
    transitions: list[GrantStatus] = Field(description=(
        "The statuses a reviewer may move the grant to now (PATCH `status`); any other: 409 invalid_transition."))
    editable_fields: list[str] = Field(description=(
        "The PATCH fields that can still change the grant in its status (e.g. no `approved_amount` once "
        "accepted, no `status` when no transition is left)."))
    internal_notes_hidden: bool = Field(description=(
        "true for a payer without view/review permission: internal notes and reviewer_notes are left out."))


class ReviewerGrantDetail(ReviewerGrantOut):
    messages: list[ReviewerMessageOut]
    audit: list[AuditOut] = Field(description="The newest audit entries that fit the answer's share for them "
                                              "(oldest first); long texts in `details` are cut.")
    audit_omitted: int = Field(0, description="How many older audit entries the answer leaves out.")
    receipts: list[dict]
    receipts_total: str = Field(description="The receipts pending review or approved (as the applicant's total).")
    approved_receipts_total: str = Field(description="The sum of the approved receipts.")
    payout_suggestion: str = Field(description="The smaller of approved_amount and approved_receipts_total: "
                                               "disbursing more needs an override_reason.")
    has_payment_info: bool
    ready_for_disbursement: bool
    disbursed_amount: str | None
    disbursed_at: str | None
    disbursed_by: str | None
    disbursed_by_name: str | None = Field(None, description="The payer's name when they recorded the disbursement "
                                                             "(null before names were recorded).")
    scores: ScoreSummary | None = None
    my_score: MyScore | None = None
    reviews: list[ReviewOut] | None = Field(None, description="Shown once the caller scored the grant or "
                                                                "scoring is closed (else null).")
    review: ReviewSettingsOut | None = Field(None, description="The conference's review settings (the scale to score on).")


class GrantListItem(ResponseModel):
    id: str
    user: GrantUser | None = Field(description="null under blind review until the grant is decided.")
    scores: ScoreSummary | None = None
    status: GrantStatus
    request_type: RequestType
    application_type: ApplicationType
    requested_amount: str
    approved_amount: str | None
    receipt_count: int
    ticket_status: TicketStatus | None = Field(None, description="The ticket's status (null: no ticket owed).")
    respond_by: str | None = Field(None, description="The offer's deadline (UTC), null without one.")
    created_at: str
    updated_at: str


class GrantStatsOut(ResponseModel):
    total: int
    submitted: int
    info_needed: int
    offered: int
    need_more: int
    accepted: int
    rejected: int
    declined: int
    withdrawn: int
    disbursed: int
    waitlisted: int
    expired: int
    total_requested: str
    total_approved: str
    total_disbursed: str


class BudgetOut(ResponseModel):
    budget: str
    committed: str
    disbursed: str
    remaining: str
    limit: str = Field(description=(
        "The most offers may commit: budget × (1 + overcommit_percent/100); equals budget without over-commitment."))


class GrantListOut(ResponseModel):
    grants: list[GrantListItem]
    stats: GrantStatsOut
    budget: BudgetOut | None
    next_token: str | None


class BulkReviewResult(ResponseModel):
    grant_id: str
    status: int = Field(description="The HTTP status the single reviewer PATCH of this item would answer.")
    error: ErrorDetail | None = Field(None, description="What went wrong (absent on success).")
    grant: ReviewerGrantOut | None = Field(None, description="The grant after the review (on success).")


class BulkReviewOut(ResponseModel):
    results: list[BulkReviewResult] = Field(description="One per review, in the order given.")
