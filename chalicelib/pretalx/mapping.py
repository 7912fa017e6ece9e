"""Pure conversion of Pretalx v1 JSON into our rooms, talks, slots and activity plans.

No I/O here, so the rules are unit-testable: multilingual `{"en": "..."}` values are
flattened, ids are resolved to names (an expanded object is accepted wherever an id is),
times become ISO 8601 UTC, and submission types are matched to activity types.

Pretalx facts this relies on (shared/pretalx-schema.yml): a `TalkSlot` has `room` (id),
`start` (nullable: not scheduled), `end`, `submission` (a code, null for breaks and
blockers) and a multilingual `description` (the break's text); a `Submission` has `code`,
`title`, `speakers` (codes, or objects with `?expand=speakers`), `submission_type` (id)
and `state`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ..store.schedule import Room, Slot, Talk

#: Submissions in these states are on the programme.
PROGRAMME_STATES = frozenset({"confirmed", "accepted"})
PREFERRED_LOCALES = ("en",)

#: Normalised submission type name -> activity_type (contract values).
ACTIVITY_TYPES = {
    "tutorial": "tutorial",
    "workshop": "workshop",
    "lightning talk": "lightning_talk",
    "sprint": "sprint",
    "summit": "summit",
    "open space": "open_space",
}


def flatten(value: Any, locales: Iterable[str] = PREFERRED_LOCALES) -> str:
    """`{"en": "Hall A", "de": "Halle A"}` -> `Hall A`; strings pass; missing -> ``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for locale in locales:
            text = value.get(locale)
            if isinstance(text, str) and text.strip():
                return text.strip()
        for text in value.values():  # any other language beats nothing
            if isinstance(text, str) and text.strip():
                return text.strip()
        return ""
    return str(value).strip()


def normalise_type_name(name: str) -> str:
    """`Lightning-Talks ` -> `lightning talks` (case, separators and spacing ignored)."""
    return re.sub(r"\s+", " ", re.sub(r"[-_]+", " ", name.lower())).strip()


def type_key(submission_type: str) -> str:
    """Comparison key for submission type names: case, separators and a plural `s` ignored,
    so an activity linked to `Tutorial` also takes Pretalx's `Tutorials`."""
    name = normalise_type_name(submission_type)
    return name[:-1] if name.endswith("s") else name


def match_existing(submission_type: str, existing: dict[str, str]) -> str | None:
    """The key in `existing` (lower-cased type -> slug) this type belongs to, if any:
    an exact case-insensitive match first, then singular/plural and separators ignored."""
    if submission_type.casefold() in existing:
        return submission_type.casefold()
    wanted = type_key(submission_type)
    return next((key for key in sorted(existing) if type_key(key) == wanted), None)


def activity_type_for(submission_type: str) -> str | None:
    """Which activity type a submission type is named like (singular or plural), if any."""
    name = normalise_type_name(submission_type)
    if name in ACTIVITY_TYPES:
        return ACTIVITY_TYPES[name]
    if name.endswith("s") and name[:-1] in ACTIVITY_TYPES:
        return ACTIVITY_TYPES[name[:-1]]
    return None


def to_utc_iso(value: Any) -> str | None:
    """`2026-05-15T09:00:00-04:00` -> `2026-05-15T13:00:00Z`; None/unparseable -> None."""
    moment = _parse_time(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:  # Pretalx always sends an offset; assume UTC if one is missing
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _ref(value: Any, key: str = "id") -> str | None:
    """An id, or the id inside an expanded object, as a string."""
    if isinstance(value, dict):
        value = value.get(key)
    if value is None or value == "":
        return None
    return str(value)


@dataclass(frozen=True)
class Snapshot:
    """Everything one sync read from Pretalx, converted (activity links not yet set)."""

    rooms: list[Room]
    talks: list[Talk]
    slots: list[Slot]
    skipped_slots: int = 0


@dataclass(frozen=True)
class ActivityPlan:
    """One activity the sync creates or updates for a submission type."""

    submission_type: str
    activity_type: str
    name: str
    description: str
    start_time: str | None
    end_time: str | None
    room: str | None
    talk_count: int
    talk_codes: tuple[str, ...] = field(default=())
    #: The matching key of an existing activity (lower-cased pretalx_submission_type), if any.
    existing_key: str | None = None


def map_rooms(raw_rooms: list[dict[str, Any]]) -> tuple[list[Room], dict[str, str]]:
    """Rooms in Pretalx order (position, then id) and an id -> name lookup."""
    ordered = sorted(raw_rooms, key=lambda r: (r.get("position") is None, r.get("position") or 0, str(r.get("id"))))
    rooms = [Room(id=str(r["id"]), name=flatten(r.get("name")) or f"Room {r['id']}") for r in ordered if "id" in r]
    return rooms, {room.id: room.name for room in rooms}


def room_capacities(raw_rooms: list[dict[str, Any]]) -> dict[str, int]:
    """Room name (as the talks carry it) -> capacity, for rooms that have a positive one."""
    rooms, _ = map_rooms(raw_rooms)
    by_id = {str(r["id"]): r.get("capacity") for r in raw_rooms if "id" in r}
    return {room.name: int(by_id[room.id]) for room in rooms
            if isinstance(by_id.get(room.id), int) and not isinstance(by_id.get(room.id), bool) and by_id[room.id] > 0}


def type_ids(raw_submissions: list[dict[str, Any]], raw_types: list[dict[str, Any]]) -> dict[str, str]:
    """Submission type name -> its Pretalx id (as a string), from expanded or bare references."""
    names = map_submission_types(raw_types)
    ids: dict[str, str] = {name: type_id for type_id, name in names.items()}
    for sub in raw_submissions:
        value = sub.get("submission_type")
        type_id = _ref(value)
        if type_id is not None:
            ids.setdefault(_type_name(value, names), type_id)
    return ids


def map_submission_types(raw_types: list[dict[str, Any]]) -> dict[str, str]:
    return {str(t["id"]): flatten(t.get("name")) or f"Type {t['id']}" for t in raw_types if "id" in t}


def speaker_names(raw_speakers: list[dict[str, Any]]) -> dict[str, str]:
    return {str(s["code"]): flatten(s.get("name")) for s in raw_speakers if s.get("code")}


def needs_type_lookup(raw_submissions: list[dict[str, Any]]) -> bool:
    """True when Pretalx ignored `?expand=submission_type` and sent bare type ids."""
    return any(sub.get("submission_type") is not None and not isinstance(sub.get("submission_type"), dict)
               for sub in raw_submissions)


def needs_speaker_lookup(raw_submissions: list[dict[str, Any]]) -> bool:
    """True when Pretalx ignored `?expand=speakers` and sent bare speaker codes."""
    return any(isinstance(s, str) for sub in raw_submissions for s in (sub.get("speakers") or []))


def _type_name(value: Any, types: dict[str, str]) -> str:
    if isinstance(value, dict) and value.get("name") is not None:
        return flatten(value["name"])
    ref = _ref(value)
    return types.get(ref, "") if ref else ""


def _speakers(value: Any, lookup: dict[str, str]) -> tuple[str, ...]:
    names: list[str] = []
    for speaker in value or []:
        if isinstance(speaker, dict):
            name = flatten(speaker.get("name")) or lookup.get(str(speaker.get("code")), "")
        else:
            name = lookup.get(str(speaker), "")
        if name and name not in names:
            names.append(name)
    return tuple(names)


def build_snapshot(
    raw_rooms: list[dict[str, Any]],
    raw_types: list[dict[str, Any]],
    raw_submissions: list[dict[str, Any]],
    raw_slots: list[dict[str, Any]],
    raw_speakers: list[dict[str, Any]] | None = None,
) -> Snapshot:
    """Rooms, talks (with their first scheduled slot) and slots, in a stable order.

    Slots that are not scheduled (no start or room) are skipped, as are slots whose
    submission is not on the programme (e.g. withdrawn after scheduling) and slots Pretalx
    marks `is_visible: false` (accepted but unconfirmed talks, shown to organisers only: its
    public schedule hides them, so day labels and activity pages must too). A slot with
    no submission is kept: a break carries its description as title, a blocker has none.
    """
    rooms, room_names = map_rooms(raw_rooms)
    types = map_submission_types(raw_types)
    lookup = speaker_names(raw_speakers or [])
    base_talks: dict[str, Talk] = {}
    for sub in raw_submissions:
        code = sub.get("code")
        if not code or (sub.get("state") and sub.get("state") not in PROGRAMME_STATES):
            continue
        base_talks[str(code)] = Talk(
            code=str(code), title=flatten(sub.get("title")), submission_type=_type_name(sub.get("submission_type"), types),
            speakers=_speakers(sub.get("speakers"), lookup),
        )

    slots: dict[tuple[str, str, str], Slot] = {}
    first_slot: dict[str, Slot] = {}
    skipped = 0
    hidden: set[str] = set()
    for raw in raw_slots:
        if raw.get("is_visible") is False:
            hidden.update(code for code in [_ref(raw.get("submission"), "code")] if code)
            skipped += 1
            continue
        start = to_utc_iso(raw.get("start"))
        room_id = _ref(raw.get("room"))
        if not start or room_id is None:
            skipped += 1
            continue
        if isinstance(raw.get("room"), dict) and raw["room"].get("name") is not None:
            room_name = flatten(raw["room"]["name"])
        else:
            room_name = room_names.get(room_id) or f"Room {room_id}"
        end = to_utc_iso(raw.get("end"))
        if end is None and isinstance(raw.get("duration"), int):
            end = ((_parse_time(raw.get("start")) or datetime.now(UTC)) + timedelta(minutes=raw["duration"])).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        code = _ref(raw.get("submission"), "code")
        if code is None:
            slot = Slot(start=start, end=end, room=room_name, title=flatten(raw.get("description")) or None)
        elif code in base_talks:
            talk = base_talks[code]
            slot = Slot(start=start, end=end, room=room_name, talk_code=code,
                        submission_type=talk.submission_type or None, title=talk.title)
            if code not in first_slot or start < first_slot[code].start:
                first_slot[code] = slot
        else:
            skipped += 1
            continue
        slots.setdefault((start, room_name, code or slot.title or ""), slot)

    talks = []
    for code in sorted(base_talks):
        talk, slot = base_talks[code], first_slot.get(code)
        if slot is None and code in hidden:
            continue  # only on the organisers' schedule: not public yet
        if slot is not None:
            talk = Talk(code=talk.code, title=talk.title, submission_type=talk.submission_type, speakers=talk.speakers,
                        room=slot.room, start=slot.start, end=slot.end)
        talks.append(talk)
    ordered_slots = sorted(slots.values(), key=lambda s: (s.start, s.room, s.talk_code or "", s.title or ""))
    return Snapshot(rooms=rooms, talks=talks, slots=ordered_slots, skipped_slots=skipped)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def plan_activities(snapshot: Snapshot, existing: dict[str, str] | None = None) -> list[ActivityPlan]:
    """One plan per submission type named like an activity type, or already linked to one.

    `existing` maps lower-cased `pretalx_submission_type` -> activity slug; a type matching
    one of those (see `match_existing`) is planned even if its name is not an activity type
    (the organiser linked it), with activity type `other`.
    """
    existing = existing or {}
    by_type: dict[str, list[Talk]] = {}
    for talk in snapshot.talks:
        if talk.submission_type:
            by_type.setdefault(talk.submission_type, []).append(talk)
    plans = []
    for type_name in sorted(by_type, key=str.lower):
        activity_type = activity_type_for(type_name)
        existing_key = match_existing(type_name, existing)
        if activity_type is None and existing_key is None:
            continue
        talks = by_type[type_name]
        scheduled = [t for t in talks if t.start]
        rooms = sorted({t.room for t in scheduled if t.room})
        description = _plural(len(talks), "talk") + (f" across {_plural(len(rooms), 'room')}" if rooms else "")
        plans.append(ActivityPlan(
            submission_type=type_name,
            activity_type=activity_type or "other",
            name=type_name,
            description=description,
            start_time=min((t.start for t in scheduled if t.start), default=None),
            end_time=max((t.end or t.start or "" for t in scheduled), default=None) or None,
            room=rooms[0] if len(rooms) == 1 else None,
            talk_count=len(talks),
            talk_codes=tuple(t.code for t in talks),
            existing_key=existing_key,
        ))
    return plans


def link_talks(talks: list[Talk], slugs_by_type: dict[str, str]) -> list[Talk]:
    """Talks with `activity_slug` set from their submission type (keys are casefolded)."""
    linked = []
    for talk in talks:
        slug = slugs_by_type.get(talk.submission_type.casefold()) if talk.submission_type else None
        linked.append(talk if slug == talk.activity_slug else talk._replace(activity_slug=slug))
    return linked
