"""Activity rules that need no AWS: slugs, ordering, schedule, CSV safety, signup ids.

Capacity, the queue and "one active signup" are in domain.signups.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from .conference import slugify
from .signups import HOLDS_PLACE, QUEUED, SignupStatus

ACTIVITY_TYPES = ("sprint", "workshop", "tutorial", "lightning_talk", "social", "open_space", "summit", "other")
SIGNUP_STATUSES = tuple(SignupStatus)
MAX_SLUG_LENGTH = 80
#: How many `-2`, `-3`… suffixes slug creation tries before giving up (each is one conditional put).
MAX_SLUG_ATTEMPTS = 50

#: The contract's six columns first (readers may rely on their places), then additions.
CSV_HEADER = ("Username", "Full Name", "Email", "Status", "Note", "Signed Up", "Waitlist Position")
#: Leading characters that make spreadsheet programs evaluate a cell as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

_SIGNUP_ID_RE = re.compile(r"^(\d{8})T(\d{6})(\d{6})([0-9a-f]{8})$")


# -- slugs -------------------------------------------------------------------------------


def activity_base_slug(name: str) -> str:
    """The slug an activity named `name` would get if it were the first of that name."""
    return slugify(name, MAX_SLUG_LENGTH)


def slug_candidates(name: str, attempts: int = MAX_SLUG_ATTEMPTS) -> Iterable[str]:
    """`intro`, `intro-2`, `intro-3`… each tried with a conditional put (never a read first)."""
    base = activity_base_slug(name)
    yield base
    for n in range(2, attempts + 1):
        suffix = f"-{n}"
        yield base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


# -- ordering and schedule ---------------------------------------------------------------


def activity_sort_key(activity: Mapping[str, Any]) -> tuple[int, str, str, str]:
    """Start time first (activities without one last), then name, then slug for stability."""
    start = activity.get("start_time") or ""
    return (0 if start else 1, start, (activity.get("name") or "").casefold(), activity.get("slug") or "")


def _parse_utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def utc_timestamp(value: str | None) -> str | None:
    """Any ISO 8601 timestamp -> `2026-05-14T13:00:00Z` (naive = UTC); None if unreadable."""
    if not value:
        return None
    try:
        return _parse_utc(value.strip()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def local_date(value: str, timezone: str) -> str:
    """The calendar date of a UTC timestamp in the conference's time zone."""
    return _parse_utc(value).astimezone(ZoneInfo(timezone or "UTC")).date().isoformat()


def unique_speakers(talks: Iterable[Any]) -> list[str]:
    """Speaker names across talks, first appearance first, each once."""
    seen: dict[str, None] = {}
    for talk in talks:
        for speaker in talk.speakers or ():
            if speaker and speaker not in seen:
                seen[speaker] = None
    return list(seen)


def schedule_by_day(talks: Iterable[Any], timezone: str) -> list[dict[str, Any]]:
    """Talk codes grouped by the local date they start on (talks without a start are left out)."""
    days: dict[str, list[str]] = {}
    for talk in sorted((t for t in talks if t.start), key=lambda t: (t.start, t.code)):
        days.setdefault(local_date(talk.start, timezone), []).append(talk.code)
    return [{"date": day, "talks": codes} for day, codes in sorted(days.items())]


# -- signup ids --------------------------------------------------------------------------


class SignupKey(NamedTuple):
    """A signup id and the creation timestamp both are derived from."""

    signup_id: str
    created_at: str  # 2026-05-14T09:00:00.123456Z (the item's key: store.keys.signup_sk)


def new_signup_key(now: datetime | None = None) -> SignupKey:
    """Ids embed the creation time so a signup's item key is computable from its id alone.

    That makes "promote signup X" a direct key access instead of a scan of the partition;
    the random tail breaks ties between signups created in the same microsecond.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    created = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    signup_id = moment.strftime("%Y%m%dT%H%M%S%f") + secrets.token_hex(4)
    return SignupKey(signup_id, created)


def signup_key_from_id(signup_id: str) -> SignupKey | None:
    """The inverse of `new_signup_key`; None for anything that is not one of our ids."""
    match = _SIGNUP_ID_RE.match(signup_id or "")
    if not match:
        return None
    day, clock, micros, _ = match.groups()
    try:
        moment = datetime.strptime(day + clock + micros, "%Y%m%d%H%M%S%f")
    except ValueError:
        return None
    return SignupKey(signup_id, moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


# -- CSV ---------------------------------------------------------------------------------


def neutralise_cell(value: Any) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_row(values: Iterable[Any]) -> list[str]:
    return [neutralise_cell(v) for v in values]


def signup_stats(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(SIGNUP_STATUSES, 0)
    for status in statuses:
        if status in counts:
            counts[SignupStatus(status)] += 1
    return {
        "total_active": sum(counts[s] for s in HOLDS_PLACE | QUEUED),
        "confirmed": counts[SignupStatus.CONFIRMED],
        "waitlisted": counts[SignupStatus.WAITLISTED],
        "cancelled": counts[SignupStatus.CANCELLED],
        "offered": counts[SignupStatus.OFFERED],
        "expired": counts[SignupStatus.EXPIRED],
    }
