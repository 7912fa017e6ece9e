"""Activities on the local stack: real HTTP on the threaded server, the event pump feeding
the stream handler, the serialised emulator. Concurrency here is real (32 client threads,
one server thread per request), so these tests can catch overbooking and double signups.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.clients import HttpApi, Reply, every_signup, wait_until

WORKERS = 32


@pytest.fixture
def stack(live_stack: HttpApi, conference: str, manager: str) -> tuple[HttpApi, str]:
    return live_stack, conference


def create_activity(http: HttpApi, conf: str, manager: str, places: int | None, name: str = "Crowd") -> str:
    reply = http.post(f"/manage/conferences/{conf}/activities", {"name": name, "max_participants": places}, token=manager)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


def concurrent_signups(http: HttpApi, conf: str, slug: str, tokens: list[str]) -> list[Reply]:
    url = f"/conferences/{conf}/activities/{slug}/signup"
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda token: http.post(url, {"note": "hi"}, token=token), tokens))


def signups(http: HttpApi, conf: str, slug: str, manager: str, status: str | None = None) -> dict[str, Any]:
    query = f"?status={status}" if status else ""
    reply = every_signup(http, f"/manage/conferences/{conf}/activities/{slug}/signups{query}", manager)
    assert reply.status == 200, reply.body
    return reply.body


def subs(body: dict[str, Any], status: str) -> list[str]:
    return [s["user"]["sub"] for s in body["signups"] if s["status"] == status]


def counters(http: HttpApi, conf: str, slug: str) -> tuple[int, int]:
    body = http.get(f"/conferences/{conf}/activities/{slug}").body
    return body["signup_count"], body["waitlist_count"]


def crowd(http: HttpApi, conf: str, slug: str, make_token: Callable, size: int) -> list[Reply]:
    return concurrent_signups(http, conf, slug, [make_token(f"fan-{i:03d}") for i in range(size)])


def test_200_concurrent_signups_for_20_places(stack: tuple[HttpApi, str], manager: str, make_token: Callable) -> None:
    http, conf = stack
    slug = create_activity(http, conf, manager, 20)
    replies = crowd(http, conf, slug, make_token, 200)
    assert all(r.status < 500 for r in replies), [r.body for r in replies if r.status >= 500][:3]
    assert [r.status for r in replies] == [201] * 200
    statuses = [r.body["status"] for r in replies]
    assert (statuses.count("confirmed"), statuses.count("waitlisted")) == (20, 180)
    body = signups(http, conf, slug, manager)
    assert (len(subs(body, "confirmed")), len(subs(body, "waitlisted"))) == (20, 180)
    assert counters(http, conf, slug) == (20, 180)  # the counters equal the items
    assert body["stats"] == {"total_active": 200, "confirmed": 20, "waitlisted": 180, "cancelled": 0,
                             "offered": 0, "expired": 0}
    # Nobody left the queue and nobody joins ahead of a queued signup: each place given is final.
    final = {s["id"]: s["waitlist_position"] for s in body["signups"] if s["status"] == "waitlisted"}
    given = {r.body["id"]: r.body["waitlist_position"] for r in replies if r.body["status"] == "waitlisted"}
    assert given == final
    assert sorted(final.values()) == list(range(1, 181))


def test_20_concurrent_signups_by_one_user_make_one_active_signup(
    stack: tuple[HttpApi, str], manager: str, make_token: Callable,
) -> None:
    http, conf = stack
    slug = create_activity(http, conf, manager, 5)
    token = make_token("eager")
    replies = concurrent_signups(http, conf, slug, [token] * 20)
    assert sorted(r.status for r in replies) == [201] + [409] * 19
    assert {r.error_code for r in replies if r.status == 409} == {"already_signed_up"}
    created = next(r.body for r in replies if r.status == 201)
    assert {r.body["signup"]["id"] for r in replies if r.status == 409} == {created["id"]}
    body = signups(http, conf, slug, manager)
    assert [s["user"]["sub"] for s in body["signups"]] == ["eager"]
    assert counters(http, conf, slug) == (1, 0)


def _record_stream(monkeypatch: pytest.MonkeyPatch, conf: str) -> list[dict[str, Any]]:
    """Keep every stream record of this conference that the pump delivers (for replays)."""
    from chalicelib.events import stream

    seen: list[dict[str, Any]] = []
    lock = threading.Lock()
    original = stream.dispatch

    def recording(records: list[dict[str, Any]]) -> Any:
        with lock:
            seen.extend(r for r in records if conf in str(r.get("dynamodb", {}).get("Keys", {})))
        return original(records)

    monkeypatch.setattr(stream, "dispatch", recording)
    return seen


def test_cancelling_5_confirmed_promotes_the_5_oldest_and_replays_promote_nobody(
    stack: tuple[HttpApi, str], manager: str, make_token: Callable, app_module: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    http, conf = stack
    slug = create_activity(http, conf, manager, 20)
    crowd(http, conf, slug, make_token, 40)
    before = signups(http, conf, slug, manager)
    confirmed, waitlisted = subs(before, "confirmed"), subs(before, "waitlisted")
    assert (len(confirmed), len(waitlisted)) == (20, 20)
    recorded = _record_stream(monkeypatch, conf)
    cancel = f"/conferences/{conf}/activities/{slug}/signup"
    for sub in confirmed[:5]:
        assert http.delete(cancel, token=make_token(sub)).status == 200
    expected = confirmed[5:] + waitlisted[:5]

    def promoted() -> bool:
        return sorted(subs(signups(http, conf, slug, manager), "confirmed")) == sorted(expected)

    # Each poll lists every signup through the one emulator the pump also writes to: poll gently.
    assert wait_until(promoted, timeout=90, interval=0.5), subs(signups(http, conf, slug, manager), "confirmed")
    assert counters(http, conf, slug) == (20, 15)
    assert recorded, "the pump delivered no records for this conference"
    for _ in range(3):  # the same batch, delivered again (at-least-once streams)
        assert app_module.handle_table_stream({"Records": list(recorded)}, None) == {"batchItemFailures": []}
    after = signups(http, conf, slug, manager)
    assert sorted(subs(after, "confirmed")) == sorted(expected)
    assert subs(after, "waitlisted") == waitlisted[5:]
    assert counters(http, conf, slug) == (20, 15)


def test_raising_capacity_from_20_to_25_promotes_exactly_5(
    stack: tuple[HttpApi, str], manager: str, make_token: Callable,
) -> None:
    http, conf = stack
    slug = create_activity(http, conf, manager, 20)
    crowd(http, conf, slug, make_token, 30)
    waitlisted = subs(signups(http, conf, slug, manager), "waitlisted")
    reply = http.patch(f"/manage/conferences/{conf}/activities/{slug}", {"max_participants": 25}, token=manager)
    assert reply.status == 200
    assert wait_until(lambda: counters(http, conf, slug) == (25, 5), timeout=90, interval=0.5), counters(http, conf, slug)
    body = signups(http, conf, slug, manager)
    assert subs(body, "waitlisted") == waitlisted[5:]  # FIFO: the 5 oldest went first
    assert len(subs(body, "confirmed")) == 25
