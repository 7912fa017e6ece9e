"""A crowd signs up at once for a one-place activity: every waitlist position is exact.

Real HTTP on the threaded server, 32 client threads, the serialised emulator. A signup joins
the queue only behind the last one that joined, and its place is a consistent COUNT of the
queue up to it, so nobody can land ahead of a signup once it has its place.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support.clients import HttpApi, Reply, every_signup

WORKERS = 32


def one_place(http: HttpApi, conf: str, manager: str, name: str) -> str:
    reply = http.post(f"/manage/conferences/{conf}/activities", {"name": name, "max_participants": 1}, token=manager)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


def queue(http: HttpApi, conf: str, slug: str, manager: str) -> dict[str, int]:
    """Signup id -> place, as the organiser's list (oldest first = queue order) numbers them."""
    reply = every_signup(http, f"/manage/conferences/{conf}/activities/{slug}/signups?status=waitlisted", manager)
    assert reply.status == 200, reply.body
    return {s["id"]: s["waitlist_position"] for s in reply.body["signups"]}


def own_places(http: HttpApi, conf: str, slug: str, tokens: dict[str, str]) -> dict[str, int]:
    """Signup id -> place, as each person's own activity page shows it."""
    places = {}
    for token in tokens.values():
        mine = http.get(f"/conferences/{conf}/activities/{slug}", token=token).body["my_signup"]
        places[mine["id"]] = mine["waitlist_position"]
    return places


def test_40_at_once_for_one_place_get_positions_1_to_39_exactly(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str],
) -> None:
    http, manager = live_stack, make_token("crowd-manager", "manage_activity")
    slug = one_place(http, conference, manager, "One seat")
    tokens = {f"seat-{n:02d}": make_token(f"seat-{n:02d}") for n in range(40)}
    url = f"/conferences/{conference}/activities/{slug}/signup"
    with ThreadPoolExecutor(WORKERS) as pool:
        replies: list[Reply] = list(pool.map(lambda token: http.post(url, {}, token=token), tokens.values()))
    assert [r.status for r in replies] == [201] * 40, [r.body for r in replies if r.status != 201][:3]
    assert [r.body["status"] for r in replies].count("confirmed") == 1
    given = {r.body["id"]: r.body["waitlist_position"] for r in replies if r.body["status"] == "waitlisted"}
    wrong = {i: p for i, p in given.items() if p != queue(http, conference, slug, manager).get(i)}
    assert sorted(given.values()) == list(range(1, 40)), sorted(given.values())
    assert not wrong, wrong
    assert own_places(http, conference, slug, {k: t for k, t in tokens.items()
                                               if k != _confirmed_sub(replies, tokens)}) == given


def _confirmed_sub(replies: list[Reply], tokens: dict[str, str]) -> str:
    index = next(n for n, r in enumerate(replies) if r.body["status"] == "confirmed")
    return list(tokens)[index]


def test_positions_stay_exact_while_people_ahead_cancel(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str],
) -> None:
    """10 people already wait; 30 more sign up at once while the 10 cancel, interleaved.

    Nobody joins ahead of a queued signup, so a place can only shrink after it is given, and
    only by the people ahead who left: final <= given <= final + 10. The final queue is
    exactly 1..30, and each person's own page agrees with the organiser's list.
    """
    http, manager = live_stack, make_token("cancel-manager", "manage_activity")
    slug = one_place(http, conference, manager, "One seat, leaving")
    url = f"/conferences/{conference}/activities/{slug}/signup"
    assert http.post(url, {}, token=make_token("holder")).body["status"] == "confirmed"
    early = [make_token(f"early-{n}") for n in range(10)]
    assert [http.post(url, {}, token=t).body["waitlist_position"] for t in early] == list(range(1, 11))

    late = {f"late-{n:02d}": make_token(f"late-{n:02d}") for n in range(30)}
    calls: list[tuple[str, str]] = [("sign up", t) for t in late.values()]
    for n, token in enumerate(early):  # a cancellation after every third signup
        calls.insert(3 * n + 2, ("cancel", token))

    def run(call: tuple[str, str]) -> tuple[str, Reply]:
        kind, token = call
        return kind, (http.post(url, {}, token=token) if kind == "sign up" else http.delete(url, token=token))

    with ThreadPoolExecutor(WORKERS) as pool:
        results: list[tuple[str, Any]] = list(pool.map(run, calls))
    assert all(r.status in (200, 201) for _, r in results), [r.body for _, r in results if r.status >= 300][:3]
    given = {r.body["id"]: r.body["waitlist_position"] for kind, r in results if kind == "sign up"}
    final = queue(http, conference, slug, manager)
    assert sorted(final.values()) == list(range(1, 31)) and final.keys() == given.keys()
    off = {i: (given[i], final[i]) for i in given if not final[i] <= given[i] <= final[i] + 10}
    assert not off, off
    assert own_places(http, conference, slug, late) == final
    body = http.get(f"/conferences/{conference}/activities/{slug}").body
    assert (body["signup_count"], body["waitlist_count"]) == (1, 30)
