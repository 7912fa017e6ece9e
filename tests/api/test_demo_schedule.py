"""The bundled demo event, served by the Pretalx look-alike and synced by the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from devstack.demo import event as demo_event
from devstack.demo import schedule as demo_schedule
from devstack.demo.pretalx_server import FakePretalx
from tests.support.pretalx import run_sync

FIRST_DAY = date(2027, 3, 31)
ZONE = "America/New_York"


@pytest.fixture
def demo_pretalx(isolated_pretalx: None) -> Iterator[FakePretalx]:
    server = demo_schedule.start_server(FIRST_DAY, ZONE, port=0)
    try:
        yield server
    finally:
        server.stop()


def _days(first: int, last: int) -> list[str]:
    return [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(first, last + 1)]


def test_demo_event_is_a_realistic_pretalx_event() -> None:
    event = demo_event.build(FIRST_DAY, ZONE)
    states = {s["state"] for s in event["submissions"]}
    assert {"confirmed", "accepted", "rejected", "withdrawn"} <= states
    breaks = [s for s in event["slots"] if s["submission"] is None]
    assert {b["description"]["en"] for b in breaks} == {"Lunch", "Coffee break"}
    assert any(s["is_visible"] is False for s in event["slots"])
    assert all(s["start"].endswith("-04:00") for s in event["slots"])  # New York in spring (EDT)
    codes = [s["code"] for s in event["submissions"]]
    assert len(codes) == len(set(codes))
    speakers = {s["code"] for s in event["speakers"]}
    assert all(set(s["speakers"]) <= speakers for s in event["submissions"])


def test_demo_conference_syncs_tutorials_lightning_talks_and_sprints(
        api: Any, make_conference: Any, admin_token: str, demo_pretalx: FakePretalx) -> None:
    slug = make_conference(start_date=FIRST_DAY.isoformat(), end_date=(FIRST_DAY + timedelta(days=6)).isoformat(),
                           sections=[], pretalx=demo_schedule.pretalx_body(demo_pretalx))
    reply = run_sync(api, slug, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body["rooms"] == len(demo_event.ROOMS)
    listed = {a["name"]: a for a in api.get(f"/conferences/{slug}/activities").body["activities"]}
    assert {"Lightning Talks", "Sprints"} <= set(listed) and "Tutorials" not in listed
    # Each tutorial is its own activity, with its room and that room's capacity.
    capacities = {name["en"]: seats for _, name, seats in demo_event.ROOMS}
    tutorials = [listed[title] for title in demo_event.TUTORIALS]
    assert all(t["activity_type"] == "tutorial" and t["max_participants"] == capacities[t["room"]]
               for t in tutorials), tutorials
    assert {t["max_participants"] for t in tutorials} == {800, 120}
    first = api.get(f"/conferences/{slug}/activities/{tutorials[0]['slug']}").body
    assert [t["title"] for t in first["talks"]] == [demo_event.TUTORIALS[0]] and len(first["speakers"]) == 2
    assert [d["date"] for d in first["schedule_by_day"]] == _days(0, 0)
    expected = {"Lightning Talks": (18, _days(2, 4)), "Sprints": (4, [_days(5, 5)[0]])}
    for name, (talks, days) in expected.items():
        detail = api.get(f"/conferences/{slug}/activities/{listed[name]['slug']}").body
        assert detail["talk_count"] == talks and len(detail["talks"]) == talks, name
        assert [d["date"] for d in detail["schedule_by_day"]] == days, name
        titles = {t["title"] for t in detail["talks"]}
        assert not titles & set(demo_event.REJECTED), name
        assert all(t["speakers"] for t in detail["talks"]), name
    # The sync authenticated with the demo token (the server refuses any other).
    assert {s.authorization for s in demo_pretalx.requests} == {f"Token {demo_schedule.DEMO_TOKEN}"}
