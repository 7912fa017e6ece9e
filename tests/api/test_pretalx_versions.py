"""The sync against what real pretalx 2025.2 servers do that the plain v1 fake did not:
tokens pinned to the LEGACY API, read tokens without `/submission-types/`, slots hidden from
the public schedule, organiser-linked activities under a non-activity name, and errors that
say what to do."""

from __future__ import annotations

import pytest

from chalicelib.store import schedule
from tests.support.pretalx import run_sync
from tests.support.pretalx_pycon import EVENT, EXPECTED

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def test_a_token_pinned_to_the_legacy_api_still_syncs(api, admin_token, pretalx_conf, fake):
    fake.legacy_token = True  # without Pretalx-Version: v1, /slots/ answers 400
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body == EXPECTED
    assert {r.version for r in fake.requests} == {"v1"}


def test_types_come_from_the_submissions_so_a_token_without_submission_types_syncs(
        api, admin_token, pretalx_conf, fake):
    fake.types_forbidden = True
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body == EXPECTED
    assert fake.count("submission-types") == 0
    assert {t.submission_type for t in schedule.list_talks(pretalx_conf)} >= {"Tutorials", "Workshops"}


def test_types_are_looked_up_when_pretalx_ignores_the_expansion(api, admin_token, pretalx_conf, fake):
    fake.honour_expand = False
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200 and reply.body == EXPECTED, reply.body
    assert fake.count("submission-types") >= 1


def test_slots_pretalx_does_not_publish_are_not_published(api, admin_token, pretalx_conf, fake):
    hidden = [s for s in fake.dataset["slots"] if s["submission"]][:3]
    for slot in hidden:
        slot["is_visible"] = False
    codes = {s["submission"] for s in hidden}
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body["schedule_slots"] == EXPECTED["schedule_slots"] - 3
    assert reply.body["talks"] == EXPECTED["talks"] - 3  # unconfirmed talks stay off the public pages
    assert not codes & {s.talk_code for s in schedule.list_slots(pretalx_conf)}
    assert not codes & {t.code for t in schedule.list_talks(pretalx_conf)}


def test_hidden_slots_do_not_make_day_labels(api, admin_token, make_token, make_conference, fake):
    # No sections (a section would name its days whatever their talks): the labels come from the talks.
    pretalx_conf = make_conference(sections=[], pretalx={"base_url": fake.url, "event_slug": EVENT,
                                                         "api_token": fake.token})
    # Every talk slot of the last day is invisible: the day has only a blocker and breaks left.
    last_day = max(s["start"][:10] for s in fake.dataset["slots"] if s["start"])
    for slot in fake.dataset["slots"]:
        if slot["start"] and slot["start"].startswith(last_day) and slot["submission"]:
            slot["is_visible"] = False
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    days = api.get(f"/conferences/{pretalx_conf}/travel-grant/days", token=make_token("day-reader")).body["days"]
    label = next(d["label"] for d in days if d["value"] == last_day)
    assert "(" not in label  # no talk type dominates a day whose talks are all hidden


def test_an_activity_linked_under_another_name_counts_its_talks(api, admin_token, pretalx_conf):
    base = f"/manage/conferences/{pretalx_conf}/activities"
    party = api.post(base, {"name": "Poster walk", "activity_type": "social", "pretalx_submission_type": "Poster"},
                     token=admin_token)
    assert party.status == 201, party.body
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    after = api.get(f"{base}", token=admin_token).body["activities"]
    mine = next(a for a in after if a["slug"] == party.body["slug"])
    assert mine["talk_count"] == 10 and mine["activity_type"] == "social" and mine["name"] == "Poster walk"
    detail = api.get(f"/conferences/{pretalx_conf}/activities/{party.body['slug']}").body
    assert len(detail["talks"]) == 10


def test_not_configured_says_how_to_configure(api, admin_token, conference):
    reply = api.post(f"/manage/conferences/{conference}/pretalx/sync", token=admin_token)
    assert reply.status == 409 and reply.error_code == "pretalx_not_configured"
    message = reply.body["error"]["message"]
    assert f"/manage/conferences/{conference}" in message and '"pretalx"' in message
    assert "base_url" in message and "event_slug" in message and "api_token" in message


def test_a_502_names_the_endpoint_that_failed(api, admin_token, pretalx_conf, fake):
    fake.types_forbidden = True
    fake.honour_expand = False  # forces the /submission-types/ fallback, which is refused
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 502 and reply.error_code == "pretalx_unavailable"
    message = reply.body["error"]["message"]
    assert "/submission-types/" in message and "403" in message and "read access" in message
    assert fake.token not in message
