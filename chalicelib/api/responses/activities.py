"""Activity responses (the contract's "Activities" section)."""

from typing import Literal

from pydantic import Field

from ..models.activities import CLAIM_HOURS_DESCRIPTION, ActivityType, SignupStatus
from .base import ResponseModel

_POSITION = "1-based place in the waitlist while `waitlisted`, else null."
_CLAIM_BY = "While `offered`: the moment (UTC) the place must be claimed by, else null."


class ActivityOut(ResponseModel):
    slug: str
    name: str
    activity_type: ActivityType
    description: str
    location: str | None
    room: str | None
    start_time: str | None
    end_time: str | None
    max_participants: int | None
    spots_remaining: int | None
    signup_count: int
    waitlist_count: int
    talk_count: int
    requires_ticket: bool
    external_url: str | None
    is_active: bool
    pretalx_submission_type: str | None
    organizers: list[str]
    claim_hours: int | None = Field(None, description=CLAIM_HOURS_DESCRIPTION)


class ActivityList(ResponseModel):
    activities: list[ActivityOut]


class TalkOut(ResponseModel):
    code: str
    title: str
    submission_type: str | None
    speakers: list[str]
    room: str | None
    start: str | None
    end: str | None


class DaySchedule(ResponseModel):
    date: str
    talks: list[str]


class SignupOut(ResponseModel):
    id: str
    status: SignupStatus
    note: str
    created_at: str
    waitlist_position: int | None = Field(None, description=_POSITION)
    claim_by: str | None = Field(None, description=_CLAIM_BY)


class SignupCreated(SignupOut):
    """The new signup, with the caller's other active signups that clash with it."""

    overlaps: list[str] = Field(description="Slugs of the caller's other active signups (confirmed, waitlisted "
                                "or offered) whose times overlap this activity's; [] when it has no times.")


class MySignup(SignupOut):
    activity_slug: str
    activity_name: str


class MySignupList(ResponseModel):
    """The caller's active signups in the conference, oldest first."""

    signups: list[MySignup]


class ActivityDetail(ActivityOut):
    talks: list[TalkOut]
    schedule_by_day: list[DaySchedule]
    speakers: list[str]
    my_signup: SignupOut | None


class CancelledSignup(ResponseModel):
    id: str
    status: Literal["cancelled"]
    cancelled_at: str
    waitlist_position: None = Field(None, description="Always null: a cancelled signup has left the queue.")


class SignupUser(ResponseModel):
    sub: str
    email: str
    name: str


class ManagedSignup(ResponseModel):
    id: str
    user: SignupUser
    status: SignupStatus
    note: str
    created_at: str
    cancelled_at: str | None
    promoted_at: str | None = None
    waitlist_position: int | None = Field(None, description=_POSITION)
    claim_by: str | None = Field(None, description=_CLAIM_BY)


class SignupStats(ResponseModel):
    total_active: int
    confirmed: int
    waitlisted: int
    cancelled: int
    offered: int = 0
    expired: int = 0


class SignupList(ResponseModel):
    signups: list[ManagedSignup]
    stats: SignupStats
    spots_remaining: int | None
    next_token: str | None = None


class PromotedSignup(ManagedSignup):
    overbooked: bool


class CalendarFeed(ResponseModel):
    """The caller's personal calendar feed (no token needed to read it: keep it private)."""

    url: str = Field(description="The feed's URL (`.ics`), the same until DELETE /conferences/{slug}/my/calendar.")


class PersonOut(ResponseModel):
    """Someone the conference knows (they signed up for an activity, applied for a grant or reviewed one)."""

    sub: str = Field(description="The person's user id: what an activity's `organizers` lists.")
    name: str
    email: str


class PeopleList(ResponseModel):
    people: list[PersonOut]
