"""Activities as iCalendar (RFC 5545): one activity's `.ics`, and a person's feed.

Rendered by `icalendar`, imported inside the functions: only the requests (and e-mails)
that make a calendar load it (~50 ms of imports), never a cold start.

Every event is in UTC (`DTSTART:20260514T090000Z`), so no VTIMEZONE is needed and every
calendar shows it in its own zone. Its `UID` is derived from the conference and activity
slugs alone (a name-based UUID), so a calendar that imports the file twice, or gets it from
the feed and from an e-mail, updates one event instead of showing two. `DTSTAMP` and
`LAST-MODIFIED` are the activity's last change, so the same activity renders the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .config import settings
from .domain import emails as pages

PRODUCT_ID = "-//conference-grants//activities//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
#: As an e-mail attachment: `method` repeats the calendar's METHOD (RFC 6047), so mail clients
#: offer "add to calendar" rather than treating it as an invitation to answer.
ATTACHMENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
#: The namespace of the events' UIDs (uuid5 of the conference and activity slugs).
_UID_NAMESPACE = uuid.UUID("9f4c3b1e-5f0d-4c55-9a57-0d1c6a3f2b7e")


def event_uid(conference_slug: str, activity_slug: str) -> str:
    """The activity's event UID: the same for every download, feed and e-mail."""
    return f"{uuid.uuid5(_UID_NAMESPACE, f'{conference_slug}/{activity_slug}')}@conference-activities"


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def scheduled(activity: Any) -> bool:
    """Whether the activity can be in a calendar (it has a start time)."""
    return _moment(activity.start_time) is not None


def activity_url(conference_slug: str, activity_slug: str) -> str | None:
    """The activity's page in the web app (None without a FRONTEND_URL)."""
    return pages.page_url(settings().frontend_url, pages.activity_page(conference_slug, activity_slug))


def _location(activity: Any) -> str:
    return ", ".join(part for part in (activity.room, activity.location) if part)


def _event(conference_name: str, conference_slug: str, activity: Any) -> Any:
    from icalendar import Event

    start = _moment(activity.start_time)
    end = _moment(activity.end_time)
    changed = _moment(activity.updated_at) or _moment(activity.created_at) or start
    event = Event()
    event.add("uid", event_uid(conference_slug, activity.slug))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", start)
    if end is not None and start is not None and end > start:
        event.add("dtend", end)
    event.add("summary", f"{activity.name} ({conference_name})")
    location = _location(activity)
    if location:
        event.add("location", location)
    link = activity_url(conference_slug, activity.slug)
    if link:
        event.add("url", link)
    description = "\n\n".join(part for part in ((activity.description or "").strip(), link or "") if part)
    if description:
        event.add("description", description)
    return event


def _calendar(name: str, events: Iterable[Any]) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def activity_ics(conference: Any, activity: Any) -> bytes:
    """One activity as a calendar with one VEVENT (the caller checked it is `scheduled`).

    `conference` needs `.slug` and `.name`; `activity` the activity item's fields (slug, name,
    description, room, location, start_time, end_time, created_at, updated_at).
    """
    return _calendar(f"{activity.name} ({conference.name})", [_event(conference.name, conference.slug, activity)])


def feed_ics(conference: Any, activities: Iterable[Any]) -> bytes:
    """A person's confirmed activities in one conference, unscheduled ones left out."""
    return _calendar(f"My activities at {conference.name}",
                     [_event(conference.name, conference.slug, a) for a in activities if scheduled(a)])
