"""Travel grant request models, applicant and reviewer sides (responses in api/responses/)."""

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ...domain.grants import STATUSES
from ...domain.money import Money
from .base import IsoDate, PageQuery, RequestModel, empty_list, text

RequestType = Literal["ticket_only", "ticket_and_grant"]
ApplicationType = Literal["general", "staff", "speaker", "core_dev", "psf_board", "community", "education",
                          "pyladies", "other"]
ExperienceLevel = Literal["beginner", "intermediate", "expert"]
#: The statuses of domain.grants.GrantStatus (the OpenAPI enum is built from this literal).
GrantStatus = Literal[STATUSES]  # type: ignore[valid-type]
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


#: The longest message (characters): a grant holds at most MAX_MESSAGES_PER_GRANT of them.
MESSAGE_CHARS = 4000


class MessageIn(RequestModel):
    message: text(MESSAGE_CHARS, required=True, multiline=True)  # type: ignore[valid-type]


class AcceptIn(RequestModel):
    """Accept the offer; `approved_amount` (optional) is the amount the applicant was shown."""

    approved_amount: Money | None = Field(None, description=(
        "The amount the applicant saw and accepts. When it differs from the current offer: 409 offer_changed."))


class RequestMoreIn(RequestModel):
    message: text(MESSAGE_CHARS, required=True, multiline=True)  # type: ignore[valid-type]
    amount: Money | None = None


class ReviewIn(RequestModel):
    status: GrantStatus | None = None
    approved_amount: Money | None = None
    promo_code: text(100) | None = None  # type: ignore[valid-type]
    reviewer_notes: text(10000, multiline=True) | None = Field(None, description=(  # type: ignore[valid-type]
        "One shared text that a save replaces; prefer `note`, which adds a signed and dated entry."))
    note: text(MESSAGE_CHARS, multiline=True) | None = Field(None, description=(  # type: ignore[valid-type]
        "An internal note (reviewers only), written with the review as a message with `visible: false`, "
        "signed with the reviewer's name and dated: notes add up, they never overwrite each other."))
    message: text(MESSAGE_CHARS, multiline=True) | None = Field(None, description=(  # type: ignore[valid-type]
        "A visible message to the applicant, written with the review. Required when moving to info_needed: "
        "it is the question the applicant answers."))
    respond_by: IsoDate | None = Field(None, description=(
        "With status offered (or on an open offer): the applicant answers by the end of this day in the "
        "conference's timezone, instead of offer_response_days from today. Not in the past."))


#: The most reviews one bulk request applies (each is one read and one transaction).
MAX_BULK_REVIEWS = 100


class BulkReviewItem(ReviewIn):
    """One reviewer PATCH: the grant, its fields, and `version` (the If-Match of a single PATCH)."""

    grant_id: text(64, required=True)  # type: ignore[valid-type]
    version: int | None = Field(None, ge=1, strict=True, description=(
        "The grant's version the decision is based on: another version -> this item answers 412."))


class BulkReviewIn(RequestModel):
    reviews: list[BulkReviewItem] = Field(min_length=1, max_length=MAX_BULK_REVIEWS)
    respond_by: IsoDate | None = Field(None, description=(
        "The reply deadline (a date, in the conference's timezone) of the offers these reviews make."))


class ReviewerMessageIn(RequestModel):
    message: text(MESSAGE_CHARS, required=True, multiline=True)  # type: ignore[valid-type]
    visible: bool = False


class GrantListQuery(PageQuery):
    status: GrantStatus | None = None
    ready: bool | None = Field(None, description=(
        "true: only grants ready for disbursement (accepted, payment details present, a receipt approved). "
        "Callers with only disburse_travel_grant may list with ready=true."))
    ticket: Literal["not_issued"] | None = Field(None, description=(
        "not_issued: only grants whose ticket voucher is still owed (pending or failed), among the grants of "
        "`status` (default accepted). A page may hold fewer than `limit` rows; `next_token` continues."))


# -- responses --------------------------------------------------------------------------
