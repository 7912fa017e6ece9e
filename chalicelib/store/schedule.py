"""Synced Pretalx data: rooms, talks and schedule slots, published as whole versions.

A sync writes a complete new version under `SCHED#{conf}#{version}` and then flips the
conference's `SCHEDULE` pointer with one conditional write, so readers (day detection,
activity detail) see either the previous schedule or the new one, never half of one.
Older versions are deleted after the flip.

Read API used by other areas (keep these signatures): `list_slots`, `list_talks`,
`talks_for_activity`, `current_pointer`. Write API: `publish_schedule`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from .base import BaseMeta, TableModel, now_iso
from .keys import conference_pk


@dataclass(frozen=True)
class Room:
    id: str
    name: str


@dataclass(frozen=True)
class Talk:
    code: str
    title: str
    submission_type: str
    speakers: tuple[str, ...] = ()
    room: str | None = None
    start: str | None = None  # ISO 8601 UTC, e.g. 2026-05-14T09:00:00Z
    end: str | None = None
    activity_slug: str | None = None


@dataclass(frozen=True)
class Slot:
    start: str  # ISO 8601 UTC
    end: str | None
    room: str
    talk_code: str | None = None
    submission_type: str | None = None
    title: str | None = None


@dataclass
class SchedulePointerView:
    version: str
    synced_at: str
    counts: dict[str, int] = field(default_factory=dict)


class SchedulePointer(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="schedule_pointer")
    version = UnicodeAttribute()
    synced_at = UnicodeAttribute()
    counts = JSONAttribute(default=dict)
    revision = NumberAttribute(default=0)


class ScheduleEntry(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="schedule_entry")
    kind = UnicodeAttribute()  # room | talk | slot
    data = JSONAttribute()


def schedule_pk(conf: str, version: str) -> str:
    return f"SCHED#{conf}#{version}"


def current_pointer(conf: str) -> SchedulePointerView | None:
    try:
        item = SchedulePointer.get(conference_pk(conf), "SCHEDULE", consistent_read=True)
    except SchedulePointer.DoesNotExist:
        return None
    return SchedulePointerView(item.version, item.synced_at, dict(item.counts or {}))


def _entries(conf: str, prefix: str) -> list[dict[str, Any]]:
    pointer = current_pointer(conf)
    if pointer is None:
        return []
    return [
        entry.data
        for entry in ScheduleEntry.query(schedule_pk(conf, pointer.version), ScheduleEntry.sk.startswith(prefix))
    ]


def list_slots(conf: str) -> list[Slot]:
    return [Slot(**data) for data in _entries(conf, "SLOT#")]


def list_talks(conf: str) -> list[Talk]:
    return [Talk(**{**data, "speakers": tuple(data.get("speakers", ()))}) for data in _entries(conf, "TALK#")]


def list_rooms(conf: str) -> list[Room]:
    return [Room(**data) for data in _entries(conf, "ROOM#")]


def talks_for_activity(conf: str, activity_slug: str) -> list[Talk]:
    return sorted(
        (t for t in list_talks(conf) if t.activity_slug == activity_slug),
        key=lambda t: (t.start or "", t.code),
    )


def _slot_sk(slot: Slot, index: int) -> str:
    return f"SLOT#{slot.start}#{slot.room}#{index:05d}"


def publish_schedule(conf: str, rooms: list[Room], talks: list[Talk], slots: list[Slot]) -> str:
    """Write a whole new version, flip the pointer, delete older versions; returns the version."""
    version = f"{now_iso()}-{uuid.uuid4().hex[:6]}"
    pk = schedule_pk(conf, version)
    with ScheduleEntry.batch_write() as batch:
        for room in rooms:
            batch.save(ScheduleEntry(pk, f"ROOM#{room.id}", kind="room", data=room.__dict__))
        for talk in talks:
            batch.save(ScheduleEntry(pk, f"TALK#{talk.code}", kind="talk", data={**talk.__dict__, "speakers": list(talk.speakers)}))
        for index, slot in enumerate(slots):
            batch.save(ScheduleEntry(pk, _slot_sk(slot, index), kind="slot", data=slot.__dict__))
    previous = current_pointer(conf)
    SchedulePointer(
        conference_pk(conf), "SCHEDULE", version=version, synced_at=now_iso(),
        counts={"rooms": len(rooms), "talks": len(talks), "schedule_slots": len(slots)},
    ).save()
    if previous is not None and previous.version != version:
        with ScheduleEntry.batch_write() as batch:
            for entry in ScheduleEntry.query(schedule_pk(conf, previous.version)):
                batch.delete(entry)
    return version
