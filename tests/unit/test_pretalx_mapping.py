"""Pure Pretalx -> schedule conversion rules (no AWS, no HTTP)."""

from __future__ import annotations

import pytest

from chalicelib.pretalx import mapping
from chalicelib.store.schedule import Talk


@pytest.mark.parametrize(("value", "expected"), [
    ({"en": "Hall A", "de": "Halle A"}, "Hall A"),
    ({"de": "Halle A", "fr": "Salle A"}, "Halle A"),
    ({"en": "  ", "de": "Halle A"}, "Halle A"),
    (" Plain ", "Plain"),
    (None, ""),
    ({}, ""),
])
def test_flatten_prefers_english_then_any_language(value, expected):
    assert mapping.flatten(value) == expected


@pytest.mark.parametrize(("name", "activity_type"), [
    ("Tutorial", "tutorial"), ("Tutorials", "tutorial"), ("TUTORIALS", "tutorial"),
    ("workshop", "workshop"), ("Workshops", "workshop"),
    ("Lightning Talk", "lightning_talk"), ("lightning talks", "lightning_talk"), ("Lightning-Talks", "lightning_talk"),
    ("Sprint", "sprint"), ("sprints", "sprint"), ("Summit", "summit"), ("Summits", "summit"),
    ("Open Space", "open_space"), ("open_spaces", "open_space"), ("  Open   Spaces ", "open_space"),
    ("Talk", None), ("Talks", None), ("Poster", None), ("Keynote", None), ("Sponsor Workshop", None),
    ("Tutorialss", None), ("", None),
])
def test_activity_type_matching_ignores_case_and_plural(name, activity_type):
    assert mapping.activity_type_for(name) == activity_type


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-05-15T09:00:00-04:00", "2026-05-15T13:00:00Z"),
    ("2026-05-15T13:00:00Z", "2026-05-15T13:00:00Z"),
    ("2026-05-15T23:30:00-04:00", "2026-05-16T03:30:00Z"),
    ("2026-05-15T13:00:00", "2026-05-15T13:00:00Z"),
    ("not a time", None), (None, None), ("", None),
])
def test_times_become_utc(value, expected):
    assert mapping.to_utc_iso(value) == expected


ROOMS = [{"id": 2, "name": {"en": "Hall B"}, "position": 1}, {"id": 1, "name": {"en": "Hall A"}, "position": 0}]
TYPES = [{"id": 10, "name": {"en": "Talk"}}, {"id": 11, "name": {"en": "Tutorials"}}]


def sub(code, type_id=10, state="confirmed", speakers=None, title=None):
    return {"code": code, "title": title or f"Title {code}", "submission_type": type_id, "state": state,
            "speakers": speakers if speakers is not None else [{"code": "S1", "name": "Ada"}]}


def slot(submission, start="2026-05-15T09:00:00-04:00", end="2026-05-15T09:30:00-04:00", room=1, description=None):
    return {"id": 1, "submission": submission, "start": start, "end": end, "room": room, "description": description}


def test_snapshot_resolves_ids_and_keeps_breaks_and_blockers():
    snap = mapping.build_snapshot(
        ROOMS, TYPES,
        [sub("AAA"), sub("BBB", 11, "accepted"), sub("CCC", state="rejected"), sub("DDD")],
        [slot("AAA"), slot("BBB", room=2), slot(None, description={"en": "Coffee"}), slot(None, room=2),
         slot("CCC"), slot("ZZZ"), slot("DDD", start=None, room=None)],
    )
    assert [r.name for r in snap.rooms] == ["Hall A", "Hall B"]
    assert [t.code for t in snap.talks] == ["AAA", "BBB", "DDD"]  # rejected left out
    talks = {t.code: t for t in snap.talks}
    assert talks["AAA"] == Talk("AAA", "Title AAA", "Talk", ("Ada",), "Hall A", "2026-05-15T13:00:00Z",
                                "2026-05-15T13:30:00Z")
    assert talks["BBB"].submission_type == "Tutorials" and talks["BBB"].room == "Hall B"
    assert talks["DDD"].start is None  # a talk without a slot
    titles = sorted((s.room, s.talk_code or "", s.title or "") for s in snap.slots)
    assert titles == [("Hall A", "", "Coffee"), ("Hall A", "AAA", "Title AAA"), ("Hall B", "", ""),
                      ("Hall B", "BBB", "Title BBB")]
    assert snap.skipped_slots == 3  # a rejected talk's slot, an unknown submission, an unscheduled slot


def test_snapshot_accepts_expanded_objects_and_bare_speaker_codes():
    raw = [sub("AAA", type_id={"id": 11, "name": {"en": "Tutorials"}}, speakers=["S1", "S2", "S1"])]
    assert mapping.needs_speaker_lookup(raw)
    snap = mapping.build_snapshot(
        ROOMS, [], raw, [slot({"code": "AAA"}, room={"id": 9, "name": {"en": "Annex"}})],
        [{"code": "S1", "name": "Ada"}, {"code": "S2", "name": "Grace"}],
    )
    assert snap.talks[0].speakers == ("Ada", "Grace")
    assert snap.talks[0].submission_type == "Tutorials" and snap.talks[0].room == "Annex"


def test_a_talk_with_several_slots_takes_its_earliest_and_duplicates_collapse():
    snap = mapping.build_snapshot(ROOMS, TYPES, [sub("AAA")], [
        slot("AAA", start="2026-05-16T09:00:00-04:00", end="2026-05-16T09:30:00-04:00"),
        slot("AAA"), slot("AAA"),
    ])
    assert snap.talks[0].start == "2026-05-15T13:00:00Z"
    assert len(snap.slots) == 2


def test_slot_end_falls_back_to_duration():
    raw = {**slot("AAA", end=None), "duration": 45}
    snap = mapping.build_snapshot(ROOMS, TYPES, [sub("AAA")], [raw])
    assert snap.slots[0].end == "2026-05-15T13:45:00Z"


def test_snapshot_order_is_stable_whatever_pretalx_order():
    subs = [sub("AAA"), sub("BBB", 11)]
    slots = [slot("AAA"), slot("BBB", room=2), slot(None, description={"en": "Lunch"})]
    one = mapping.build_snapshot(ROOMS, TYPES, subs, slots)
    two = mapping.build_snapshot(list(reversed(ROOMS)), TYPES, list(reversed(subs)), list(reversed(slots)))
    assert one == two


def _talk(code, type_name, room=None, start=None, end=None):
    return Talk(code, f"T {code}", type_name, ("Ada",), room, start, end)


def test_plans_describe_talks_rooms_and_time_span():
    snap = mapping.Snapshot(rooms=[], slots=[], talks=[
        _talk("A", "Tutorials", "Hall A", "2026-05-13T13:00:00Z", "2026-05-13T16:00:00Z"),
        _talk("B", "tutorials", "Hall B", "2026-05-14T13:00:00Z", "2026-05-14T16:30:00Z"),
        _talk("C", "Sprint", "Hall C", "2026-05-18T13:00:00Z", "2026-05-18T21:00:00Z"),
        _talk("D", "Sprint"),  # not scheduled: counted, no room, no time
        _talk("E", "Talk", "Hall A", "2026-05-15T13:00:00Z", "2026-05-15T13:30:00Z"),
        _talk("F", "Poster", "Expo", "2026-05-16T13:00:00Z", "2026-05-16T16:00:00Z"),
    ])
    plans = {p.submission_type: p for p in mapping.plan_activities(snap, {"poster": "posters"})}
    assert set(plans) == {"Tutorials", "tutorials", "Sprint", "Poster"}
    sprint = plans["Sprint"]
    assert (sprint.activity_type, sprint.description, sprint.room) == ("sprint", "2 talks across 1 room", "Hall C")
    assert (sprint.start_time, sprint.end_time, sprint.talk_count) == ("2026-05-18T13:00:00Z",
                                                                       "2026-05-18T21:00:00Z", 2)
    assert plans["Poster"].activity_type == "other"  # linked by the organiser, not an activity type
    assert plans["Tutorials"].description == "1 talk across 1 room"


def test_plan_for_unscheduled_talks_only():
    snap = mapping.Snapshot(rooms=[], slots=[], talks=[_talk("A", "Workshop"), _talk("B", "Workshop")])
    (plan,) = mapping.plan_activities(snap)
    assert (plan.description, plan.start_time, plan.end_time, plan.room) == ("2 talks", None, None, None)


def test_link_talks_by_case_insensitive_submission_type():
    talks = [_talk("A", "Tutorials"), _talk("B", "Talk"), _talk("C", "")]
    linked = mapping.link_talks(talks, {"tutorials": "tutorials-2026"})
    assert [t.activity_slug for t in linked] == ["tutorials-2026", None, None]


@pytest.mark.parametrize(("name", "existing", "expected"), [
    ("Tutorials", {"tutorials": "a"}, "tutorials"),
    ("Tutorials", {"tutorial": "a"}, "tutorial"),
    ("tutorial", {"tutorials": "a"}, "tutorials"),
    ("Lightning-Talks", {"lightning talk": "a"}, "lightning talk"),
    ("Poster", {"posters": "a", "poster": "b"}, "poster"),  # the exact match wins
    ("Talk", {"tutorial": "a"}, None),
])
def test_existing_activities_match_by_case_and_plural(name, existing, expected):
    assert mapping.match_existing(name, existing) == expected
