"""When two activities clash: their times overlap as half-open intervals [start, end).

One activity ending at 11:00 and another starting at 11:00 do not clash (a person can walk
from one to the next). An activity without both times is unscheduled and never clashes:
we cannot know, and a false warning teaches people to ignore warnings.

Read-only rule (no write depends on it): the signup answer's `overlaps` and the web app's
warning before joining come from here, the web app through that answer and /my/signups.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple


class Interval(NamedTuple):
    start: datetime
    end: datetime


class Timed(NamedTuple):
    """An activity as this rule sees it: its slug and its stored UTC times (or None)."""

    slug: str
    start_time: str | None
    end_time: str | None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def interval(start_time: str | None, end_time: str | None) -> Interval | None:
    """The activity's [start, end), or None when it is unscheduled (a time missing) or empty."""
    if not start_time or not end_time:
        return None
    try:
        start, end = _moment(start_time), _moment(end_time)
    except ValueError:
        return None
    return Interval(start, end) if start < end else None


def overlap(a: Interval | None, b: Interval | None) -> bool:
    """Half-open intervals overlap when each starts before the other ends."""
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def overlapping(activity: Timed, others: Iterable[Timed]) -> list[str]:
    """The slugs of `others` (not `activity` itself) whose times overlap `activity`'s, in the order given."""
    own = interval(activity.start_time, activity.end_time)
    if own is None:
        return []
    return [other.slug for other in others
            if other.slug != activity.slug and overlap(own, interval(other.start_time, other.end_time))]
