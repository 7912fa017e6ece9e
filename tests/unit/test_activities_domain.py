"""Pure activity rules: slugs, ordering, schedule, ids, CSV (capacity: test_signup_rules.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain import activities as rules
from chalicelib.store.keys import signup_sk
from chalicelib.store.schedule import Talk


def test_slug_candidates_are_suffixed_and_bounded() -> None:
    candidates = list(rules.slug_candidates("Intro to Python!", attempts=4))
    assert candidates == ["intro-to-python", "intro-to-python-2", "intro-to-python-3", "intro-to-python-4"]
    long = list(rules.slug_candidates("x" * 200, attempts=12))
    assert all(len(c) <= rules.MAX_SLUG_LENGTH for c in long) and long[-1].endswith("-12")
    assert len(set(long)) == 12
    assert rules.activity_base_slug("Café Straße") == "cafe-strae"


def test_activities_sort_by_start_then_name_with_untimed_last() -> None:
    items = [
        {"slug": "c", "name": "b", "start_time": None},
        {"slug": "b", "name": "Zed", "start_time": "2026-05-14T09:00:00Z"},
        {"slug": "a", "name": "alpha", "start_time": "2026-05-14T09:00:00Z"},
        {"slug": "d", "name": "a", "start_time": "2026-05-13T09:00:00Z"},
        {"slug": "e", "name": "a", "start_time": None},
    ]
    assert [i["slug"] for i in sorted(items, key=rules.activity_sort_key)] == ["d", "a", "b", "e", "c"]


def test_schedule_by_day_uses_the_conference_timezone() -> None:
    talks = [
        Talk("B", "b", "Tutorial", ("Ann",), None, "2026-05-14T02:00:00Z"),  # 22:00 on the 13th in New York
        Talk("A", "a", "Tutorial", ("Ann", "Ben"), None, "2026-05-13T14:00:00Z"),
        Talk("C", "c", "Tutorial", ("Cat",), None, "2026-05-14T14:00:00Z"),
        Talk("D", "d", "Tutorial", ("Ben",), None, None),
    ]
    assert rules.schedule_by_day(talks, "America/New_York") == [
        {"date": "2026-05-13", "talks": ["A", "B"]}, {"date": "2026-05-14", "talks": ["C"]}]
    assert rules.schedule_by_day(talks, "UTC") == [
        {"date": "2026-05-13", "talks": ["A"]}, {"date": "2026-05-14", "talks": ["B", "C"]}]
    assert rules.unique_speakers(talks) == ["Ann", "Ben", "Cat"]


def test_signup_ids_round_trip_to_their_key_and_sort_by_time() -> None:
    early = rules.new_signup_key(datetime(2026, 5, 1, 9, 0, 0, 5, tzinfo=UTC))
    late = rules.new_signup_key(datetime(2026, 5, 1, 9, 0, 0, 6, tzinfo=UTC))
    assert early.created_at == "2026-05-01T09:00:00.000005Z"
    assert rules.signup_key_from_id(early.signup_id) == early
    assert signup_sk(early.created_at, early.signup_id) < signup_sk(late.created_at, late.signup_id)
    for bogus in ("", "nope", "20261399T000000000000abcdef12", early.signup_id + "0", "../../etc"):
        assert rules.signup_key_from_id(bogus) is None


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), ("a=b", "a=b"), (None, ""), (3, "3"),
])
def test_csv_cells_are_neutralised(value: object, expected: str) -> None:
    assert rules.neutralise_cell(value) == expected


def test_signup_stats() -> None:
    stats = rules.signup_stats(["confirmed", "waitlisted", "cancelled", "confirmed", "weird", "offered", "expired"])
    assert stats == {"total_active": 4, "confirmed": 2, "waitlisted": 1, "cancelled": 1, "offered": 1, "expired": 1}


@pytest.mark.parametrize("value, expected", [
    ("2026-05-14T09:00:00+02:00", "2026-05-14T07:00:00Z"), ("2026-05-14T09:00:00Z", "2026-05-14T09:00:00Z"),
    ("2026-05-14T09:00:00.123456Z", "2026-05-14T09:00:00Z"), ("2026-05-14T09:00:00", "2026-05-14T09:00:00Z"),
    ("not a time", None), ("", None), (None, None),
])
def test_utc_timestamp(value: str | None, expected: str | None) -> None:
    assert rules.utc_timestamp(value) == expected
