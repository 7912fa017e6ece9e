"""The stream handler crashes in the middle of a batch and the pump replays it.

Three cancellations land in ONE stream batch (the pump is held while they are written).
The promotion handler dies right after its second promotion has been committed, on the
first delivery only: the invocation reports the record as failed, and the pump (like
Lambda with ReportBatchItemFailures) delivers the batch again from that record, so the
records after it are seen twice. Every promotion must still happen exactly once: three
places free, the three oldest waitlisted signups confirmed, counters equal to the items.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.clients import HttpApi, every_signup, wait_until

PLACES = 5
WAITING = 5


class CaughtUp:
    """The pump's streams client, noting when a poll finds nothing new (the pump is caught up)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.idle = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def get_records(self, **kw: Any) -> Any:
        response = self.real.get_records(**kw)
        if not response.get("Records"):
            self.idle.set()
        return response


class HeldStream:
    """The pump's streams client, with `get_records` held until `release()`."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self._open = threading.Event()
        self.waiting = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get_records(self, **kw: Any) -> Any:
        self.waiting.set()
        assert self._open.wait(30), "the test never released the stream"
        return self._real.get_records(**kw)

    def release(self) -> None:
        self._open.set()


def test_crash_after_a_committed_promotion_then_replay_promotes_exactly_once(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], app_module: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib.events import stream
    from chalicelib.store import promotion as store

    http, conf, pump = live_stack, conference, live_stack.pump
    manager = make_token("replay-manager", "manage_activity")
    reply = http.post(f"/manage/conferences/{conf}/activities", {"name": "Replay", "max_participants": PLACES},
                      token=manager)
    slug = reply.body["slug"]
    url = f"/conferences/{conf}/activities/{slug}/signup"
    subs = [f"replay-{i}" for i in range(PLACES + WAITING)]
    for sub in subs:  # one by one: FIFO order is the order of these requests
        assert http.post(url, {"note": ""}, token=make_token(sub)).status == 201

    # record what the handler sees and make it crash once, after a committed promotion
    calls = {"promoted": 0, "crashes": 0}
    deliveries: list[list[str]] = []
    lock = threading.Lock()
    original_promote, original_dispatch = store.promote_signup, stream.dispatch

    def promote(c: str, activity: str, signup: Any, **kw: Any) -> str:
        result = original_promote(c, activity, signup, **kw)  # the write is committed…
        with lock:
            if c == conf:
                calls["promoted"] += 1
                if calls["promoted"] == 2 and not calls["crashes"]:
                    calls["crashes"] += 1
                    raise RuntimeError("injected crash after a committed promotion")  # …then the handler dies
        return result

    def dispatch(records: list[dict[str, Any]]) -> Any:
        mine = [r["dynamodb"]["SequenceNumber"] for r in records if conf in str(r["dynamodb"].get("Keys"))]
        result = original_dispatch(records)
        if mine:
            with lock:
                deliveries.append(mine)
        return result

    # The pump shares the worker's stream with earlier tests: let it deliver every record so
    # far (their backlog, then these signups') before holding it, or the cancellations below
    # could be split across two batches of older records.
    caught_up = CaughtUp(pump._streams)
    monkeypatch.setattr(pump, "_streams", caught_up)
    assert caught_up.idle.wait(120), "the pump did not catch up with the stream"
    held = HeldStream(caught_up.real)
    monkeypatch.setattr(store, "promote_signup", promote)
    monkeypatch.setattr(stream, "dispatch", dispatch)
    monkeypatch.setattr(pump, "_streams", held)
    assert held.waiting.wait(30), "the pump did not poll the stream"
    with lock:  # the pump is parked in get_records: whatever it delivered before was the signups' records
        deliveries.clear()
    dead_before = len(pump.dead_letters)
    for sub in subs[:3]:  # three confirmed attendees cancel while the pump is held
        assert http.delete(url, token=make_token(sub)).status == 200
    held.release()

    def settled() -> bool:
        body = http.get(f"/conferences/{conf}/activities/{slug}").body
        return (body["signup_count"], body["waitlist_count"]) == (PLACES, WAITING - 3) and len(deliveries) >= 2

    assert wait_until(settled, timeout=90, interval=0.3), (calls, deliveries)
    first, replay = deliveries[0], deliveries[1]
    assert len(first) >= 9  # the three cancellations (signup, lock, activity each) in one batch
    assert replay == first[first.index(replay[0]):] and len(replay) < len(first)  # from the failed record on
    assert calls == {"promoted": 3, "crashes": 1}  # exactly three promotions, across crash and replay
    assert len(pump.dead_letters) == dead_before

    listing = every_signup(http, f"/manage/conferences/{conf}/activities/{slug}/signups", manager).body
    confirmed = sorted(s["user"]["sub"] for s in listing["signups"] if s["status"] == "confirmed")
    waitlisted = [s["user"]["sub"] for s in listing["signups"] if s["status"] == "waitlisted"]
    assert confirmed == sorted(subs[3:PLACES + 3])  # the three oldest on the waitlist, FIFO
    assert waitlisted == subs[PLACES + 3:]
    assert listing["stats"] == {"total_active": PLACES + WAITING - 3, "confirmed": PLACES,
                                "waitlisted": WAITING - 3, "cancelled": 3, "offered": 0, "expired": 0}
