"""Pretalx sync x activities: one activity per submission type, talks linked, slugs kept."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.store import schedule
from devstack.demo.pretalx_server import FakePretalx, Fault
from tests.support.pretalx import FAST, run_sync
from tests.support.pretalx_pycon import EVENT, EXPECTED, dataset

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def managed(api: Any, slug: str, token: str) -> dict[str, dict[str, Any]]:
    reply = api.get(f"/manage/conferences/{slug}/activities", token=token)
    assert reply.status == 200, reply.body
    return {a["pretalx_submission_type"] or a["slug"]: a for a in reply.body["activities"]}


def test_one_activity_per_activity_like_submission_type(api, admin_token, pretalx_conf):
    assert run_sync(api, pretalx_conf, admin_token).body["activities"] == EXPECTED["activities"]
    activities = managed(api, pretalx_conf, admin_token)
    # "Talk" and "Poster" are not activity types; plural, lower-case and spaced names are.
    assert {k: a["activity_type"] for k, a in activities.items()} == {
        "Tutorials": "tutorial", "Workshops": "workshop", "lightning talk": "lightning_talk",
        "Open Space": "open_space",
    }
    tutorials = activities["Tutorials"]
    assert tutorials["description"] == "24 talks across 6 rooms"
    assert tutorials["talk_count"] == 24 and tutorials["room"] is None
    assert (tutorials["start_time"], tutorials["end_time"]) == ("2026-05-13T13:00:00Z", "2026-05-14T21:00:00Z")
    lightning = activities["lightning talk"]
    assert lightning["description"] == "12 talks across 1 room" and lightning["room"] == "Lightning Stage"


def test_activity_detail_lists_linked_talks_speakers_and_days(api, admin_token, pretalx_conf):
    run_sync(api, pretalx_conf, admin_token)
    slug = managed(api, pretalx_conf, admin_token)["Workshops"]["slug"]
    detail = api.get(f"/conferences/{pretalx_conf}/activities/{slug}")
    assert detail.status == 200, detail.body
    assert len(detail.body["talks"]) == 12
    assert {t["submission_type"] for t in detail.body["talks"]} == {"Workshops"}
    assert [d["date"] for d in detail.body["schedule_by_day"]] == ["2026-05-13", "2026-05-14"]
    assert sum(len(d["talks"]) for d in detail.body["schedule_by_day"]) == 12
    assert detail.body["speakers"] and len(set(detail.body["speakers"])) == len(detail.body["speakers"])
    linked = {t.code for t in schedule.talks_for_activity(pretalx_conf, slug)}
    assert linked == {t["code"] for t in detail.body["talks"]}


def test_existing_activities_keep_slug_and_signups_and_get_talks_linked(api, admin_token, make_token, pretalx_conf,
                                                                        fake):
    base = f"/manage/conferences/{pretalx_conf}/activities"
    mine = api.post(base, {"name": "PyCon Tutorials", "activity_type": "tutorial",
                           "pretalx_submission_type": "TUTORIALS"}, token=admin_token)
    posters = api.post(base, {"name": "Poster session", "activity_type": "social",
                              "pretalx_submission_type": "poster"}, token=admin_token)
    assert mine.status == 201 and posters.status == 201, (mine.body, posters.body)
    signup = api.post(f"/conferences/{pretalx_conf}/activities/{mine.body['slug']}/signup", {},
                      token=make_token("attendee"))
    assert signup.status == 201, signup.body

    assert run_sync(api, pretalx_conf, admin_token).body["activities"] == 5  # 4 types + the organiser's posters
    activities = managed(api, pretalx_conf, admin_token)
    assert activities["Tutorials"]["slug"] == mine.body["slug"]  # matched case-insensitively, slug kept
    assert activities["poster"]["activity_type"] == "social"  # not an activity-type name: left alone
    assert len(schedule.talks_for_activity(pretalx_conf, posters.body["slug"])) == 10
    assert len(schedule.talks_for_activity(pretalx_conf, mine.body["slug"])) == 24

    fake.dataset["submissions"][0]["title"] = "A changed title"  # a real change: everything is re-published
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    after = managed(api, pretalx_conf, admin_token)
    assert after["Tutorials"]["slug"] == mine.body["slug"] and after["Tutorials"]["signup_count"] == 1
    assert len(after) == 5


def test_scheduled_sync_covers_every_configured_conference_and_survives_failures(
        api, admin_token, make_conference, monkeypatch):
    from chalicelib.events import pretalx_sync
    from chalicelib.services import conferences

    good, broken = FakePretalx(dataset(), event=EVENT).start(), FakePretalx(dataset(), event=EVENT).start()
    try:
        broken.faults = [Fault(500) for _ in range(FAST.retries + 1)]
        slugs = [
            make_conference(pretalx={"base_url": broken.url, "event_slug": EVENT, "api_token": broken.token}),
            make_conference(pretalx={"base_url": good.url, "event_slug": EVENT, "api_token": good.token}),
            make_conference(),  # no Pretalx settings: skipped
        ]
        mine = [conferences.get_conference(s) for s in slugs]
        monkeypatch.setattr(pretalx_sync, "list_conferences", lambda: mine)
        summary = pretalx_sync.run_scheduled_sync()
    finally:
        good.stop()
        broken.stop()
    assert set(summary) == set(slugs[:2])
    assert summary[slugs[0]]["error"] == "PretalxUnavailable"
    assert summary[slugs[1]] == {**EXPECTED, "changed": True}
    assert len(schedule.list_slots(slugs[1])) == EXPECTED["schedule_slots"]
    assert schedule.current_pointer(slugs[0]) is None


def test_an_activity_linked_to_the_singular_type_takes_the_plural_talks(api, admin_token, pretalx_conf):
    base = f"/manage/conferences/{pretalx_conf}/activities"
    created = api.post(base, {"name": "Hands-on workshops", "activity_type": "workshop",
                              "pretalx_submission_type": "Workshop"}, token=admin_token)
    assert created.status == 201, created.body
    first = run_sync(api, pretalx_conf, admin_token)
    assert first.status == 200 and first.body["activities"] == EXPECTED["activities"]
    workshops = [a for a in managed(api, pretalx_conf, admin_token).values() if a["activity_type"] == "workshop"]
    assert [a["slug"] for a in workshops] == [created.body["slug"]]  # no second "Workshops" activity
    assert len(schedule.talks_for_activity(pretalx_conf, created.body["slug"])) == 12
    assert run_sync(api, pretalx_conf, admin_token).body == first.body


def test_a_deleted_synced_activity_is_recreated_and_relinked(api, admin_token, pretalx_conf):
    from chalicelib.store import activities as activity_store

    assert run_sync(api, pretalx_conf, admin_token).status == 200
    slug = managed(api, pretalx_conf, admin_token)["Open Space"]["slug"]
    activity_store.get_activity(pretalx_conf, slug).delete()
    assert run_sync(api, pretalx_conf, admin_token).body == EXPECTED
    again = managed(api, pretalx_conf, admin_token)["Open Space"]["slug"]
    assert len(schedule.talks_for_activity(pretalx_conf, again)) == 8
