"""Synced Pretalx data: rooms, talks and schedule slots, published as whole versions.

A sync writes a complete new version under `SCHED#{conf}#{version}` and then flips the
conference's `SCHEDULE` pointer with one conditional write, so readers (day detection,
activity detail) see either the previous schedule or the new one, never half of one.

Write-side choices (why):
- Entries are stored in chunks (`ROOM#0000`, `TALK#0000`, `SLOT#0000`, ... each a JSON list
  of up to ~250 KB) instead of one item per entry: a PyCon-sized schedule (≈ 400 entries)
  is then a handful of items, written in ONE BatchWriteItem and read in ONE Query.
- The pointer stores a content hash of the published snapshot; publishing an identical
  snapshot writes nothing, so the scheduled sync is nearly free when Pretalx is unchanged.
- The flip is conditional on the pointer revision the publisher read, so two concurrent
  syncs cannot both win; the loser deletes what it wrote and raises `ConcurrentPublish`.
- The version before the previous one is deleted after the flip; the previous one is kept
  so a reader that fetched the old pointer just before the flip can still finish its Query.

Read API used by other areas (keep these signatures): `list_slots`, `list_talks`,
`list_rooms`, `talks_for_activity`, `current_pointer`. Write API: `publish_schedule`
(returns the version) and `publish` (returns a `PublishResult`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from . import table
from .base import BaseMeta, TableModel, now_iso
from .keys import SCHEDULE_KIND_PREFIX, SCHEDULE_SK, conference_pk, schedule_pk

#: Serialised JSON characters per chunk item; DynamoDB's item limit is 400 KB.
CHUNK_CHARS = 250_000
KIND_PREFIX = SCHEDULE_KIND_PREFIX


class Room(NamedTuple):
    id: str
    name: str


class Talk(NamedTuple):
    code: str
    title: str
    submission_type: str
    speakers: tuple[str, ...] = ()
    room: str | None = None
    start: str | None = None  # ISO 8601 UTC, e.g. 2026-05-14T09:00:00Z
    end: str | None = None
    activity_slug: str | None = None


class Slot(NamedTuple):
    start: str  # ISO 8601 UTC
    end: str | None
    room: str
    talk_code: str | None = None
    submission_type: str | None = None
    title: str | None = None


class SchedulePointerView(NamedTuple):
    version: str
    synced_at: str
    counts: Mapping[str, int] = MappingProxyType({})
    content_hash: str | None = None
    revision: int = 0
    previous_version: str | None = None


class PublishResult(NamedTuple):
    version: str
    changed: bool
    counts: dict[str, int]


class ConcurrentPublish(Exception):
    """Another sync flipped the pointer between our read and our flip; ours was discarded."""


class SchedulePointer(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="schedule_pointer")
    version = UnicodeAttribute()
    synced_at = UnicodeAttribute()
    counts = JSONAttribute(default=dict)
    revision = NumberAttribute(default=0)
    content_hash = UnicodeAttribute(null=True)
    previous_version = UnicodeAttribute(null=True)


class ScheduleEntry(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="schedule_entry")
    kind = UnicodeAttribute()  # room | talk | slot
    data = JSONAttribute()  # a list of entries (one chunk)


# -- read ---------------------------------------------------------------------------------


def current_pointer(conf: str) -> SchedulePointerView | None:
    item = table.get(SchedulePointer, conference_pk(conf), SCHEDULE_SK, consistent=True)
    if item is None:
        return None
    return SchedulePointerView(
        item.version, item.synced_at, dict(item.counts or {}), item.content_hash,
        int(item.revision or 0), item.previous_version,
    )


def _entries(conf: str, prefix: str) -> list[dict[str, Any]]:
    pointer = current_pointer(conf)
    if pointer is None:
        return []
    entries: list[dict[str, Any]] = []
    key = (ScheduleEntry.pk == schedule_pk(conf, pointer.version)) & ScheduleEntry.sk.startswith(prefix)
    for chunk in table.query(ScheduleEntry, key):
        entries.extend(chunk.data if isinstance(chunk.data, list) else [chunk.data])
    return entries


def list_slots(conf: str) -> list[Slot]:
    return [Slot(**data) for data in _entries(conf, KIND_PREFIX["slot"])]


def list_talks(conf: str) -> list[Talk]:
    return [Talk(**{**data, "speakers": tuple(data.get("speakers", ()))}) for data in _entries(conf, KIND_PREFIX["talk"])]


def list_rooms(conf: str) -> list[Room]:
    return [Room(**data) for data in _entries(conf, KIND_PREFIX["room"])]


def talks_for_activity(conf: str, activity_slug: str) -> list[Talk]:
    return sorted(
        (t for t in list_talks(conf) if t.activity_slug == activity_slug),
        key=lambda t: (t.start or "", t.code),
    )


# -- write --------------------------------------------------------------------------------


def _plain(entry: Room | Talk | Slot) -> dict[str, Any]:
    data = entry._asdict()
    if isinstance(entry, Talk):
        data["speakers"] = list(entry.speakers)
    return data


def snapshot_hash(rooms: list[Room], talks: list[Talk], slots: list[Slot], extra: Any = None) -> str:
    """A stable fingerprint of what would be published (order-sensitive on purpose: the
    mapper sorts, so the same Pretalx data always yields the same order)."""
    document = {
        "rooms": [_plain(r) for r in rooms], "talks": [_plain(t) for t in talks],
        "slots": [_plain(s) for s in slots], "extra": extra,
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _chunks(kind: str, entries: list[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Split entries into lists whose JSON stays under CHUNK_CHARS; yields (sk, entries)."""
    chunk: list[dict[str, Any]] = []
    size = 0
    index = 0
    for entry in entries:
        entry_size = len(json.dumps(entry)) + 2
        if chunk and size + entry_size > CHUNK_CHARS:
            yield f"{KIND_PREFIX[kind]}{index:04d}", chunk
            chunk, size, index = [], 0, index + 1
        chunk.append(entry)
        size += entry_size
    if chunk:
        yield f"{KIND_PREFIX[kind]}{index:04d}", chunk


def _write_version(conf: str, version: str, rooms: list[Room], talks: list[Talk], slots: list[Slot]) -> None:
    pk = schedule_pk(conf, version)
    table.batch_write(puts=[
        ScheduleEntry(pk, sk, kind=kind, data=chunk)
        for kind, entries in (("room", rooms), ("talk", talks), ("slot", slots))
        for sk, chunk in _chunks(kind, [_plain(e) for e in entries])
    ])


def _delete_version(conf: str, version: str) -> None:
    table.batch_write(deletes=table.query(ScheduleEntry, ScheduleEntry.pk == schedule_pk(conf, version),
                                          keys_only=True))


_UNSET: Any = object()


def publish(
    conf: str,
    rooms: list[Room],
    talks: list[Talk],
    slots: list[Slot],
    *,
    extra_counts: dict[str, int] | None = None,
    content_hash: str | None = None,
    previous: SchedulePointerView | None = _UNSET,
) -> PublishResult:
    """Publish a snapshot unless it equals the current one; returns what is now visible.

    `previous` is the pointer the caller already read (saves a GetItem; the flip is
    conditional on its revision, so a stale value only makes the flip fail safely).
    """
    counts = {"rooms": len(rooms), "talks": len(talks), "schedule_slots": len(slots), **(extra_counts or {})}
    digest = content_hash or snapshot_hash(rooms, talks, slots, extra_counts)
    if previous is _UNSET:
        previous = current_pointer(conf)
    if previous is not None and previous.content_hash == digest:
        return PublishResult(previous.version, False, dict(previous.counts))
    version = f"{now_iso()}-{uuid.uuid4().hex[:6]}"
    _write_version(conf, version, rooms, talks, slots)
    pointer = SchedulePointer(
        conference_pk(conf), SCHEDULE_SK, version=version, synced_at=now_iso(), counts=counts,
        content_hash=digest, revision=(previous.revision + 1) if previous else 1,
        previous_version=previous.version if previous else None,
    )
    if previous is None:
        condition = SchedulePointer.sk.does_not_exist()
    else:
        condition = SchedulePointer.version == previous.version
    try:
        table.put(pointer, condition)
    except table.ConditionFailed:
        _delete_version(conf, version)
        raise ConcurrentPublish(conf) from None
    except Exception:
        _delete_version(conf, version)
        raise
    if previous is not None and previous.previous_version and previous.previous_version != version:
        _delete_version(conf, previous.previous_version)
    return PublishResult(version, True, counts)


def publish_schedule(conf: str, rooms: list[Room], talks: list[Talk], slots: list[Slot]) -> str:
    """Write a whole new version (unless identical), flip the pointer; returns the version."""
    return publish(conf, rooms, talks, slots).version
