"""store/table.py against the emulator: batch rounds for unprocessed items, paged queries."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from chalicelib import aws
from chalicelib.store import table
from chalicelib.store.schedule import ScheduleEntry
from tests.support.faults import Injector, ddb_operation, fake_response, injecting


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aws, "CONFLICT_BACKOFF_SCALE", 0.0)


def _entries(n: int) -> list[ScheduleEntry]:
    pk = f"SCHED#table-{uuid.uuid4().hex[:8]}#v1"
    return [ScheduleEntry(pk, f"ROOM#{i:04d}", kind="room", data=[{"n": i}]) for i in range(n)]


def unprocessed_first(operation: str, field: str) -> Any:
    """Answer the first `operation` as if DynamoDB processed nothing (throttled batch items)."""
    seen = [0]

    def rule(request: Any, draw: float) -> Any:
        if ddb_operation(request) != operation:
            return None
        seen[0] += 1
        if seen[0] > 1:
            return None
        body = json.loads(request.body)
        answer = {field: body["RequestItems"], **({"Responses": {}} if field == "UnprocessedKeys" else {})}
        return fake_response(request, 200, json.dumps(answer).encode(), "application/x-amz-json-1.0")

    return rule, seen


def test_batch_write_resends_unprocessed_items_until_done() -> None:
    entries = _entries(30)  # two BatchWriteItem chunks (25 + 5)
    rule, seen = unprocessed_first("BatchWriteItem", "UnprocessedItems")
    with injecting(Injector(rule)):
        table.batch_write(puts=entries)
    assert seen[0] == 3  # chunk 1 twice (its first answer left everything unprocessed), chunk 2 once
    stored = table.query(ScheduleEntry, ScheduleEntry.pk == entries[0].pk)
    assert sorted(e.sk for e in stored) == sorted(e.sk for e in entries)


def test_batch_get_resends_unprocessed_keys() -> None:
    entries = _entries(3)
    table.batch_write(puts=entries)
    rule, seen = unprocessed_first("BatchGetItem", "UnprocessedKeys")
    with injecting(Injector(rule)):
        found = table.batch_get([(e.pk, e.sk) for e in entries])
    assert seen[0] == 2 and set(found) == {(e.pk, e.sk) for e in entries}


def test_query_pages_until_the_limit_and_reads_keys_only() -> None:
    entries = _entries(7)
    table.batch_write(puts=entries)
    assert [e.sk for e in table.query(ScheduleEntry, ScheduleEntry.pk == entries[0].pk, limit=5)] == \
        [e.sk for e in entries[:5]]
    newest = table.query(ScheduleEntry, ScheduleEntry.pk == entries[0].pk, limit=2, forward=False)
    assert [e.sk for e in newest] == [entries[6].sk, entries[5].sk]
    keys = table.query(ScheduleEntry, ScheduleEntry.pk == entries[0].pk, keys_only=True)
    assert len(keys) == 7 and all(k.data is None for k in keys)
    table.batch_write(deletes=keys)
    assert table.query(ScheduleEntry, ScheduleEntry.pk == entries[0].pk) == []


def test_conditional_writes_raise_condition_failed() -> None:
    entry = _entries(1)[0]
    table.put(entry, ScheduleEntry.sk.does_not_exist())
    with pytest.raises(table.ConditionFailed):
        table.put(entry, ScheduleEntry.sk.does_not_exist())
    with pytest.raises(table.ConditionFailed):
        table.update(entry, [ScheduleEntry.kind.set("talk")], ScheduleEntry.kind == "slot")
    table.update(entry, [ScheduleEntry.kind.set("talk")], ScheduleEntry.kind == "room")
    assert entry.kind == "talk" and entry.data == [{"n": 0}]  # the whole new item came back
    with pytest.raises(table.ConditionFailed):
        table.delete(entry, ScheduleEntry.kind == "room")
    table.delete(entry)
    assert table.get(ScheduleEntry, entry.pk, entry.sk) is None
