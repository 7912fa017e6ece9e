"""Per-talk Pretalx activities: the conference chooses which submission types get one
activity per talk (own time, room, speakers, the room's capacity); the others stay grouped.
Re-syncs update them in place (slug and signups kept) and take removed talks off (inactive)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.store import schedule
from tests.support.pretalx import run_sync
from tests.support.pretalx_pycon import EVENT, dataset
from tests.support.request_count import dynamodb_requests, watch_api_calls, writes

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


@pytest.fixture
def per_talk_conf(make_conference: Any, fake: Any) -> str:
    rooms = {r["id"]: r for r in fake.dataset["rooms"]}
    rooms[103]["capacity"] = 40
    rooms[106]["capacity"] = None  # no capacity in Pretalx: unlimited
    return make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token,
                                    "per_talk_types": ["tutorial"]})


def managed(api: Any, slug: str, token: str) -> list[dict[str, Any]]:
    reply = api.get(f"/manage/conferences/{slug}/activities", token=token)
    assert reply.status == 200, reply.body
    return reply.body["activities"]


def tutorials(api: Any, slug: str, token: str) -> dict[str, dict[str, Any]]:
    """Per-talk tutorial activities by their talk's title."""
    return {a["name"]: a for a in managed(api, slug, token) if a["activity_type"] == "tutorial"}


def _talk(fake: Any, title: str) -> dict[str, Any]:
    return next(s for s in fake.dataset["submissions"] if s["title"] == title)


def _slot(fake: Any, code: str) -> dict[str, Any]:
    return next(s for s in fake.dataset["slots"] if s["submission"] == code)


def test_chosen_type_gets_one_activity_per_talk_others_stay_grouped(api, admin_token, per_talk_conf):
    reply = run_sync(api, per_talk_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body["activities"] == 24 + 3  # 24 tutorials, and Workshops, lightning talk, Open Space grouped
    activities = managed(api, per_talk_conf, admin_token)
    grouped = {a["pretalx_submission_type"] for a in activities if a["activity_type"] != "tutorial"}
    assert grouped == {"Workshops", "lightning talk", "Open Space"}
    per_talk = tutorials(api, per_talk_conf, admin_token)
    assert len(per_talk) == 24
    one = per_talk["Tutorial 2026-05-13 103 09:00"]
    assert (one["start_time"], one["end_time"], one["room"]) == ("2026-05-13T13:00:00Z", "2026-05-13T16:30:00Z",
                                                                 "Hall C")
    assert one["max_participants"] == 40 and one["spots_remaining"] == 40 and one["talk_count"] == 1
    assert one["pretalx_submission_type"] == "Tutorials" and one["description"].startswith("With ")
    assert per_talk["Tutorial 2026-05-13 101 09:00"]["max_participants"] == 300
    assert per_talk["Tutorial 2026-05-13 106 09:00"]["max_participants"] is None
    detail = api.get(f"/conferences/{per_talk_conf}/activities/{one['slug']}")
    assert detail.status == 200, detail.body
    [talk] = detail.body["talks"]
    assert talk["title"] == one["name"] and len(detail.body["speakers"]) == 2
    assert one["slug"].endswith("-" + talk["code"].lower())  # the key derives from the submission code
    # The grouped types keep their talks; no tutorial is linked to a grouped activity.
    workshops = next(a for a in activities if a["pretalx_submission_type"] == "Workshops")
    assert workshops["talk_count"] == 12
    assert len(schedule.talks_for_activity(per_talk_conf, workshops["slug"])) == 12


def test_resync_is_idempotent_and_writes_only_what_changed(api, admin_token, per_talk_conf, fake):
    run_sync(api, per_talk_conf, admin_token)
    before = tutorials(api, per_talk_conf, admin_token)
    with dynamodb_requests() as unchanged:
        assert run_sync(api, per_talk_conf, admin_token).body["activities"] == 27
    assert writes(unchanged) == 0 and sum(unchanged.values()) <= 3, unchanged
    assert tutorials(api, per_talk_conf, admin_token) == before

    code = _talk(fake, "Tutorial 2026-05-13 101 09:00")["code"]
    slot = _slot(fake, code)
    slot["start"], slot["end"] = slot["start"].replace("09:00", "10:00"), slot["end"].replace("12:30", "13:30")
    activity_writes: list[str] = []

    def watch(service: str, operation: str, params: dict[str, Any]) -> None:
        key = params.get("Key") or params.get("Item") or {}
        if service == "dynamodb" and operation in ("UpdateItem", "PutItem") \
                and str(key.get("sk", {}).get("S", "")).startswith("ACT#") \
                and per_talk_conf in str(key.get("pk", {}).get("S", "")):
            activity_writes.append(key["sk"]["S"])

    with watch_api_calls(watch):
        assert run_sync(api, per_talk_conf, admin_token).status == 200
    # Only the moved talk's activity among the 24 per-talk ones (grouped ones are refreshed as before).
    moved_slug = before["Tutorial 2026-05-13 101 09:00"]["slug"]
    assert [w for w in activity_writes if w.startswith("ACT#tutorial-")] == [f"ACT#{moved_slug}"], activity_writes
    after = tutorials(api, per_talk_conf, admin_token)
    assert after["Tutorial 2026-05-13 101 09:00"]["start_time"] == "2026-05-13T14:00:00Z"
    assert {k: v["slug"] for k, v in after.items()} == {k: v["slug"] for k, v in before.items()}


def test_moved_and_removed_talks_keep_their_signups(api, admin_token, make_token, per_talk_conf, fake):
    run_sync(api, per_talk_conf, admin_token)
    per_talk = tutorials(api, per_talk_conf, admin_token)
    moving, leaving = per_talk["Tutorial 2026-05-13 102 09:00"], per_talk["Tutorial 2026-05-13 104 13:30"]
    for who in ("ann", "bob"):
        assert api.post(f"/conferences/{per_talk_conf}/activities/{moving['slug']}/signup", {},
                        token=make_token(who)).status == 201
    assert api.post(f"/conferences/{per_talk_conf}/activities/{leaving['slug']}/signup", {},
                    token=make_token("cy")).status == 201
    slot = _slot(fake, _talk(fake, moving["name"])["code"])
    slot["room"] = 105
    _talk(fake, leaving["name"])["state"] = "withdrawn"

    assert run_sync(api, per_talk_conf, admin_token).body["activities"] == 26
    after = tutorials(api, per_talk_conf, admin_token)
    assert after[moving["name"]]["room"] == "Room 252" and after[moving["name"]]["signup_count"] == 2
    gone = after[leaving["name"]]
    assert gone["is_active"] is False and gone["signup_count"] == 1 and gone["slug"] == leaving["slug"]
    assert api.get(f"/conferences/{per_talk_conf}/activities/{leaving['slug']}").status == 404
    signups = api.get(f"/manage/conferences/{per_talk_conf}/activities/{leaving['slug']}/signups",
                      token=admin_token)
    assert [s["user"]["sub"] for s in signups.body["signups"]] == ["cy"]

    _talk(fake, leaving["name"])["state"] = "confirmed"  # back on the programme: active again, same signups
    assert run_sync(api, per_talk_conf, admin_token).body["activities"] == 27
    back = tutorials(api, per_talk_conf, admin_token)[leaving["name"]]
    assert back["is_active"] is True and back["signup_count"] == 1


def test_an_organisers_deactivation_is_left_alone(api, admin_token, per_talk_conf, fake):
    run_sync(api, per_talk_conf, admin_token)
    one = tutorials(api, per_talk_conf, admin_token)["Tutorial 2026-05-14 101 09:00"]
    assert api.patch(f"/manage/conferences/{per_talk_conf}/activities/{one['slug']}", {"is_active": False,
                     "max_participants": 12}, token=admin_token).status == 200
    fake.dataset["submissions"][0]["title"] = "Retitled"
    assert run_sync(api, per_talk_conf, admin_token).status == 200
    again = tutorials(api, per_talk_conf, admin_token)[one["name"]]
    assert again["is_active"] is False and again["max_participants"] == 12
    with dynamodb_requests() as unchanged:  # still recognised as unchanged: nothing written
        assert run_sync(api, per_talk_conf, admin_token).status == 200
    assert writes(unchanged) == 0, unchanged


def test_per_talk_types_setting_is_validated_kept_and_shown(api, admin_token, per_talk_conf, fake):
    base = f"/manage/conferences/{per_talk_conf}"
    assert api.get(base, token=admin_token).body["pretalx"]["per_talk_types"] == ["tutorial"]
    # A PATCH of the Pretalx settings without the field keeps it (like the token)...
    kept = api.patch(base, {"pretalx": {"base_url": fake.url, "event_slug": EVENT}}, token=admin_token)
    assert kept.status == 200 and kept.body["pretalx"]["per_talk_types"] == ["tutorial"]
    # ...ids work, duplicates (by the same name rule) collapse, and [] clears it.
    ids = api.patch(base, {"pretalx": {"base_url": fake.url, "event_slug": EVENT,
                                       "per_talk_types": ["2", " Tutorials ", "tutorial"]}}, token=admin_token)
    assert ids.status == 200 and ids.body["pretalx"]["per_talk_types"] == ["2", "Tutorials"]
    for bad in (["  "], ["x" * 101], ["ok"] * 51, "Tutorials"):
        reply = api.patch(base, {"pretalx": {"base_url": fake.url, "event_slug": EVENT, "per_talk_types": bad}},
                          token=admin_token)
        assert reply.status == 422, (bad, reply.body)
        assert any(k.startswith("pretalx.per_talk_types") for k in reply.body["error"]["fields"]), reply.body
    cleared = api.patch(base, {"pretalx": {"base_url": fake.url, "event_slug": EVENT, "per_talk_types": []}},
                        token=admin_token)
    assert cleared.status == 200 and cleared.body["pretalx"]["per_talk_types"] == []


def test_type_chosen_by_id(api, admin_token, make_conference, fake):
    slug = make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token,
                                    "per_talk_types": ["4"]})  # Workshops
    assert run_sync(api, slug, admin_token).body["activities"] == 12 + 3
    assert sum(a["activity_type"] == "workshop" for a in managed(api, slug, admin_token)) == 12


def test_dataset_fixture_untouched():
    assert {r["capacity"] for r in dataset()["rooms"]} == {300}
