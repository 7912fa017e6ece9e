"""Conference responses."""

from datetime import date

from .base import ResponseModel


class SectionOut(ResponseModel):
    name: str
    start_date: date
    end_date: date
    order: int


class PretalxOut(ResponseModel):
    base_url: str
    event_slug: str
    api_token_set: bool
    #: Submission types synced as one activity per talk.
    per_talk_types: list[str] = []


class PretixOut(ResponseModel):
    base_url: str
    organizer: str
    event: str
    item_id: int | None
    api_token_set: bool


class ReviewSettingsOut(ResponseModel):
    scale: int
    blind: bool
    scoring_open: bool


class ConferencePublic(ResponseModel):
    slug: str
    name: str
    start_date: date
    end_date: date
    timezone: str
    sections: list[SectionOut]
    features: dict[str, bool]
    max_grant_amount: str
    review: ReviewSettingsOut
    default_locale: str


class ConferenceManage(ConferencePublic):
    grant_budget: str | None
    overcommit_percent: int
    offer_response_days: int | None
    offer_reminder_days: int
    auto_offer_waitlist: bool
    reviewers_email: str | None = None
    pretalx: PretalxOut | None
    pretix: PretixOut | None = None
    created_at: str | None
    updated_at: str | None


class ConferenceList(ResponseModel):
    conferences: list[ConferenceManage]
