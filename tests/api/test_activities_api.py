"""Activities over the HTTP API (in-process client, real emulator): public views and signups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.activities import path
from tests.support.clients import Api


@pytest.fixture
def new_activity(api: Api, manager: str) -> Callable[..., dict[str, Any]]:
    def make(conf: str, **fields: Any) -> dict[str, Any]:
        body = {"name": "Sprint Night", "activity_type": "sprint", **fields}
        reply = api.post(f"/manage/conferences/{conf}/activities", body, token=manager)
        assert reply.status == 201, reply.body
        return reply.body

    return make


# -- list and detail ---------------------------------------------------------------------


def test_list_is_public_active_only_and_ordered(api: Api, conference: str, new_activity: Callable) -> None:
    new_activity(conference, name="Zeta social", activity_type="social", start_time="2026-05-14T18:00:00Z")
    new_activity(conference, name="Alpha sprint", start_time="2026-05-18T13:00:00Z")
    new_activity(conference, name="Beta tutorial", activity_type="tutorial", start_time="2026-05-14T18:00:00Z")
    new_activity(conference, name="No time yet")
    new_activity(conference, name="Hidden", is_active=False)
    reply = api.get(path(conference))
    assert reply.status == 200
    assert [a["slug"] for a in reply.body["activities"]] == ["beta-tutorial", "zeta-social", "alpha-sprint", "no-time-yet"]
    filtered = api.get(path(conference) + "?type=social")
    assert [a["slug"] for a in filtered.body["activities"]] == ["zeta-social"]
    assert api.get(path(conference) + "?type=bogus").status == 422


def test_activity_object_has_contract_fields(api: Api, conference: str, new_activity: Callable) -> None:
    created = new_activity(conference, name="Intro to Python!", max_participants=10, location="Hall B",
                           external_url="https://example.com/x", requires_ticket=True)
    assert created["slug"] == "intro-to-python"
    reply = api.get(path(conference, created["slug"]))
    assert reply.status == 200
    body = reply.body
    for field in ("slug", "name", "activity_type", "description", "location", "room", "start_time", "end_time",
                  "max_participants", "spots_remaining", "signup_count", "waitlist_count", "talk_count",
                  "requires_ticket", "external_url", "is_active", "pretalx_submission_type", "organizers",
                  "talks", "schedule_by_day", "speakers", "my_signup"):
        assert field in body, field
    assert (body["max_participants"], body["spots_remaining"], body["signup_count"]) == (10, 10, 0)
    assert body["my_signup"] is None and body["talks"] == [] and body["schedule_by_day"] == []


def test_unknown_conference_and_activity_are_404(api: Api, conference: str) -> None:
    assert api.get(path("no-such-conf-xyz")).status == 404
    assert api.get(path(conference, "nope")).error_code == "not_found"


def test_inactive_activity_is_404_publicly(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    hidden = new_activity(conference, name="Hidden", is_active=False)
    assert api.get(path(conference, hidden["slug"])).status == 404
    reply = api.post(path(conference, hidden["slug"], "/signup"), {}, token=make_token("u1"))
    assert reply.status == 404


def test_another_conferences_activity_is_404(api: Api, make_conference: Callable, new_activity: Callable,
                                             make_token: Callable) -> None:
    one, two = make_conference(), make_conference()
    activity = new_activity(one, name="Only in one")
    assert api.get(path(two, activity["slug"])).status == 404
    assert api.post(path(two, activity["slug"], "/signup"), {}, token=make_token("u1")).status == 404
    assert api.delete(path(two, activity["slug"], "/signup"), token=make_token("u1")).status == 404


@pytest.mark.parametrize("features", [{"programs": False}, {"public_ui": False}])
def test_disabled_feature_hides_every_public_route(api: Api, make_conference: Callable, new_activity: Callable,
                                                   make_token: Callable, features: dict[str, bool]) -> None:
    conf = make_conference(features=features)
    activity = new_activity(conf)
    token = make_token("u1")
    assert api.get(path(conf)).status == 404
    assert api.get(path(conf, activity["slug"])).status == 404
    assert api.post(path(conf, activity["slug"], "/signup"), {}, token=token).status == 404
    assert api.delete(path(conf, activity["slug"], "/signup"), token=token).status == 404


def test_detail_lists_linked_talks_speakers_and_days_in_conference_timezone(
    api: Api, conference: str, new_activity: Callable,
) -> None:
    from chalicelib.store.schedule import Talk, publish_schedule

    activity = new_activity(conference, name="Tutorials", activity_type="tutorial", pretalx_submission_type="Tutorial")
    unlinked = new_activity(conference, name="Not from Pretalx")
    talks = [
        # 01:30Z on the 14th is still the 13th in New York
        Talk("T2", "Late tutorial", "Tutorial", ("Ana", "Bo"), "Room 1", "2026-05-14T01:30:00Z", "2026-05-14T03:00:00Z",
             activity["slug"]),
        Talk("T1", "Morning tutorial", "Tutorial", ("Ana",), "Room 2", "2026-05-13T13:00:00Z", "2026-05-13T16:00:00Z",
             activity["slug"]),
        Talk("T3", "Next day", "Tutorial", ("Cy",), "Room 1", "2026-05-14T14:00:00Z", None, activity["slug"]),
        Talk("X1", "Someone else's", "Talk", ("Dee",), "Room 1", "2026-05-14T14:00:00Z", None, "other"),
        Talk("U1", "Stale link", "Talk", ("Eve",), "Room 1", "2026-05-14T14:00:00Z", None, unlinked["slug"]),
    ]
    publish_schedule(conference, [], talks, [])
    body = api.get(path(conference, activity["slug"])).body
    assert [t["code"] for t in body["talks"]] == ["T1", "T2", "T3"]
    assert body["talks"][0] == {"code": "T1", "title": "Morning tutorial", "submission_type": "Tutorial",
                                "speakers": ["Ana"], "room": "Room 2", "start": "2026-05-13T13:00:00Z",
                                "end": "2026-05-13T16:00:00Z"}
    assert body["speakers"] == ["Ana", "Bo", "Cy"]
    assert body["schedule_by_day"] == [{"date": "2026-05-13", "talks": ["T1", "T2"]},
                                       {"date": "2026-05-14", "talks": ["T3"]}]
    # only the sync links talks, through the submission type: without one the schedule is not read
    assert api.get(path(conference, unlinked["slug"])).body["talks"] == []


# -- signup and cancel -------------------------------------------------------------------


def test_signup_needs_a_token(api: Api, conference: str, new_activity: Callable) -> None:
    activity = new_activity(conference)
    assert api.post(path(conference, activity["slug"], "/signup"), {}).status == 401
    assert api.delete(path(conference, activity["slug"], "/signup")).status == 401
    assert api.post(path(conference, activity["slug"], "/signup"), {}, token="garbage").status == 401


def test_signup_confirms_then_409_with_the_existing_signup(api: Api, conference: str, new_activity: Callable,
                                                           make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=3)
    token = make_token("ursula")
    first = api.post(path(conference, activity["slug"], "/signup"), {"note": "  vegetarian  "}, token=token)
    assert first.status == 201
    assert first.body["status"] == "confirmed" and first.body["note"] == "vegetarian"
    assert first.body["created_at"].endswith("Z") and first.body["id"]
    again = api.post(path(conference, activity["slug"], "/signup"), {}, token=token)
    assert again.status == 409 and again.error_code == "already_signed_up"
    assert again.body["signup"]["id"] == first.body["id"]
    detail = api.get(path(conference, activity["slug"]), token=token).body
    assert {**detail["my_signup"], "overlaps": []} == first.body  # the signup's answer also names its clashes
    assert (detail["signup_count"], detail["spots_remaining"]) == (1, 2)
    assert api.get(path(conference, activity["slug"]), token=make_token("other")).body["my_signup"] is None


def test_signup_without_a_body_works(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    activity = new_activity(conference)
    reply = api.post(path(conference, activity["slug"], "/signup"), token=make_token("nobody"))
    assert reply.status == 201 and reply.body["note"] == ""


def test_full_activity_waitlists(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=2)
    statuses = [api.post(path(conference, activity["slug"], "/signup"), {}, token=make_token(f"u{i}")).body["status"]
                for i in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    listed = api.get(path(conference)).body["activities"][0]
    assert (listed["signup_count"], listed["waitlist_count"], listed["spots_remaining"]) == (2, 2, 0)
    mine = api.get(path(conference, activity["slug"]), token=make_token("u3")).body["my_signup"]
    assert mine["status"] == "waitlisted"


def test_unlimited_activity_never_waitlists(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    activity = new_activity(conference)
    replies = [api.post(path(conference, activity["slug"], "/signup"), {}, token=make_token(f"u{i}")) for i in range(5)]
    assert {r.body["status"] for r in replies} == {"confirmed"}
    detail = api.get(path(conference, activity["slug"])).body
    assert (detail["max_participants"], detail["spots_remaining"], detail["signup_count"]) == (None, None, 5)


def test_cancel_then_sign_up_again(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=5)
    token = make_token("vera")
    first = api.post(path(conference, activity["slug"], "/signup"), {}, token=token).body
    cancelled = api.delete(path(conference, activity["slug"], "/signup"), token=token)
    assert cancelled.status == 200
    assert cancelled.body["id"] == first["id"] and cancelled.body["status"] == "cancelled"
    assert cancelled.body["cancelled_at"].endswith("Z")
    assert api.get(path(conference, activity["slug"])).body["signup_count"] == 0
    second = api.post(path(conference, activity["slug"], "/signup"), {"note": "back"}, token=token)
    assert second.status == 201 and second.body["id"] != first["id"] and second.body["status"] == "confirmed"


def test_cancel_without_active_signup_is_404(api: Api, conference: str, new_activity: Callable,
                                             make_token: Callable) -> None:
    activity = new_activity(conference)
    token = make_token("walt")
    reply = api.delete(path(conference, activity["slug"], "/signup"), token=token)
    assert reply.status == 404 and reply.error_code == "no_active_signup"
    api.post(path(conference, activity["slug"], "/signup"), {}, token=token)
    api.delete(path(conference, activity["slug"], "/signup"), token=token)
    assert api.delete(path(conference, activity["slug"], "/signup"), token=token).error_code == "no_active_signup"


def test_cancelling_a_waitlisted_signup_frees_its_waitlist_place(api: Api, conference: str, new_activity: Callable,
                                                                 make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=1)
    api.post(path(conference, activity["slug"], "/signup"), {}, token=make_token("a"))
    api.post(path(conference, activity["slug"], "/signup"), {}, token=make_token("b"))
    assert api.delete(path(conference, activity["slug"], "/signup"), token=make_token("b")).status == 200
    detail = api.get(path(conference, activity["slug"])).body
    assert (detail["signup_count"], detail["waitlist_count"]) == (1, 0)


@pytest.mark.parametrize("raw, status", [
    ('{"note": "' + "x" * 1001 + '"}', 422),
    ('{"note": 5}', 422),
    ('{"unexpected": 1}', 422),
    ("[1, 2]", 400),
    ("{not json", 400),
])
def test_signup_rejects_bad_bodies(api: Api, conference: str, new_activity: Callable, make_token: Callable,
                                   raw: str, status: int) -> None:
    activity = new_activity(conference)
    reply = api.post(path(conference, activity["slug"], "/signup"), raw=raw, token=make_token("x"),
                     headers={"Content-Type": "application/json"})
    assert reply.status == status and "error" in reply.body


def test_signup_items_carry_what_the_notifier_reads(api: Api, conference: str, new_activity: Callable,
                                                    make_token: Callable) -> None:
    from chalicelib.store import signups as store

    activity = new_activity(conference, name="Social", max_participants=1)
    api.post(path(conference, activity["slug"], "/signup"), {"note": "hi"},
             token=make_token("n1", name="Nia One", email="nia@example.org"))
    [item] = store.list_signups(conference, activity["slug"])
    data = item.attribute_values
    assert data["entity"] == "signup" and data["status"] == "confirmed"
    assert (data["conference_slug"], data["activity_slug"], data["activity_name"]) == (conference, "social", "Social")
    assert (data["user_sub"], data["user_email"], data["user_name"], data["note"]) == ("n1", "nia@example.org", "Nia One", "hi")
    assert data["created_at"]
