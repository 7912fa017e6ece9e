"""Activity request models (the contract's "Activities" section; responses in api/responses/)."""

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from ...domain.people import MIN_QUERY_CHARS
from ...domain.signups import SignupStatus as SignupStatusEnum
from .base import PageQuery, RequestModel, text

ActivityType = Literal["sprint", "workshop", "tutorial", "lightning_talk", "social", "open_space", "summit", "other"]
#: The statuses of domain.signups.SignupStatus (the OpenAPI enum is built from this literal).
SignupStatus = Literal[tuple(s.value for s in SignupStatusEnum)]  # type: ignore[valid-type]
MAX_PARTICIPANTS = 100_000
#: A claim window longer than four weeks would hold a place past most conferences.
MAX_CLAIM_HOURS = 24 * 28
CLAIM_HOURS_DESCRIPTION = ("Hours a freed place is offered to the first on the waitlist, who must claim it in that "
                           "time (else it goes to the next in line); null: the place is confirmed at once.")
#: Fields a patch may change but not clear.
NOT_NULLABLE = ("name", "activity_type", "requires_ticket", "is_active", "organizers", "description")


#: How activity times are read (shown in the OpenAPI document).
TIME_DESCRIPTION = ("ISO 8601 date and time, e.g. 2027-03-31T10:00:00-04:00 or 2027-03-31T14:00:00Z. Without a zone "
                    "(2027-03-31T10:00:00, or a bare date 2027-03-31 = midnight) it is read in the conference's "
                    "timezone. Answers always give UTC.")


def _utc(value: datetime | None) -> datetime | None:
    """Times with a zone become UTC; times without one stay naive here, and the service reads
    them in the conference's timezone (the model does not know the conference)."""
    if value is None or value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


def end_before_start(start: datetime | None, end: datetime | None) -> bool:
    """True when both are given, comparable (both with a zone, or both without) and end < start."""
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
        return False
    return end < start


END_BEFORE_START = "must not be before start_time"


def _url(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be an http(s) URL")
    return value


class ActivityFields(RequestModel):
    """Fields shared by create and patch; every one optional here."""

    description: text(10_000, multiline=True) | None = None  # type: ignore[valid-type]
    activity_type: ActivityType | None = None
    location: text(300) | None = None  # type: ignore[valid-type]
    room: text(200) | None = None  # type: ignore[valid-type]
    start_time: datetime | None = Field(None, description=TIME_DESCRIPTION)
    end_time: datetime | None = Field(None, description=TIME_DESCRIPTION)
    max_participants: int | None = Field(None, ge=1, le=MAX_PARTICIPANTS)
    claim_hours: int | None = Field(None, ge=1, le=MAX_CLAIM_HOURS, description=CLAIM_HOURS_DESCRIPTION)
    requires_ticket: bool | None = None
    external_url: text(500) | None = None  # type: ignore[valid-type]
    is_active: bool | None = None
    pretalx_submission_type: text(200) | None = None  # type: ignore[valid-type]
    organizers: list[text(200, required=True)] | None = Field(None, max_length=50)  # type: ignore[valid-type]

    @field_validator("start_time", "end_time")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    @field_validator("external_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        return _url(value)

    @field_validator("organizers")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else list(dict.fromkeys(value))

    def field_problems(self) -> dict[str, list[str]]:
        problems: dict[str, list[str]] = {}
        if end_before_start(self.start_time, self.end_time):
            problems["end_time"] = [END_BEFORE_START]
        return problems


class ActivityCreate(ActivityFields):
    name: text(200, required=True)  # type: ignore[valid-type]
    activity_type: ActivityType = "other"

    def values(self) -> dict[str, Any]:
        data = self.model_dump(exclude_none=True)
        data.setdefault("organizers", [])
        return data


class ActivityPatch(ActivityFields):
    """Only the fields present in the body change; `null` clears nullable ones (capacity too)."""

    name: text(200, required=True) | None = None  # type: ignore[valid-type]

    def field_problems(self) -> dict[str, list[str]]:
        problems = super().field_problems()
        for required in NOT_NULLABLE:
            if required in self.model_fields_set and getattr(self, required) is None:
                problems.setdefault(required, []).append("must not be null")
        return problems

    def values(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ActivityListQuery(RequestModel):
    type: ActivityType | None = None


class PeopleQuery(RequestModel):
    q: text(100, required=True) = Field(description=(  # type: ignore[valid-type]
        f"The start of a name or e-mail address (at least {MIN_QUERY_CHARS} characters; case and accents "
        "do not matter)."))

    @field_validator("q")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if len(value) < MIN_QUERY_CHARS:
            raise ValueError(f"must be at least {MIN_QUERY_CHARS} characters")
        return value


class SignupListQuery(PageQuery):
    status: SignupStatus | None = None


class SignupIn(RequestModel):
    note: text(1000, multiline=True) = ""  # type: ignore[valid-type]

    @field_validator("note", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


