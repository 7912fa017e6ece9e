"""Whatever Pretalx sends, the sync answers 200 or 502, and writes all or nothing.

Each case corrupts one field of the PyCon-shaped dataset the fake Pretalx serves. The typed
boundary (chalicelib/pretalx/payload.py) refuses each before anything is written: without it
they would be 500s, and the 450 KB title would half-write the sync (an activity with
`talk_count: 1` and no talks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.pretalx.payload import MAX_TITLE
from chalicelib.store import schedule
from tests.support.pretalx import run_sync
from tests.support.pretalx_pycon import EXPECTED
from tests.support.request_count import ddb_requests, writes

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def _set(collection: str, field: str, value: Any, index: int = 0) -> Callable[[dict[str, Any]], None]:
    def corrupt(dataset: dict[str, Any]) -> None:
        dataset[collection][index][field] = value
    return corrupt


def _timed_slot(field: str, value: Any, **others: Any) -> Callable[[dict[str, Any]], None]:
    def corrupt(dataset: dict[str, Any]) -> None:
        slot = next(s for s in dataset["slots"] if s.get("start"))
        slot.update({field: value, **others})
    return corrupt


def _mixed_positions(dataset: dict[str, Any]) -> None:
    dataset["rooms"][0]["position"] = "first"  # the others are numbers


MALFORMED = {
    "room position mixes text and numbers": (_mixed_positions, "position"),
    "slot duration 10^12 with no end": (_timed_slot("duration", 10**12, end=None), "duration"),
    "speakers: 5": (_set("submissions", "speakers", 5), "speakers"),
    "state: [confirmed]": (_set("submissions", "state", ["confirmed"]), "state"),
    "start in year 1 at +14:00": (_timed_slot("start", "0001-01-01T00:00:00+14:00"), "start"),
    "start that is not a date": (_timed_slot("start", "next tuesday"), "start"),
    "room name is a number": (_set("rooms", "name", 5), "name"),
    "room id is a list": (_set("rooms", "id", [101]), "id"),
    "speaker code is a number": (_set("submissions", "speakers", [7]), "speakers"),
    "submission type is a list": (_set("submissions", "submission_type", [2]), "submission_type"),
    "slot room is an object without id or name": (_timed_slot("room", {"id": [1]}), "room"),
    "title is a list": (_set("submissions", "title", ["a", "b"]), "title"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_pretalx_data_is_502_naming_the_field_and_writes_nothing(
        api: Any, admin_token: str, pretalx_conf: str, fake: Any, case: str) -> None:
    corrupt, field = MALFORMED[case]
    corrupt(fake.dataset)
    with ddb_requests() as counts:
        reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 502, reply.body
    assert reply.error_code == "pretalx_unavailable"
    assert field in reply.body["error"]["message"], reply.body
    assert writes(counts) == 0, counts
    assert schedule.current_pointer(pretalx_conf) is None
    assert api.get(f"/manage/conferences/{pretalx_conf}/activities", token=admin_token).body["activities"] == []


def test_overlong_text_is_cut_with_an_ellipsis_and_the_sync_completes(
        api: Any, admin_token: str, pretalx_conf: str, fake: Any) -> None:
    tutorial = next(s for s in fake.dataset["submissions"] if s["code"] == "T0001")
    tutorial["title"] = "A" * 450_000
    fake.dataset["rooms"][0]["name"] = {"en": "Hall " + "B" * 5000}
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body == EXPECTED
    talk = next(t for t in schedule.list_talks(pretalx_conf) if t.code == "T0001")
    assert len(talk.title) == MAX_TITLE and talk.title.endswith("…")
    activities = api.get(f"/manage/conferences/{pretalx_conf}/activities", token=admin_token).body["activities"]
    tutorials = next(a for a in activities if a["pretalx_submission_type"] == "Tutorials")
    detail = api.get(f"/conferences/{pretalx_conf}/activities/{tutorials['slug']}").body
    assert tutorials["talk_count"] == len(detail["talks"]) > 0


def test_invisible_characters_from_pretalx_are_dropped(api: Any, admin_token: str, pretalx_conf: str,
                                                       fake: Any) -> None:
    """Pretalx text is display text too: cleaned (it cannot be refused one field at a time)."""
    next(s for s in fake.dataset["submissions"] if s["code"] == "T0001")["title"] = "Intro\u202e to\u200b Python"
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    talk = next(t for t in schedule.list_talks(pretalx_conf) if t.code == "T0001")
    assert talk.title == "Intro to Python"
