"""The schedule store's write side: idempotent publish, chunks, conditional flip, clean-up."""

from __future__ import annotations

import pytest

from chalicelib.store import schedule
from tests.support.request_count import ddb_requests, writes


def make(n: int, title: str = "Talk") -> tuple[list[schedule.Room], list[schedule.Talk], list[schedule.Slot]]:
    rooms = [schedule.Room(str(i), f"Room {i}") for i in range(3)]
    talks = [schedule.Talk(f"C{i:03d}", f"{title} {i} – ünïcode", "Talk", ("Ada", "Zoë"), "Room 1",
                           f"2026-05-15T{10 + i % 8:02d}:00:00Z", f"2026-05-15T{10 + i % 8:02d}:30:00Z")
             for i in range(n)]
    slots = [schedule.Slot(t.start or "", t.end, "Room 1", t.code, "Talk", t.title) for t in talks]
    return rooms, talks, slots


def versions_present(conf: str, version: str) -> int:
    return sum(1 for _ in schedule.ScheduleEntry.query(schedule.schedule_pk(conf, version)))


def test_publishing_the_same_snapshot_twice_writes_nothing(conference):
    data = make(40)
    first = schedule.publish(conference, *data)
    with ddb_requests() as counts:
        second = schedule.publish(conference, *data)
    assert first.changed and not second.changed
    assert second.version == first.version and second.counts == first.counts
    assert writes(counts) == 0 and sum(counts.values()) == 1  # one pointer read


def test_large_snapshots_are_split_into_chunks_and_read_back_in_order(conference, monkeypatch):
    monkeypatch.setattr(schedule, "CHUNK_CHARS", 2_000)
    rooms, talks, slots = make(60)
    with ddb_requests() as counts:
        result = schedule.publish(conference, rooms, talks, slots)
    assert versions_present(conference, result.version) > 3  # several chunk items ...
    assert counts["BatchWriteItem"] == 1 and counts["PutItem"] == 1  # ... in one batch, then the flip
    assert schedule.list_talks(conference) == talks
    assert schedule.list_slots(conference) == slots
    assert schedule.list_rooms(conference) == rooms


def test_the_previous_version_is_kept_and_older_ones_deleted(conference):
    v1 = schedule.publish(conference, *make(5, "One")).version
    v2 = schedule.publish(conference, *make(5, "Two")).version
    assert versions_present(conference, v1) > 0  # kept for readers that saw the old pointer
    v3 = schedule.publish(conference, *make(5, "Three")).version
    assert versions_present(conference, v1) == 0
    assert versions_present(conference, v2) > 0 and versions_present(conference, v3) > 0
    assert schedule.current_pointer(conference).previous_version == v2
    assert schedule.list_talks(conference)[0].title.startswith("Three")


def test_a_concurrent_flip_wins_and_the_loser_leaves_nothing_behind(conference):
    schedule.publish(conference, *make(5, "Base"))
    stale = schedule.current_pointer(conference)
    winner = schedule.publish(conference, *make(5, "Winner")).version
    before = {e.pk for e in schedule.ScheduleEntry.scan(schedule.ScheduleEntry.pk.startswith(f"SCHED#{conference}#"))}
    with pytest.raises(schedule.ConcurrentPublish):
        schedule.publish(conference, *make(5, "Loser"), previous=stale)
    after = {e.pk for e in schedule.ScheduleEntry.scan(schedule.ScheduleEntry.pk.startswith(f"SCHED#{conference}#"))}
    assert after == before  # the loser's version was removed again
    assert schedule.current_pointer(conference).version == winner
    assert schedule.list_talks(conference)[0].title.startswith("Winner")


def test_first_publish_is_conditional_on_no_pointer(conference):
    schedule.publish(conference, *make(2, "First"))
    with pytest.raises(schedule.ConcurrentPublish):
        schedule.publish(conference, *make(2, "Racer"), previous=None)
    assert schedule.list_talks(conference)[0].title.startswith("First")
