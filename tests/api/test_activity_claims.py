"""Claim windows: with `claim_hours`, a freed place is offered to the first in line until
`claim_by`; the person claims it (200 confirmed) or it lapses (409 claim_expired) and the
claim deadlines' run expires it and the stream offers it to the next in line, once.

The stream is driven by hand with Lambda-shaped records built from the activity item as it is
in the table (the same path as the pump and Lambda), the schedule by calling its handler with
an EventBridge event whose `time` is the moment to act as.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.domain import deadlines
from chalicelib.services import claims as claim_service
from chalicelib.store import claims as claim_store
from tests.api.test_activities_promotion import activity_image, deliver, modify_record
from tests.support.activities import path, sign_up
from tests.support.clients import Api


def claim(api: Api, conf: str, activity: str, token: str) -> Any:
    return api.post(path(conf, activity, "/signup/claim"), None, token=token)


def my_signup(api: Api, conf: str, activity: str, token: str) -> dict[str, Any] | None:
    return api.get(path(conf, activity), token=token).body["my_signup"]


def run_expiry(app_module: Any, now: str) -> dict[str, Any]:
    from devstack.gateway.schedules import scheduled_event

    return app_module.scheduled_claim_deadlines(scheduled_event("claim_deadlines", now), None)


def every_status(api: Api, conf: str, activity: str, manager: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for status in ("confirmed", "offered", "waitlisted", "expired", "cancelled"):
        body = api.get(f"/manage/conferences/{conf}/activities/{activity}/signups?status={status}",
                       token=manager).body
        out.update({s["user"]["sub"]: s["status"] for s in body["signups"]})
    return out


def later(timestamp: str, seconds: float) -> str:
    """A public timestamp moved by `seconds`, in the table's stored form."""
    return deadlines.stamp(deadlines.parse(timestamp) + timedelta(seconds=seconds))


@pytest.fixture
def offered(api: Api, app_module: Any, conference: str, manager: str,
            make_token: Callable[..., str]) -> Callable[..., tuple[str, dict[str, str]]]:
    """An activity with one place and `claim_hours`, its holder cancelled and the place offered
    to the first of `waiting` (returns the slug and the people's tokens by sub)."""

    def make(waiting: int = 2, hours: int = 2, name: str = "Claimable") -> tuple[str, dict[str, str]]:
        reply = api.post(f"/manage/conferences/{conference}/activities",
                         {"name": name, "max_participants": 1, "claim_hours": hours}, token=manager)
        assert reply.status == 201 and reply.body["claim_hours"] == hours, reply.body
        slug = reply.body["slug"]
        tokens = {f"c{i}": make_token(f"c{i}-{slug}") for i in range(waiting + 1)}
        for token in tokens.values():
            sign_up(api, conference, slug, token)
        before = activity_image(conference, slug)
        assert api.delete(path(conference, slug, "/signup"), token=tokens["c0"]).status == 200
        assert deliver(app_module, [modify_record(before, activity_image(conference, slug))]) == {
            "batchItemFailures": []}
        return slug, tokens

    return make


def test_claim_hours_is_set_changed_cleared_and_answered(api: Api, conference: str, manager: str) -> None:
    base = f"/manage/conferences/{conference}/activities"
    created = api.post(base, {"name": "Windowed", "max_participants": 3, "claim_hours": 24}, token=manager)
    assert created.status == 201 and created.body["claim_hours"] == 24
    slug = created.body["slug"]
    assert api.post(base, {"name": "Plain"}, token=manager).body["claim_hours"] is None
    assert api.patch(f"{base}/{slug}", {"claim_hours": 6}, token=manager).body["claim_hours"] == 6
    assert api.get(path(conference, slug)).body["claim_hours"] == 6
    assert api.patch(f"{base}/{slug}", {"claim_hours": None}, token=manager).body["claim_hours"] is None
    assert api.get(f"{base}/{slug}", token=manager).body["claim_hours"] is None
    for bad in (0, -1, 1.5, "soon", 24 * 28 + 1):
        reply = api.patch(f"{base}/{slug}", {"claim_hours": bad}, token=manager)
        assert reply.status == 422 and "claim_hours" in reply.body["error"]["fields"], (bad, reply.body)


def test_a_freed_place_is_offered_held_and_claimed(
    api: Api, app_module: Any, conference: str, manager: str, offered: Callable,
) -> None:
    slug, tokens = offered(waiting=2, hours=2)
    mine = my_signup(api, conference, slug, tokens["c1"])
    assert mine["status"] == "offered" and mine["waitlist_position"] is None
    window = deadlines.parse(mine["claim_by"]) - deadlines.parse(mine["created_at"])
    assert timedelta(hours=2) <= window < timedelta(hours=2, minutes=5)
    detail = api.get(path(conference, slug)).body
    assert detail["spots_remaining"] == 0 and detail["signup_count"] == 1  # the offer holds the place
    assert my_signup(api, conference, slug, tokens["c2"])["waitlist_position"] == 1
    listed = api.get(f"/conferences/{conference}/my/signups", token=tokens["c1"]).body["signups"]
    assert [(s["status"], s["claim_by"]) for s in listed] == [("offered", mine["claim_by"])]
    stats = api.get(f"/manage/conferences/{conference}/activities/{slug}/signups", token=manager).body["stats"]
    assert (stats["offered"], stats["waitlisted"], stats["total_active"]) == (1, 1, 2)

    # A waitlisted person has nothing to claim; nor has someone with no signup.
    reply = claim(api, conference, slug, tokens["c2"])
    assert reply.status == 409 and reply.error_code == "invalid_state"
    assert claim(api, conference, slug, tokens["c0"]).status == 404

    reply = claim(api, conference, slug, tokens["c1"])
    assert reply.status == 200, reply.body
    assert reply.body["status"] == "confirmed" and reply.body["claim_by"] is None
    assert my_signup(api, conference, slug, tokens["c1"])["status"] == "confirmed"
    again = claim(api, conference, slug, tokens["c1"])
    assert again.status == 409 and again.error_code == "invalid_state"
    # A claimed place stays claimed: an expiry run past its old deadline leaves it, nobody else is offered.
    run_expiry(app_module, later(mine["claim_by"], 1))
    state = every_status(api, conference, slug, manager)
    assert (state[f"c1-{slug}"], state[f"c2-{slug}"]) == ("confirmed", "waitlisted")


def test_a_claim_takes_two_requests(api: Api, conference: str, offered: Callable) -> None:
    """The lock (signup key and deadline) and one transaction, counted on the wire."""
    from tests.support.request_count import dynamodb_requests

    slug, tokens = offered(waiting=1, hours=2, name="Claim budget")
    api.get(f"/conferences/{conference}")  # a warm container has read its conference
    with dynamodb_requests() as counts:
        reply = claim(api, conference, slug, tokens["c1"])
    assert reply.status == 200, reply.body
    assert sum(counts.values()) <= 2, dict(counts)


def test_a_claim_after_claim_by_is_409_claim_expired_before_and_after_the_run(
    api: Api, app_module: Any, conference: str, manager: str, offered: Callable, monkeypatch: pytest.MonkeyPatch,
) -> None:
    slug, tokens = offered(waiting=2, hours=1)
    claim_by = my_signup(api, conference, slug, tokens["c1"])["claim_by"]
    monkeypatch.setattr(claim_service, "now_iso", lambda: later(claim_by, 0))  # claim_by itself is too late
    reply = claim(api, conference, slug, tokens["c1"])
    assert reply.status == 409 and reply.error_code == "claim_expired", reply.body
    assert my_signup(api, conference, slug, tokens["c1"])["status"] == "offered"  # the write refused, nothing moved

    monkeypatch.setattr(claim_service, "now_iso", lambda: later(claim_by, -1))
    before = activity_image(conference, slug)
    result = run_expiry(app_module, later(claim_by, 0))
    assert result["now"] == later(claim_by, 0) and result["expired"] >= 1  # (other tests' offers may be due too)
    reply = claim(api, conference, slug, tokens["c1"])  # the clock says in time, the offer is gone: expired
    assert reply.status == 409 and reply.error_code == "claim_expired", reply.body
    assert my_signup(api, conference, slug, tokens["c1"]) is None
    record = modify_record(before, activity_image(conference, slug))
    for _ in range(3):  # the expiry's stream record, and two replays of it
        assert deliver(app_module, [record]) == {"batchItemFailures": []}
    assert every_status(api, conference, slug, manager) == {
        f"c0-{slug}": "cancelled", f"c1-{slug}": "expired", f"c2-{slug}": "offered"}
    # The person whose offer lapsed may join again, at the back of the queue.
    assert sign_up(api, conference, slug, tokens["c1"])["status"] == "waitlisted"


def test_expiry_and_its_replays_move_each_place_once(
    api: Api, app_module: Any, conference: str, manager: str, offered: Callable,
) -> None:
    slug, tokens = offered(waiting=3, hours=3)
    first = my_signup(api, conference, slug, tokens["c1"])["claim_by"]
    run_expiry(app_module, later(first, -1))  # a second early: not due
    assert my_signup(api, conference, slug, tokens["c1"])["status"] == "offered"
    before = activity_image(conference, slug)
    results = [run_expiry(app_module, later(first, 0)) for _ in range(3)]  # a run and two replays
    assert results[0]["expired"] >= 1 and [r["expired"] for r in results[1:]] == [0, 0]
    record = modify_record(before, activity_image(conference, slug))
    for _ in range(3):
        deliver(app_module, [record])
    state = every_status(api, conference, slug, manager)
    assert [state[f"c{i}-{slug}"] for i in range(1, 4)] == ["expired", "offered", "waitlisted"]
    second = my_signup(api, conference, slug, tokens["c2"])["claim_by"]
    assert second >= first  # the next offer's window starts when it is made
    detail = api.get(path(conference, slug)).body
    assert (detail["signup_count"], detail["waitlist_count"], detail["spots_remaining"]) == (1, 1, 0)
    run_expiry(app_module, later(second, -1))  # the new offer is not due a second before its deadline
    assert my_signup(api, conference, slug, tokens["c2"])["status"] == "offered"
    assert claim(api, conference, slug, tokens["c2"]).status == 200


def test_a_claim_racing_its_own_expiry_ends_in_exactly_one(
    api: Api, app_module: Any, conference: str, manager: str, offered: Callable,
) -> None:
    outcomes = []
    for round_number in range(6):
        slug, tokens = offered(waiting=1, hours=1, name=f"Race {round_number}")
        claim_by = my_signup(api, conference, slug, tokens["c1"])["claim_by"]
        due = _offer(conference, slug)  # read before the race: a claim takes it out of the due index
        with ThreadPoolExecutor(2) as pool:
            claimed = pool.submit(claim, api, conference, slug, tokens["c1"])
            expired = pool.submit(claim_store.expire_claim, due, later(claim_by, 0))
            reply, did_expire = claimed.result(), expired.result()
        final = every_status(api, conference, slug, manager)[f"c1-{slug}"]
        if reply.status == 200:
            assert not did_expire and final == "confirmed"
        else:
            assert reply.error_code == "claim_expired" and did_expire and final == "expired", reply.body
        detail = api.get(path(conference, slug)).body
        assert detail["signup_count"] == (1 if final == "confirmed" else 0)
        outcomes.append(final)
    assert set(outcomes) <= {"confirmed", "expired"}


def _offer(conf: str, activity: str) -> Any:
    """The activity's one offered signup, as the due index gives it."""
    (signup,) = [s for s in claim_store.due_claims("9999") if s.conference_slug == conf
                 and s.activity_slug == activity]
    return signup


def test_without_claim_hours_promotion_confirms_at_once(
    api: Api, app_module: Any, conference: str, manager: str, make_token: Callable,
) -> None:
    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Direct", "max_participants": 1},
                    token=manager).body["slug"]
    first, second = make_token("d1"), make_token("d2")
    sign_up(api, conference, slug, first)
    sign_up(api, conference, slug, second)
    before = activity_image(conference, slug)
    api.delete(path(conference, slug, "/signup"), token=first)
    deliver(app_module, [modify_record(before, activity_image(conference, slug))])
    mine = my_signup(api, conference, slug, second)
    assert (mine["status"], mine["claim_by"]) == ("confirmed", None)
