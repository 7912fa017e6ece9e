"""DynamoDB requests per operation on the happy path of a warm container, counted on the wire.

With the conference's settings remembered for a few seconds (store/conferences.py), the
user-facing writes take at most 2 requests and the list/detail views 1. Counted where
botocore sends each attempt (retries would count), from this thread only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.store import conferences
from tests.support.activities import busy_activity, place_marks
from tests.support.clients import Api
from tests.support.grants import application, path
from tests.support.request_count import dynamodb_requests


def measured(call: Callable[[], Any], expect: int = 300) -> tuple[Any, int]:
    with dynamodb_requests() as counts:
        reply = call()
    assert reply.status < expect, reply.body
    return reply, sum(counts.values())


@pytest.fixture
def activity(api: Api, conference: str, make_token: Callable[..., str]) -> str:
    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Budget", "max_participants": 50},
                     token=make_token("budget-manager", "manage_activity"))
    assert reply.status == 201, reply.body
    api.get(f"/conferences/{conference}")  # a warm container has read its conference
    return reply.body["slug"]


def test_activity_views_take_one_request_and_signup_cancel_two(
    api: Api, conference: str, activity: str, make_token: Callable[..., str],
) -> None:
    base = f"/conferences/{conference}/activities"
    fan = make_token("budget-fan")
    assert measured(lambda: api.get(base))[1] == 1
    assert measured(lambda: api.get(f"{base}/{activity}"))[1] == 1
    assert measured(lambda: api.get(f"{base}/{activity}", token=fan))[1] == 1
    assert measured(lambda: api.post(f"{base}/{activity}/signup", {"note": ""}, token=fan))[1] <= 2
    assert measured(lambda: api.delete(f"{base}/{activity}/signup", token=fan))[1] <= 2


def test_apply_and_review_take_at_most_two_and_views_one(
    api: Api, conference: str, activity: str, make_token: Callable[..., str],
) -> None:
    applicant, reviewer = make_token("budget-applicant"), make_token("budget-rita", "review_travel_grant")
    reply, sent = measured(lambda: api.post(path(conference), application(), token=applicant))
    assert sent <= 2
    grant_id = reply.body["id"]
    assert measured(lambda: api.get(path(conference), token=applicant))[1] == 1
    manage = f"/manage/conferences/{conference}/travel-grants"
    assert measured(lambda: api.get(manage, token=reviewer))[1] == 1  # grants + stats item: one Query
    assert measured(lambda: api.get(f"{manage}/{grant_id}", token=reviewer))[1] == 1
    assert measured(lambda: api.patch(f"{manage}/{grant_id}", {"status": "info_needed", "message": "Which airport do you fly from?"}, token=reviewer))[1] <= 2


def test_the_conference_is_read_again_once_its_memory_expires(
    api: Api, conference: str, activity: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(conferences, "clock", lambda: now[0])
    conferences.forget(conference)
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 1
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 0
    now[0] += conferences.CACHE_SECONDS
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 1


def test_a_waitlisted_signup_takes_two_requests_and_knows_its_place(
    api: Api, conference: str, make_token: Callable[..., str],
) -> None:
    """The queue as read plus a guard that it is unchanged at commit give the place: no COUNT."""
    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Tiny", "max_participants": 1},
                     token=make_token("tiny-manager", "manage_activity"))
    base = f"/conferences/{conference}/activities/{reply.body['slug']}/signup"
    places = []
    for n in range(4):
        body, sent = measured(lambda n=n: api.post(base, {"note": ""}, token=make_token(f"tiny-{n}")))
        assert sent <= 2, (n, sent)
        places.append((body.body["status"], body.body["waitlist_position"]))
    assert places == [("confirmed", None), ("waitlisted", 1), ("waitlisted", 2), ("waitlisted", 3)]


def test_a_queue_that_moved_after_the_read_is_counted_not_guessed(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Between our read and our commit someone joins (behind us: after our key) and someone
    ahead leaves, so the count is back where we read it. The monotone `waitlist_joined` guard
    still refuses the shortcut and the place is counted: 1, not `count as read + 1` = 2."""
    from chalicelib.domain.activities import new_signup_key
    from chalicelib.store import activities as store

    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Race", "max_participants": 1},
                     token=make_token("race-manager", "manage_activity"))
    slug = reply.body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    assert api.post(base, {}, token=make_token("race-0")).body["status"] == "confirmed"
    assert api.post(base, {}, token=make_token("race-1")).body["waitlist_position"] == 1

    real_try = store._try_signup
    interfered: list[str] = []

    def meanwhile(new: store.NewSignup, *args: Any, **kwargs: Any) -> Any:
        if not interfered:
            interfered.append("done")
            late = store.NewSignup(conf=conference, activity=slug, activity_name="Race", user_sub="race-4",
                                   user_email="", user_name="", note="", key=new_signup_key())
            assert store.create_signup(late, looks_full=True).status == "waitlisted"
            store.cancel_signup(conference, slug, "race-1")
        return real_try(new, *args, **kwargs)

    monkeypatch.setattr(store, "_try_signup", meanwhile)
    reply = api.post(base, {}, token=make_token("race-3"))
    assert interfered and (reply.body["status"], reply.body["waitlist_position"]) == ("waitlisted", 1)
    monkeypatch.undo()
    queue = api.get(f"/manage/conferences/{conference}/activities/{slug}/signups",
                    token=make_token("race-manager", "manage_activity")).body["signups"]
    assert [(s["user"]["sub"] if isinstance(s.get("user"), dict) else s.get("user_sub"), s["waitlist_position"])
            for s in queue if s["status"] == "waitlisted"] == [("race-3", 1), ("race-4", 2)]


def test_a_busy_queue_takes_each_place_from_the_write_not_a_count(
    api: Api, conference: str, make_token: Callable[..., str],
) -> None:
    """In a busy queue the waitlisting leaves its place (the count before it + 1, read by the
    write itself) on the activity and one UpdateItem takes it back, returning the activity:
    the next signup starts from that copy instead of a read. So 3 requests, then 2; never a
    Query; the exact places; and no mark left behind."""
    slug, base = busy_activity(api, conference, make_token, "busy")
    places, sent = [], []
    for n in range(3):
        with dynamodb_requests() as counts:
            reply = api.post(base, {}, token=make_token(f"busy-{n}"))
        sent.append(dict(counts))
        places.append((reply.body["status"], reply.body["waitlist_position"]))
    assert places == [("waitlisted", 1), ("waitlisted", 2), ("waitlisted", 3)]
    assert sent == [{"GetItem": 1, "TransactWriteItems": 1, "UpdateItem": 1}] + [
        {"TransactWriteItems": 1, "UpdateItem": 1}] * 2, sent
    assert place_marks(conference, slug) == []


def test_a_remembered_activity_is_only_a_guess_the_write_checks(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The copy a busy signup remembered says "open"; the activity was closed since (by another
    container: this one would have forgotten its copy). The write refuses, returns the activity
    as it is, and the signup is a 404 with nothing written; a remembered copy also expires."""
    from chalicelib.store import activities as store
    from chalicelib.store import activity_memory

    slug, base = busy_activity(api, conference, make_token, "closing")
    assert api.post(base, {}, token=make_token("closing-0")).body["waitlist_position"] == 1
    remembered = activity_memory.recall(conference, slug)
    assert remembered is not None and remembered["is_active"] == {"BOOL": True}
    store.update_activity(conference, slug, {"is_active": False})  # forgets this container's copy...
    activity_memory.remember(conference, slug, remembered)  # ...which another container still holds
    with dynamodb_requests() as counts:
        reply = api.post(base, {}, token=make_token("closing-1"))
    assert reply.status == 404 and counts == Counter({"TransactWriteItems": 1}), (reply.body, counts)
    assert activity_memory.recall(conference, slug)["is_active"] == {"BOOL": False}
    manager = make_token("closing-manager", "manage_activity")
    listed = api.get(f"/manage/conferences/{conference}/activities/{slug}/signups", token=manager).body
    assert [s["user"]["sub"] for s in listed["signups"]] == ["closing-holder", "closing-0"]

    now = [activity_memory.clock()]
    monkeypatch.setattr(activity_memory, "clock", lambda: now[0])
    assert activity_memory.recall(conference, slug) is not None
    now[0] += activity_memory.REMEMBER_SECONDS
    assert activity_memory.recall(conference, slug) is None


def test_a_place_mark_left_by_a_request_that_died_goes_with_its_cancel(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the request dies between its write and taking its mark back, the mark stays on the
    activity only until the signup leaves the queue (cancelled here; promotions do the same)."""
    from chalicelib.store import activities as store

    slug, base = busy_activity(api, conference, make_token, "dies")
    with monkeypatch.context() as patched:
        patched.setattr(store, "_collect_place", lambda new: None)  # never collected: counted instead
        first = api.post(base, {}, token=make_token("dies-0"))
        second = api.post(base, {}, token=make_token("dies-1"))
    assert [(r.body["status"], r.body["waitlist_position"]) for r in (first, second)] == [
        ("waitlisted", 1), ("waitlisted", 2)]
    assert sorted(place_marks(conference, slug)) == sorted(
        f"waitlist_place_{r.body['id']}" for r in (first, second))
    assert api.delete(base, token=make_token("dies-0")).status == 200
    assert place_marks(conference, slug) == [f"waitlist_place_{second.body['id']}"]
    promote = f"/manage/conferences/{conference}/activities/{slug}/signups/{second.body['id']}/promote"
    assert api.post(promote, {}, token=make_token("dies-manager", "manage_activity")).status == 200
    assert place_marks(conference, slug) == []


def test_a_refused_write_returns_the_activity_the_next_attempt_starts_from(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The read says "a place is free" but the last place went meanwhile: the confirm is
    refused and returns the activity as it is (ALL_OLD), and the waitlisting is guarded by that
    copy, so it knows its place without another read or a COUNT: 3 requests in all."""
    from chalicelib.store import activities as store

    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Stale", "max_participants": 2},
                    token=make_token("stale-manager", "manage_activity")).body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    stale = store.get_activity(conference, slug, consistent=True)  # 0 of 2 places taken
    for n in range(3):
        api.post(base, {}, token=make_token(f"stale-{n}"))  # 2 confirmed, 1 waitlisted
    monkeypatch.setattr(store, "get_activity", lambda *args, **kwargs: stale)
    with dynamodb_requests() as counts:
        reply = api.post(base, {}, token=make_token("stale-late"))
    assert (reply.body["status"], reply.body["waitlist_position"]) == ("waitlisted", 2)
    assert counts == Counter({"TransactWriteItems": 2}), counts  # the read was the stale copy here
