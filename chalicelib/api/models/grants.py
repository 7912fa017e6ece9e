"""Travel grant request and response models (applicant and reviewer sides)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ...domain.money import Money
from .base import PageQuery, RequestModel, ResponseModel, empty_list, text

RequestType = Literal["ticket_only", "ticket_and_grant"]
ApplicationType = Literal["general", "staff", "speaker", "core_dev", "psf_board", "community", "education",
                          "pyladies", "other"]
ExperienceLevel = Literal["beginner", "intermediate", "expert"]
GrantStatus = Literal["submitted", "info_needed", "offered", "need_more", "accepted", "rejected", "declined",
                      "withdrawn", "disbursed"]
DayValue = text(10, required=True)

#: Application fields that must be present and non-blank.
REQUIRED_TEXT = ("travel_from", "experience_level", "occupation", "involvement", "reason")
MONEY_FIELDS = ("travel_plans_airfare_amount", "travel_plans_lodging_amount", "requested_amount")


class GrantApplicationIn(RequestModel):
    """A new application; see the contract for the cross-field rules (checked server-side)."""

    request_type: RequestType = "ticket_and_grant"
    application_type: ApplicationType = "general"
    travel_from: text(200, required=True)  # type: ignore[valid-type]
    international: bool = False
    first_time: bool | None = None
    days_attending: list[DayValue] = Field(default_factory=empty_list, max_length=60)  # type: ignore[valid-type]
    travel_plans_airfare_description: text(2000, multiline=True) = ""  # type: ignore[valid-type]
    travel_plans_airfare_amount: Money = Decimal("0")
    travel_plans_lodging_description: text(2000, multiline=True) = ""  # type: ignore[valid-type]
    travel_plans_lodging_amount: Money = Decimal("0")
    requested_amount: Money = Decimal("0")
    sharing_expenses: bool = False
    traveling_with: text(500) = ""  # type: ignore[valid-type]
    experience_level: ExperienceLevel
    occupation: text(200, required=True)  # type: ignore[valid-type]
    involvement: text(5000, required=True, multiline=True)  # type: ignore[valid-type]
    reason: text(5000, required=True, multiline=True)  # type: ignore[valid-type]


class GrantEditIn(RequestModel):
    """Any subset of the application fields; the merged application is validated again."""

    request_type: RequestType | None = None
    application_type: ApplicationType | None = None
    travel_from: text(200, required=True) | None = None  # type: ignore[valid-type]
    international: bool | None = None
    first_time: bool | None = None
    days_attending: list[DayValue] | None = Field(default=None, max_length=60)  # type: ignore[valid-type]
    travel_plans_airfare_description: text(2000, multiline=True) | None = None  # type: ignore[valid-type]
    travel_plans_airfare_amount: Money | None = None
    travel_plans_lodging_description: text(2000, multiline=True) | None = None  # type: ignore[valid-type]
    travel_plans_lodging_amount: Money | None = None
    requested_amount: Money | None = None
    sharing_expenses: bool | None = None
    traveling_with: text(500) | None = None  # type: ignore[valid-type]
    experience_level: ExperienceLevel | None = None
    occupation: text(200, required=True) | None = None  # type: ignore[valid-type]
    involvement: text(5000, required=True, multiline=True) | None = None  # type: ignore[valid-type]
    reason: text(5000, required=True, multiline=True) | None = None  # type: ignore[valid-type]


class NoBody(RequestModel):
    """Actions without parameters (an empty JSON object, or no body)."""


class MessageIn(RequestModel):
    message: text(5000, required=True, multiline=True)  # type: ignore[valid-type]


class RequestMoreIn(RequestModel):
    message: text(5000, required=True, multiline=True)  # type: ignore[valid-type]
    amount: Money | None = None


class ReviewIn(RequestModel):
    status: GrantStatus | None = None
    approved_amount: Money | None = None
    promo_code: text(100) | None = None  # type: ignore[valid-type]
    reviewer_notes: text(10000, multiline=True) | None = None  # type: ignore[valid-type]


class ReviewerMessageIn(RequestModel):
    message: text(5000, required=True, multiline=True)  # type: ignore[valid-type]
    visible: bool = False


class GrantListQuery(PageQuery):
    status: GrantStatus | None = None
    ready: bool | None = Field(None, description=(
        "true: only grants ready for disbursement (accepted, payment details present, a receipt approved). "
        "Callers with only disburse_travel_grant may list with ready=true."))


# -- responses --------------------------------------------------------------------------

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
    travel_plans_total: str
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


class AuditOut(ResponseModel):
    id: str
    actor_sub: str
    action: str
    details: dict
    created_at: str


class ReviewerGrantOut(_ApplicationOut):
    user: GrantUser
    reviewer_notes: str | None
    reviewed_by: str | None
    reviewed_at: str | None
    version: int
    receipt_count: int


class ReviewerGrantDetail(ReviewerGrantOut):
    messages: list[ReviewerMessageOut]
    audit: list[AuditOut]
    receipts: list[dict]
    has_payment_info: bool
    ready_for_disbursement: bool
    disbursed_amount: str | None
    disbursed_at: str | None
    disbursed_by: str | None


class GrantListItem(ResponseModel):
    id: str
    user: GrantUser
    status: GrantStatus
    request_type: RequestType
    application_type: ApplicationType
    requested_amount: str
    approved_amount: str | None
    receipt_count: int
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
    total_requested: str
    total_approved: str
    total_disbursed: str


class BudgetOut(ResponseModel):
    budget: str
    committed: str
    disbursed: str
    remaining: str


class GrantListOut(ResponseModel):
    grants: list[GrantListItem]
    stats: GrantStatsOut
    budget: BudgetOut | None
    next_token: str | None
