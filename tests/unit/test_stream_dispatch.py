"""Each stream record's failure stays its own, decoding included."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.events import stream


def _record(seq: str, new_image: dict[str, Any]) -> dict[str, Any]:
    return {"eventName": "INSERT", "dynamodb": {"SequenceNumber": seq, "Keys": {"pk": {"S": "X"}, "sk": {"S": seq}},
                                                "NewImage": new_image}}


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Only a recording handler runs (the real ones would act on the table)."""
    calls: list[str] = []
    monkeypatch.setattr(stream, "handlers", lambda: [lambda record: calls.append(record.sequence_number)])
    return calls


@pytest.mark.parametrize("bad", [
    _record("2", {"l": {"L": 5}}),
    _record("2", {"x": {"NOPE": "?"}}),
    {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "2", "NewImage": "not a map"}},
], ids=["list-not-a-list", "unknown-type", "image-not-a-map"])
def test_an_undecodable_record_fails_alone(seen: list[str], bad: dict[str, Any]) -> None:
    good_before, good_after = _record("1", {"a": {"S": "ok"}}), _record("3", {"a": {"S": "ok"}})
    result = stream.dispatch([good_before, bad, good_after])
    assert result == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    assert seen == ["1", "3"]


def test_a_record_without_dynamodb_part_is_reported_not_raised(seen: list[str]) -> None:
    result = stream.dispatch([None, _record("3", {"a": {"S": "ok"}})])  # type: ignore[list-item]
    assert result["batchItemFailures"] == [{"itemIdentifier": ""}]
    assert seen == ["3"]
