"""Conference request models (responses in api/responses/)."""

from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import Field, ValidationInfo, field_validator

from ...domain.budget import MAX_OVERCOMMIT_PERCENT
from ...domain.deadlines import DEFAULT_REMINDER_DAYS, DEFAULT_RESPONSE_DAYS
from ...domain.locale import DEFAULT_LOCALE, Locale
from ...domain.money import Money
from ...domain.talk_activities import MAX_PER_TALK_TYPES, MAX_TYPE_REFERENCE, clean_type_references
from .base import IsoDate, RequestModel, empty_dict, empty_list, text


def end_not_before_start(value: date, info: ValidationInfo) -> date:
    start = info.data.get("start_date")
    if start is not None and value < start:
        raise ValueError("must not be before start_date")
    return value


FeatureName = Literal["programs", "travel_grants", "public_ui"]
#: An address to send to: one @, a dot in the domain, no spaces (the mail server says the rest).
ReviewersEmail = Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class SectionIn(RequestModel):
    name: text(100, required=True)  # type: ignore[valid-type]
    start_date: IsoDate
    end_date: IsoDate
    order: int = Field(0, ge=0, le=1000)

    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, value: date, info: ValidationInfo) -> date:
        return end_not_before_start(value, info)


class PretalxIn(RequestModel):
    base_url: Annotated[str, Field(min_length=8, max_length=300)]
    event_slug: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
    api_token: text(200) | None = None  # type: ignore[valid-type]
    per_talk_types: list[text(MAX_TYPE_REFERENCE, required=True)] | None = Field(  # type: ignore[valid-type]
        None, max_length=MAX_PER_TALK_TYPES, description=(
            "Pretalx submission types (ids or names, e.g. \"Tutorials\") whose talks each get their own activity "
            "(own time, room, speakers; capacity from the room), instead of one activity for the whole type. "
            "Absent: keep the stored choice; []: none."))

    @field_validator("per_talk_types")
    @classmethod
    def _per_talk_types(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_type_references(value)


class PretixIn(RequestModel):
    """Where vouchers for accepted grants are made (the token is write-only)."""

    base_url: Annotated[str, Field(min_length=8, max_length=300)]
    organizer: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]
    event: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]
    item_id: int | None = Field(None, ge=1, le=2**53, strict=True, description=(
        "The pretix product the vouchers are for (null until chosen: save the token, then pick it from "
        "GET /manage/conferences/{slug}/pretix/items)."))
    api_token: text(200) | None = None  # type: ignore[valid-type]


class ReviewSettingsIn(RequestModel):
    """The conference's `review` settings (domain.scoring.ReviewSettings)."""

    scale: int = Field(5, ge=3, le=10, strict=True, description="Scores run from 1 to `scale` (3-10).")
    blind: bool = Field(False, strict=True, description="Hide applicants' identity from reviewers until decided.")
    scoring_open: bool = Field(True, strict=True, description="Reviewers may score (false: 409 scoring_closed).")


def default_review() -> ReviewSettingsIn:
    return ReviewSettingsIn()


class ReviewSettingsPatch(RequestModel):
    """Any subset of `review`: absent fields keep their value."""

    scale: int | None = Field(None, ge=3, le=10, strict=True)
    blind: bool | None = Field(None, strict=True)
    scoring_open: bool | None = Field(None, strict=True)


class ConferenceIn(RequestModel):
    name: text(200, required=True)  # type: ignore[valid-type]
    start_date: IsoDate
    end_date: IsoDate
    timezone: str = "UTC"
    sections: list[SectionIn] = Field(default_factory=empty_list, max_length=50)
    features: dict[FeatureName, bool] = Field(default_factory=empty_dict)
    max_grant_amount: Money | None = None
    grant_budget: Money | None = None
    pretalx: PretalxIn | None = None
    pretix: PretixIn | None = None
    review: ReviewSettingsIn = Field(default_factory=default_review)
    overcommit_percent: int = Field(0, ge=0, le=MAX_OVERCOMMIT_PERCENT, strict=True, description=(
        "Offers may commit up to grant_budget × (1 + overcommit_percent/100); beyond it 409 over_budget."))
    offer_response_days: int | None = Field(DEFAULT_RESPONSE_DAYS, ge=1, le=365, strict=True, description=(
        "Days an applicant has to answer an offer (respond_by: the end of that day in the conference's "
        "timezone); null: no deadline."))
    offer_reminder_days: int = Field(DEFAULT_REMINDER_DAYS, ge=0, le=60, strict=True, description=(
        "Days before respond_by when the reminder e-mail goes out (0: none)."))
    auto_offer_waitlist: bool = Field(False, strict=True, description=(
        "Offer waitlisted grants, in ranking order, whenever committed money falls."))
    default_locale: Locale = Field(DEFAULT_LOCALE, description=(
        "The language of people whose token and browser name none we write in: en or es."))
    reviewers_email: ReviewersEmail | None = Field(None, description=(
        "The reviewers' shared address: a daily digest of applicants' messages on grants no reviewer has "
        "acted on yet goes there (null: no digest)."))

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError("must be an IANA time zone such as America/New_York")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as America/New_York") from None
        return value

    @field_validator("max_grant_amount")
    @classmethod
    def _positive_max(cls, value: object) -> object:
        if value is not None and value <= 0:  # type: ignore[operator]
            raise ValueError("must be greater than 0")
        return value

    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, value: date, info: ValidationInfo) -> date:
        value = end_not_before_start(value, info)
        start = info.data.get("start_date")
        if start is not None and (value - start).days > 60:
            raise ValueError("a conference lasts at most 60 days")
        return value

    @field_validator("sections")
    @classmethod
    def _sections_within(cls, sections: list[SectionIn], info: ValidationInfo) -> list[SectionIn]:
        start, end = info.data.get("start_date"), info.data.get("end_date")
        if start is None or end is None:
            return sections
        for section in sections:
            if section.start_date < start or section.end_date > end:
                raise ValueError(f"section '{section.name}' must lie within the conference dates")
        return sections


class ConferencePatch(RequestModel):
    """Any subset of the PUT fields: absent ones keep their value, `"pretalx": null` removes
    the Pretalx settings. The merged result is validated as a whole PUT body."""

    name: text(200, required=True) | None = None  # type: ignore[valid-type]
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    timezone: str | None = None
    sections: list[SectionIn] | None = Field(None, max_length=50)
    features: dict[FeatureName, bool] | None = None
    max_grant_amount: Money | None = None
    grant_budget: Money | None = None
    pretalx: PretalxIn | None = None
    pretix: PretixIn | None = None
    review: ReviewSettingsPatch | None = None
    overcommit_percent: int | None = Field(None, ge=0, le=MAX_OVERCOMMIT_PERCENT, strict=True)
    offer_response_days: int | None = Field(None, ge=1, le=365, strict=True)
    offer_reminder_days: int | None = Field(None, ge=0, le=60, strict=True)
    auto_offer_waitlist: bool | None = Field(None, strict=True)
    default_locale: Locale | None = None
    reviewers_email: ReviewersEmail | None = None

    def changes(self) -> dict[str, object]:
        """The fields given, as JSON values (None where the body said null). `review` holds
        only the review settings given (services.conferences merges them onto the stored ones)."""
        given = self.model_dump(mode="json", include=self.model_fields_set, exclude_none=False)
        if self.review is not None:
            given["review"] = self.review.model_dump(mode="json", exclude_unset=True)
        return given
