"""The per-container memory of conference settings: bounded in time, refreshed by its own writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chalicelib.store import conferences, table
from tests.support.clients import Api
from tests.support.request_count import dynamodb_requests


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [5000.0]
    monkeypatch.setattr(conferences, "clock", lambda: now[0])
    conferences.forget()  # copies remembered on the real clock (e.g. by the conference fixture's PUT) go
    return now


def test_this_containers_own_change_is_seen_at_once(api: Api, conference: str, admin_token: str,
                                                    frozen: list[float]) -> None:
    from tests.support.conference import conference_body

    assert api.get(f"/conferences/{conference}").body["name"] == "PyCon Test"
    reply = api.put(f"/manage/conferences/{conference}", conference_body(name="Renamed"), token=admin_token)
    assert reply.status == 200, reply.body
    with dynamodb_requests() as counts:
        assert api.get(f"/conferences/{conference}").body["name"] == "Renamed"
    assert sum(counts.values()) == 0  # served from the copy the write itself returned


def test_another_containers_change_is_seen_within_the_bound(conference: str, frozen: list[float]) -> None:
    before = conferences.get(conference)
    assert before is not None
    elsewhere = conferences.ConferenceItem(before.pk, before.sk)
    table.update(elsewhere, [conferences.ConferenceItem.name.set("Changed elsewhere")])  # not through upsert
    assert conferences.get(conference).name == before.name  # remembered...
    frozen[0] += conferences.CACHE_SECONDS
    assert conferences.get(conference).name == "Changed elsewhere"  # ...for at most CACHE_SECONDS


def test_a_missing_conference_is_not_remembered(make_conference: Callable[..., str], frozen: list[float]) -> None:
    assert conferences.get("not-created-yet-0") is None
    with dynamodb_requests() as counts:
        assert conferences.get("not-created-yet-0") is None
    assert sum(counts.values()) == 1


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch, make_conference: Callable[..., str],
                           frozen: list[float]) -> None:
    monkeypatch.setattr(conferences, "CACHE_SIZE", 2)
    slugs = [make_conference() for _ in range(3)]
    conferences.forget()
    for slug in slugs:
        conferences.get(slug)
    with dynamodb_requests() as counts:
        conferences.get(slugs[0])  # the oldest was evicted
        conferences.get(slugs[2])
    assert sum(counts.values()) == 1
