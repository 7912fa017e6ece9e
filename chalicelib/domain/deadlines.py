"""Offer deadlines: when an offer must be answered, when its reminder goes out, and when it
has expired, each as a Python predicate with its DynamoDB condition beside it.

Every rule takes `now` as an argument (the request's time, or the scheduled run's time),
so tests and `POST /dev/schedules/run {"now": ...}` drive them. Timestamps are stored as
store.base.now_iso() writes them (`2026-05-14T03:59:59.999999Z`, UTC, fixed width), so the
conditions compare strings and the order is the order of time.

`respond_by` is the end of the day, in the conference's timezone, `offer_response_days`
after the offer (or the end of the day the reviewer chose). The offer's place in the due
index (store.deadlines) is its next due moment: the reminder's, until the reminder went
out, then `respond_by`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_RESPONSE_DAYS = 14
DEFAULT_REMINDER_DAYS = 3

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(moment: datetime) -> str:
    """A timezone-aware moment as the table stores times."""
    return moment.astimezone(UTC).strftime(_STAMP)


def parse(value: str) -> datetime:
    """A stored or ISO 8601 timestamp (`Z` or an offset; naive means UTC) as an aware datetime."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def end_of_day(day: date, timezone: str) -> str:
    """The last microsecond of `day` in `timezone`, stored form."""
    return stamp(datetime.combine(day, time.max, tzinfo=ZoneInfo(timezone or "UTC")))


def local_day(now: str, timezone: str) -> date:
    """The calendar day `now` falls on in `timezone`."""
    return parse(now).astimezone(ZoneInfo(timezone or "UTC")).date()


def respond_by(now: str, response_days: int | None, timezone: str, chosen: date | None = None) -> str | None:
    """When an offer made at `now` must be answered: the end of the chosen day, else of the day
    `response_days` after today (in the conference's timezone); None: no deadline."""
    if chosen is not None:
        return end_of_day(chosen, timezone)
    if response_days is None:
        return None
    return end_of_day(local_day(now, timezone) + timedelta(days=response_days), timezone)


def chosen_day_problem(chosen: date, now: str, timezone: str) -> str | None:
    """A reviewer's deadline must leave the applicant today at least."""
    if chosen < local_day(now, timezone):
        return "must not be in the past"
    return None


def reminder_at(deadline: str, reminder_days: int) -> str | None:
    """When the reminder of an offer due at `deadline` goes out (None: no reminder)."""
    if reminder_days <= 0:
        return None
    return stamp(parse(deadline) - timedelta(days=reminder_days))


def next_due(deadline: str | None, reminder_days: int, now: str, reminded: bool) -> str | None:
    """The offer's key in the due index: its reminder's time while one is still to be sent
    (and not already past its deadline), else its deadline; None: nothing will ever be due."""
    if deadline is None:
        return None
    reminder = None if reminded else reminder_at(deadline, reminder_days)
    if reminder is not None and now < deadline:
        return reminder
    return deadline


# -- the rules, predicate and condition side by side -------------------------------------------

def offer_open(deadline: str | None, now: str) -> bool:
    """The applicant may still answer (accept, decline, ask for more) at `now`."""
    return deadline is None or now <= deadline


def offer_open_condition(deadline_attr: Any, now: str) -> Any:
    """`offer_open` in the answer's own write (`deadline_attr`: the grant's respond_by)."""
    return deadline_attr.does_not_exist() | (deadline_attr >= now)


def overdue(deadline: str | None, now: str) -> bool:
    """The deadline has passed: the offer expires."""
    return deadline is not None and now > deadline


def overdue_condition(deadline_attr: Any, now: str) -> Any:
    return deadline_attr.exists() & (deadline_attr < now)


def reminder_due(deadline: str | None, reminder_days: int, reminded: bool, now: str) -> bool:
    """The reminder goes out once, from its time until the deadline."""
    if deadline is None or reminded:
        return False
    reminder = reminder_at(deadline, reminder_days)
    return reminder is not None and reminder <= now <= deadline


def reminder_due_condition(deadline_attr: Any, reminded_attr: Any, now: str) -> Any:
    """`reminder_due` in the reminder's write: not reminded yet, deadline not passed (the
    reminder's own time is the due index's key, which the scheduler read up to `now`)."""
    return reminded_attr.does_not_exist() & deadline_attr.exists() & (deadline_attr >= now)


def day_words(deadline: str, timezone: str) -> str:
    """`May 20, 2026`: the deadline's day as the applicant reads it (the conference's timezone)."""
    moment = parse(deadline).astimezone(ZoneInfo(timezone or "UTC"))
    return f"{moment:%B} {moment.day}, {moment.year}"
