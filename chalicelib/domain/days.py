"""Which days an applicant can say they attend: pure functions, no AWS.

Tier 1 (the conference has a synced schedule): one entry per date that has slots, the
date read in the conference's timezone; when one talk submission type fills more than
half of that day's talk-linked slots, the label gets ` (Type)` so the applicant sees
"Wednesday, May 13 (Tutorial)".

Tier 2 (no slots): one entry per conference date, `"{Section} Day {n} -- {date}"` where
n is the day's position inside that section (the first section covering the date, in
section order), or `"Day {n} -- {date}"` for dates no section covers, where n is the
day's position inside the conference.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class DayChoice(NamedTuple):
    value: str  # YYYY-MM-DD
    label: str

    def as_dict(self) -> dict[str, str]:
        return {"value": self.value, "label": self.label}


class SlotLike(Protocol):
    start: str
    talk_code: str | None
    submission_type: str | None


class SectionLike(Protocol):
    name: str
    start_date: date
    end_date: date

    def covers(self, day: date) -> bool: ...


def day_label(day: date) -> str:
    """`Wednesday, May 13` (no zero padding, English names whatever the locale)."""
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[day.weekday()]
    month = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")[day.month - 1]
    return f"{weekday}, {month} {day.day}"


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(start_utc: str, timezone: str) -> date | None:
    """The calendar date of a UTC instant in the conference's timezone (None if unparsable)."""
    text = (start_utc or "").strip()
    if not text:
        return None
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=ZoneInfo("UTC"))
    return instant.astimezone(_zone(timezone)).date()


def days_from_slots(slots: Iterable[SlotLike], timezone: str, sections: Sequence[SectionLike] = ()) -> list[DayChoice]:
    """Tier 1: one entry per local date with slots, named after the conference's section that
    covers it (the organisers' own words, one form for every day), else typed when one
    submission type is a strict majority (Pretalx's names, singular or plural as configured)."""
    dates: set[date] = set()
    types: dict[date, Counter[str]] = defaultdict(Counter)
    for slot in slots:
        day = local_date(slot.start, timezone)
        if day is None:
            continue
        dates.add(day)
        if slot.talk_code:
            types[day][(slot.submission_type or "").strip()] += 1
    choices = []
    for day in sorted(dates):
        label = day_label(day)
        counts = types.get(day)
        section = next((s for s in sections if s.covers(day)), None)
        if section is not None:
            label = f"{label} ({section.name})"
        elif counts:
            kind, count = counts.most_common(1)[0]
            if kind and count * 2 > sum(counts.values()):
                label = f"{label} ({kind})"
        choices.append(DayChoice(day.isoformat(), label))
    return choices


def days_from_sections(conference_dates: Sequence[date], sections: Sequence[SectionLike]) -> list[DayChoice]:
    """Tier 2: every conference date, named after the first section (in order) that covers it."""
    choices = []
    for n, day in enumerate(conference_dates, start=1):
        section = next((s for s in sections if s.covers(day)), None)
        if section is None:
            label = f"Day {n} -- {day_label(day)}"
        else:
            label = f"{section.name} Day {(day - section.start_date).days + 1} -- {day_label(day)}"
        choices.append(DayChoice(day.isoformat(), label))
    return choices


def day_choices(slots: Sequence[SlotLike], timezone: str, conference_dates: Sequence[date],
                sections: Sequence[SectionLike]) -> list[DayChoice]:
    """Tier 1 when the schedule has slots, else tier 2."""
    if slots:
        choices = days_from_slots(slots, timezone, sections)
        if choices:
            return choices
    return days_from_sections(conference_dates, sections)
