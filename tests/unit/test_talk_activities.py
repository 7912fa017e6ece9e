"""Per-talk activity rules: which types, the stable slug, what the sync writes, when people are told."""

from __future__ import annotations

import pytest

from chalicelib import config
from chalicelib.domain import talk_activities as rules
from chalicelib.pretalx import mapping
from chalicelib.pretalx.talk_activities import split
from chalicelib.services import activity_change_mail


def test_types_match_by_id_or_by_name_ignoring_case_separators_and_plural():
    assert rules.is_per_talk_type("2", "Tutorials", ["tutorial"])
    assert rules.is_per_talk_type("2", "Lightning-Talks", ["lightning talk"])
    assert rules.is_per_talk_type("2", "Anything", [" 2 "])
    assert not rules.is_per_talk_type("3", "Talk", ["Tutorials", "2"])
    assert not rules.is_per_talk_type(None, "", ["Tutorials"])
    assert rules.clean_type_references([" Tutorials ", "tutorial", "4", ""]) == ["Tutorials", "4"]


def test_slug_derives_from_the_submission_code():
    assert rules.talk_slug("D001X", "Hands-on asyncio!") == "hands-on-asyncio-d001x"
    assert rules.talk_slug("AB9", "") == "talk-ab9"
    assert list(rules.slug_candidates("AB9", "Intro"))[:2] == ["intro-ab9", "intro-ab9-2"]


def test_changed_values_compare_numbers_and_missing_attributes():
    stored = {"name": "A", "talk_count": 1, "room": "Hall A"}
    assert rules.changed_values(stored, {"name": "A", "talk_count": 1, "room": "Hall A", "end_time": None}) == {}
    assert rules.changed_values(stored, {"room": "Hall B", "is_active": True}) == {"room": "Hall B",
                                                                                    "is_active": True}


ACTIVE = {"entity": "activity", "pretalx_submission_code": "T1", "is_active": True, "start_time": "2026-05-13T13:00:00Z",
          "end_time": "2026-05-13T16:30:00Z", "room": "Hall A", "confirmed_count": 3}


@pytest.mark.parametrize(("new", "expected"), [
    ({**ACTIVE, "start_time": "2026-05-13T14:00:00Z"}, rules.MOVED),
    ({**ACTIVE, "room": "Hall B"}, rules.MOVED),
    ({**ACTIVE, "is_active": False, "pretalx_removed_at": "2026-05-01T00:00:00Z"}, rules.WITHDRAWN),
    ({**ACTIVE, "is_active": False}, None),  # an organiser's deactivation: their own message
    ({**ACTIVE, "confirmed_count": 4}, None),  # a signup counted
    ({**ACTIVE, "name": "Retitled"}, None),
])
def test_change_notice(new, expected):
    assert rules.change_notice(ACTIVE, new) == expected


def test_grouped_activities_are_never_told():
    grouped = {k: v for k, v in ACTIVE.items() if k != "pretalx_submission_code"}
    assert rules.change_notice(grouped, {**grouped, "room": "Hall B"}) is None
    assert rules.change_notice(None, ACTIVE) is None


def test_split_takes_chosen_types_out_of_the_grouped_plans():
    rooms = [{"id": 1, "name": "Hall A", "capacity": 40}, {"id": 2, "name": "Hall B"}]
    types = [{"id": 7, "name": "Tutorials"}, {"id": 8, "name": "Workshops"}]
    subs = [{"code": "T1", "title": "Asyncio", "state": "confirmed", "submission_type": 7, "speakers": []},
            {"code": "T2", "title": "Pandas", "state": "confirmed", "submission_type": 7, "speakers": []},
            {"code": "W1", "title": "Git", "state": "confirmed", "submission_type": 8, "speakers": []}]
    slots = [{"room": 1, "start": "2026-05-13T09:00:00+00:00", "end": "2026-05-13T12:00:00+00:00", "submission": "T1"},
             {"room": 2, "start": "2026-05-13T09:00:00+00:00", "end": "2026-05-13T12:00:00+00:00", "submission": "T2"},
             {"room": 2, "start": "2026-05-14T09:00:00+00:00", "end": "2026-05-14T12:00:00+00:00", "submission": "W1"}]

    class Raw:
        pass

    raw = Raw()
    raw.rooms, raw.submission_types, raw.submissions = rooms, types, subs  # type: ignore[attr-defined]
    snapshot = mapping.build_snapshot(rooms, types, subs, slots)
    grouped, plans = split(snapshot, ["7"], raw)  # type: ignore[arg-type]
    assert [t.code for t in grouped.talks] == ["W1"]
    assert [(p.code, p.room, p.max_participants, p.activity_type) for p in plans] == [
        ("T1", "Hall A", 40, "tutorial"), ("T2", "Hall B", None, "tutorial")]
    assert [p.name for p in mapping.plan_activities(grouped)] == ["Workshops"]
    assert split(snapshot, [], raw) == (snapshot, [])  # type: ignore[arg-type]


def test_change_emails_link_the_activity_and_say_what_changed(monkeypatch):
    configured = config.settings()._replace(frontend_url="https://app.example.org")
    monkeypatch.setattr(activity_change_mail, "settings", lambda: configured)
    activity = {**ACTIVE, "name": "Asyncio <b>", "slug": "asyncio-t1", "conference_slug": "pycon"}
    signup = {"user_name": "Ann", "user_email": "ann@example.org"}
    moved = activity_change_mail.change_email(rules.MOVED, activity, signup, "PyCon", "America/New_York")
    assert moved.to == "ann@example.org" and moved.subject == "Asyncio <b> has moved"
    assert "https://app.example.org/c/pycon/activities/asyncio-t1" in moved.body
    assert "Wednesday, May 13, 2026, 9:00 AM – 12:30 PM (America/New_York)" in moved.body
    assert "Asyncio &lt;b&gt;" in moved.html and "<b>" not in moved.html.split("<body>")[1]
    gone = activity_change_mail.change_email(rules.WITHDRAWN, activity, signup, "PyCon", "UTC")
    assert "no longer on the programme" in gone.subject and "https://app.example.org/c/pycon/activities" in gone.body
