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


def test_a_waitlisted_signup_takes_four_requests_and_knows_its_place(
    api: Api, conference: str, make_token: Callable[..., str],
) -> None:
    """The activity read, the write, one UpdateItem that stops anyone joining ahead of it, and
    one COUNT of the queue up to the signup: its exact place, also under a crowd.

    Two more than a confirmed signup: a place taken from the write alone needs the queue's
    order pinned in the write, and under a crowd concurrent signups then refuse each other
    (a 500-signup crowd left signups without a place after ten attempts); marking only the
    counted places lets concurrent joins through and keeps every place exact.
    """
    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Tiny", "max_participants": 1},
                     token=make_token("tiny-manager", "manage_activity"))
    base = f"/conferences/{conference}/activities/{reply.body['slug']}/signup"
    places, sent = [], []
    for n in range(4):
        with dynamodb_requests() as counts:
            body = api.post(base, {"note": ""}, token=make_token(f"tiny-{n}"))
        sent.append(dict(counts))
        places.append((body.body["status"], body.body["waitlist_position"]))
    assert places == [("confirmed", None), ("waitlisted", 1), ("waitlisted", 2), ("waitlisted", 3)]
    assert sent == [{"GetItem": 1, "TransactWriteItems": 1}] + [
        {"GetItem": 1, "TransactWriteItems": 1, "UpdateItem": 1, "Query": 1}] * 3, sent


def test_a_signup_never_lands_ahead_of_a_place_already_counted(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Between our read and our write someone with a later key joins the queue and gets its
    place counted, and someone ahead leaves. Our write would land ahead of that counted place:
    it is refused and returns the activity, the retry takes a key behind the newcomer, and
    both places are exact."""
    from chalicelib.domain.activities import new_signup_key
    from chalicelib.store import signups as store

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
            activity = store.get_activity(conference, slug, consistent=True)
            assert store.create_signup(late, activity).status == "waitlisted"
            store.cancel_signup(conference, slug, "race-1")
        return real_try(new, *args, **kwargs)

    monkeypatch.setattr(store, "_try_signup", meanwhile)
    with dynamodb_requests() as counts:
        reply = api.post(base, {}, token=make_token("race-3"))
    assert interfered and (reply.body["status"], reply.body["waitlist_position"]) == ("waitlisted", 2)
    # ours: the read, the refused and the retried write, the mark, the COUNT; the others' (read,
    # write and mark; lock read and cancel) ran on this thread too
    assert counts == Counter({"GetItem": 1 + 2, "TransactWriteItems": 2 + 2, "UpdateItem": 1 + 1, "Query": 1}), counts
    monkeypatch.undo()
    queue = api.get(f"/manage/conferences/{conference}/activities/{slug}/signups",
                    token=make_token("race-manager", "manage_activity")).body["signups"]
    assert [(s["user"]["sub"], s["waitlist_position"]) for s in queue if s["status"] == "waitlisted"] == [
        ("race-4", 1), ("race-3", 2)]


def test_a_refused_write_returns_the_activity_the_next_attempt_starts_from(
    api: Api, conference: str, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The read says "a place is free" but the last place went meanwhile: the confirm is
    refused and returns the activity as it is (ALL_OLD), so the waitlisting needs no other
    read: two writes, the mark and the COUNT of its place."""
    from chalicelib.store import activities as activity_store

    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Stale", "max_participants": 2},
                    token=make_token("stale-manager", "manage_activity")).body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    stale = activity_store.get_activity(conference, slug, consistent=True)  # 0 of 2 places taken
    for n in range(3):
        api.post(base, {}, token=make_token(f"stale-{n}"))  # 2 confirmed, 1 waitlisted
    monkeypatch.setattr(activity_store, "get_activity", lambda *args, **kwargs: stale)
    with dynamodb_requests() as counts:
        reply = api.post(base, {}, token=make_token("stale-late"))
    assert (reply.body["status"], reply.body["waitlist_position"]) == ("waitlisted", 2)
    assert counts == Counter({"TransactWriteItems": 2, "UpdateItem": 1, "Query": 1}), counts  # the read was stale
