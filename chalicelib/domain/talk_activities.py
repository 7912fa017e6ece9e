"""Per-talk activities: one activity for each talk of the submission types a conference chose.

Pure rules (no AWS), used by the Pretalx sync and by the stream handler that tells people:
- which submission types are per talk (`is_per_talk_type`: a Pretalx type id or name,
  names compared like the grouped activities compare them: case, separators and a plural
  `s` ignored);
- the activity's stable slug, derived from the Pretalx submission code (`talk_slug`), so a
  re-sync finds the same activity and the first sync's conditional put refuses a second one;
- what the sync writes for a talk (`TalkActivityPlan.values`) and whether a stored activity
  differs from it (`changed_values`), so an unchanged talk costs no write;
- when signed-up people must be told (`change_notice`): the talk moved (start, end or room)
  or its activity was withdrawn by the sync (inactive). The DynamoDB side of "signups are
  kept" is that the sync's UpdateItem never names the signup counters (store.activities).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .conference import slugify

#: At most this many per-talk types in the conference setting, each at most this long.
MAX_PER_TALK_TYPES = 50
MAX_TYPE_REFERENCE = 100
#: The slug keeps this much of the title before the submission code.
TITLE_IN_SLUG = 60

MOVED = "moved"
WITHDRAWN = "withdrawn"
#: The attributes whose change means the talk moved.
WHEN_AND_WHERE = ("start_time", "end_time", "room")


def _type_key(name: str) -> str:
    from ..pretalx.mapping import type_key  # one comparison rule for grouped and per-talk types

    return type_key(name)


def clean_type_references(values: Iterable[str]) -> list[str]:
    """The setting as stored: stripped, blanks refused by the caller, duplicates dropped (first kept)."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        text = value.strip()
        key = _type_key(text)
        if text and key not in seen:
            seen.add(key)
            kept.append(text)
    return kept


def is_per_talk_type(type_id: str | None, type_name: str, chosen: Iterable[str]) -> bool:
    """True when the conference chose one activity per talk for this submission type."""
    name_key = _type_key(type_name) if type_name else None
    for reference in chosen:
        if type_id is not None and reference.strip() == type_id:
            return True
        if name_key and _type_key(reference) == name_key:
            return True
    return False


def talk_slug(code: str, title: str) -> str:
    """`Hands-on asyncio!`, `D001X` -> `hands-on-asyncio-d001x`: readable, unique by its code."""
    return f"{slugify(title or 'talk', TITLE_IN_SLUG)}-{slugify(code, 40)}"


def slug_candidates(code: str, title: str, attempts: int = 5) -> Iterator[str]:
    """`talk_slug`, then `-2`, `-3`…: only if an organiser's own activity already took the slug."""
    base = talk_slug(code, title)
    yield base
    for n in range(2, attempts + 1):
        yield f"{base}-{n}"


def _join(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class TalkActivityPlan:
    """What the sync writes for one talk of a per-talk type."""

    code: str
    submission_type: str
    activity_type: str
    title: str
    speakers: tuple[str, ...]
    start_time: str | None
    end_time: str | None
    room: str | None
    #: The Pretalx room's capacity (None: the room has none, or the talk has no room).
    max_participants: int | None

    @property
    def description(self) -> str:
        return f"With {_join(self.speakers)}." if self.speakers else ""

    def values(self) -> dict[str, Any]:
        """The synced attributes (None removes one). Capacity, organisers and signups are
        the organiser's once the activity exists, except the capacity the room sets at creation."""
        return {
            "name": (self.title or self.code)[:200], "activity_type": self.activity_type,
            "description": self.description, "start_time": self.start_time, "end_time": self.end_time,
            "room": self.room, "talk_count": 1, "pretalx_submission_type": self.submission_type,
            "pretalx_submission_code": self.code,
        }


def changed_values(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes of `wanted` that differ from the stored item's (numbers compared as ints)."""
    changes = {}
    for name, value in wanted.items():
        current = stored.get(name)
        if isinstance(value, int) and current is not None:
            current = int(current)
        if current != value:
            changes[name] = value
    return changes


def change_notice(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str | None:
    """What the signed-up people of a per-talk activity must be told about this change, if anything.

    `WITHDRAWN` when the sync made it inactive (the talk left the programme), `MOVED` when
    it stays active and its start, end or room changed. Other edits (a title fixed, a new
    capacity, a signup counted) say nothing.
    """
    if not old or not new or not (new.get("pretalx_submission_code") or old.get("pretalx_submission_code")):
        return None
    if old.get("is_active", True) and new.get("is_active") is False and new.get("pretalx_removed_at"):
        return WITHDRAWN
    if new.get("is_active", True) and old.get("is_active", True) \
            and any(old.get(name) != new.get(name) for name in WHEN_AND_WHERE):
        return MOVED
    return None
