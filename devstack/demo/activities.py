"""Demo activities for `make run`, written through the same services the API uses.

One of them ("Packaging workshop") is one place short of full, so a demo attendee who
signs up takes the last place and the next one lands on the waitlist; cancelling then
shows the stream-driven promotion.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.auth import Principal
from chalicelib.services import activities as service
from chalicelib.services import conferences, signups
from chalicelib.store import activities as store

NEARLY_FULL_PLACES = 12


def _at(day: Any, hour: int, timezone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(timezone))


def demo_activities(first_day: Any, timezone: str) -> list[dict[str, Any]]:
    day = lambda n: first_day + timedelta(days=n)  # noqa: E731 - a local shorthand
    return [
        {"name": "Intro to async Python", "activity_type": "tutorial", "max_participants": 40, "room": "Room 101",
         "description": "A hands-on morning with asyncio.",
         "start_time": _at(day(0), 9, timezone), "end_time": _at(day(0), 12, timezone)},
        {"name": "Packaging workshop", "activity_type": "workshop", "max_participants": NEARLY_FULL_PLACES,
         "room": "Room 102", "description": "Build, publish and sign a package.",
         "start_time": _at(day(1), 13, timezone), "end_time": _at(day(1), 16, timezone),
         "organizers": ["demo-organiser"]},
        # Linked to Pretalx's "Lightning Talks" type: the demo schedule's sync fills in its talks.
        {"name": "Lightning talks", "activity_type": "lightning_talk", "location": "Main hall",
         "pretalx_submission_type": "Lightning Talks",
         "start_time": _at(day(3), 17, timezone), "end_time": _at(day(3), 18, timezone)},
        {"name": "PyLadies lunch", "activity_type": "social", "max_participants": 80, "requires_ticket": True,
         "start_time": _at(day(2), 12, timezone), "end_time": _at(day(2), 13, timezone)},
        {"name": "Open space: Python in science", "activity_type": "open_space", "max_participants": 25,
         "organizers": ["demo-organiser"]},
        {"name": "Development sprints", "activity_type": "sprint", "location": "Sprint rooms",
         "pretalx_submission_type": "Sprints",
         "external_url": "https://example.com/sprints",
         "start_time": _at(day(5), 9, timezone), "end_time": _at(day(6), 17, timezone)},
        {"name": "Speaker dinner (draft)", "activity_type": "social", "is_active": False, "max_participants": 60},
    ]


def seed(conference_slug: str) -> None:
    """Create the demo activities once (a second run leaves existing ones alone)."""
    conference = conferences.get_conference(conference_slug)
    if conference is None or store.list_activities(conference_slug):
        return
    slugs = {}
    for values in demo_activities(conference.start_date, conference.timezone):
        created = service.create(conference_slug, {k: v for k, v in values.items() if v is not None})
        slugs[values["name"]] = created["slug"]
    packaging = slugs["Packaging workshop"]
    for n in range(NEARLY_FULL_PLACES - 1):
        fan = Principal(sub=f"demo-fan-{n:02d}", email=f"fan{n:02d}@example.com", name=f"Demo Fan {n:02d}",
                        email_verified=True)
        signups.signup(conference_slug, packaging, fan, "" if n % 3 else "Bringing my laptop")
