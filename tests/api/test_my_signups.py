"""Attendees see their place in the waitlist and their own active signups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.activities import my_signups, path, sign_up
from tests.support.clients import Api
from tests.support.request_count import ddb_requests


def test_waitlist_position_follows_the_queue(api: Api, conference: str, new_activity: Callable,
                                             make_token: Callable) -> None:
    slug = new_activity(conference, max_participants=1)["slug"]
    tokens = [make_token(f"queue-{n}") for n in range(4)]
    replies = [sign_up(api, conference, slug, token) for token in tokens]
    assert [r["waitlist_position"] for r in replies] == [None, 1, 2, 3]
    assert api.get(path(conference, slug), token=tokens[3]).body["my_signup"]["waitlist_position"] == 3
    again = api.post(path(conference, slug, "/signup"), {}, token=tokens[2])
    assert again.status == 409 and again.body["signup"]["waitlist_position"] == 2

    assert api.delete(path(conference, slug, "/signup"), token=tokens[1]).status == 200  # leaves the queue
    assert api.get(path(conference, slug), token=tokens[3]).body["my_signup"]["waitlist_position"] == 2
    assert api.get(path(conference, slug), token=tokens[0]).body["my_signup"]["waitlist_position"] is None

    managed = api.get(f"/manage/conferences/{conference}/activities/{slug}/signups", token=make_token(
        "boss", "manage_activity")).body["signups"]
    assert [(s["status"], s["waitlist_position"]) for s in managed] == [
        ("confirmed", None), ("waitlisted", 1), ("waitlisted", 2)]


def test_waitlist_position_is_one_count_query(api: Api, conference: str, new_activity: Callable,
                                              make_token: Callable) -> None:
    slug = new_activity(conference, max_participants=1)["slug"]
    for n in range(6):
        sign_up(api, conference, slug, make_token(f"crowd-{n}"))
    last = make_token("crowd-5")
    with ddb_requests() as counts:
        mine = api.get(path(conference, slug), token=last).body["my_signup"]
    assert mine["waitlist_position"] == 5
    assert counts.get("Scan", 0) == 0 and counts["Query"] == 1, counts


def test_my_signups_lists_active_signups_oldest_first(api: Api, conference: str, make_conference: Callable,
                                                      new_activity: Callable, make_token: Callable) -> None:
    first = new_activity(conference, name="Board Games")["slug"]
    full = new_activity(conference, name="Tiny Workshop", max_participants=1)["slug"]
    dropped = new_activity(conference, name="Dropped")["slug"]
    me, other = make_token("mia"), make_token("someone")
    sign_up(api, conference, first, me)
    sign_up(api, conference, full, other)
    waiting = sign_up(api, conference, full, me)
    sign_up(api, conference, dropped, me)
    assert api.delete(path(conference, dropped, "/signup"), token=me).status == 200
    elsewhere = make_conference()
    sign_up(api, elsewhere, new_activity(elsewhere, name="Elsewhere")["slug"], me)

    reply = my_signups(api, conference, me)
    assert reply.status == 200, reply.body
    rows = reply.body["signups"]
    assert [(r["activity_slug"], r["activity_name"], r["status"], r["waitlist_position"]) for r in rows] == [
        (first, "Board Games", "confirmed", None), (full, "Tiny Workshop", "waitlisted", 1)]
    assert rows[1]["id"] == waiting["id"] and rows[1]["created_at"] == waiting["created_at"]
    assert set(rows[0]) == {"activity_slug", "activity_name", "id", "status", "note", "created_at",
                            "waitlist_position", "claim_by"}
    assert my_signups(api, conference, other).body["signups"][0]["activity_slug"] == full
    assert my_signups(api, conference, make_token("nobody")).body == {"signups": []}


def test_my_signups_follows_promotion(api: Api, conference: str, new_activity: Callable, make_token: Callable) -> None:
    slug = new_activity(conference, max_participants=1)["slug"]
    me = make_token("promoted")
    sign_up(api, conference, slug, make_token("holder"))
    waiting = sign_up(api, conference, slug, me)
    promoted = api.post(f"/manage/conferences/{conference}/activities/{slug}/signups/{waiting['id']}/promote",
                        token=make_token("boss", "manage_activity"))
    assert promoted.status == 200
    [row] = my_signups(api, conference, me).body["signups"]
    assert (row["status"], row["waitlist_position"]) == ("confirmed", None)


@pytest.mark.parametrize("token", [None, "bad"])
def test_my_signups_needs_a_valid_token(api: Api, conference: str, token: str | None) -> None:
    assert my_signups(api, conference, token).status == 401


def test_my_signups_unknown_conference_is_404(api: Api, make_token: Callable) -> None:
    assert my_signups(api, "no-such-conference", make_token("x")).status == 404


def test_a_committed_waitlisted_signup_keeps_its_201_when_its_place_cannot_be_counted(
        api: Api, conference: str, new_activity: Callable, make_token: Callable,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The COUNT after the signup's transaction is throttled beyond the client's retries: the
    signup is committed, so the caller gets its 201 with the place estimated from the activity
    as read (here exact: one confirmed, nobody else waiting), never a 503 for a signup it holds.
    The activity shows a place counted far behind ours (`waitlist_last`), so the signup joins
    with a key behind it and its place can only be counted."""
    from botocore.exceptions import ClientError

    from chalicelib.store import activities as activity_store
    from chalicelib.store import table

    slug = new_activity(conference, max_participants=1)["slug"]
    sign_up(api, conference, slug, make_token("count-first"))
    assert activity_store.update_activity(conference, slug, {"waitlist_last": "9999-12-31T00:00:00.000000Z#x"})

    counted: list[int] = []

    def throttled(*args: Any, **kwargs: Any) -> int:
        counted.append(1)
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                          "Query")

    with monkeypatch.context() as patched:
        patched.setattr(table, "count", throttled)
        body = sign_up(api, conference, slug, make_token("count-second"))
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1) and counted
    mine = my_signups(api, conference, make_token("count-second")).body["signups"]
    assert [(s["id"], s["waitlist_position"]) for s in mine] == [(body["id"], 1)]
