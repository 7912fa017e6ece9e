"""Claim windows on the local stack: real HTTP, the event pump feeding the stream handler, and
the claim deadlines driven by `POST /dev/schedules/run {"now"}`.

The storm: 200 people for 10 places with a claim window; offered people claim or give the
place back while others cancel, all at once, and expiry runs land in the middle. At every
moment observed, the places held (confirmed + offered) never pass the capacity, and places
go to the waitlist strictly first come, first served.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.localstack.test_offer_deadline_schedule import mailbox, run_schedules
from tests.support.clients import HttpApi, Reply, every_signup, wait_until
from tests.support.pretalx import isolate_from_scheduled_sync

PLACES, PEOPLE, WORKERS = 10, 200, 32
HOLDING = ("confirmed", "offered")


@pytest.fixture(autouse=True)
def _no_pretalx_sync_of_other_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """`/dev/schedules/run` runs every schedule: keep the Pretalx sync off other tests' fake servers."""
    isolate_from_scheduled_sync(monkeypatch)


def activity_path(conf: str, slug: str, suffix: str = "") -> str:
    return f"/conferences/{conf}/activities/{slug}{suffix}"


def create(http: HttpApi, conf: str, manager: str, places: int, name: str) -> str:
    reply = http.post(f"/manage/conferences/{conf}/activities",
                      {"name": name, "max_participants": places, "claim_hours": 1}, token=manager)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


def listing(http: HttpApi, conf: str, slug: str, manager: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for status in ("confirmed", "offered", "waitlisted", "expired", "cancelled"):
        reply = every_signup(http, f"/manage/conferences/{conf}/activities/{slug}/signups?status={status}", manager)
        assert reply.status == 200, reply.body
        rows += reply.body["signups"]
    return rows


def retrying(call: Callable[[], Reply], attempts: int = 4) -> Reply:
    """What a client does with a 503 (the emulator overloaded on a busy machine): try again."""
    reply = call()
    for _ in range(attempts - 1):
        if reply.status != 503:
            break
        reply = call()
    return reply


def mine(http: HttpApi, conf: str, slug: str, token: str) -> dict[str, Any] | None:
    return http.get(activity_path(conf, slug), token=token).body["my_signup"]


def test_an_unclaimed_place_expires_on_the_schedule_and_goes_to_the_next_in_line(
    live_stack: HttpApi, conference: str, manager: str, make_token: Callable[..., str],
) -> None:
    http = live_stack
    slug = create(http, conference, manager, 1, "Window")
    people = {name: make_token(f"{name}-{slug}", email=f"{name}-{slug}@example.org") for name in ("ana", "ben", "cy")}
    for token in people.values():
        assert http.post(activity_path(conference, slug, "/signup"), {}, token=token).status == 201
    assert http.delete(activity_path(conference, slug, "/signup"), token=people["ana"]).status == 200
    offer = wait_until(lambda: (m := mine(http, conference, slug, people["ben"])) and m["status"] == "offered" and m)
    assert offer, mine(http, conference, slug, people["ben"])
    mail = wait_until(lambda: [m for m in mailbox(live_stack, f"ben-{slug}@example.org")
                               if "claim it by" in m["subject"]], 30)
    assert mail and "claim it by" in mail[0]["subject"] and "Claim my place" in mail[0]["text"]

    early = run_schedules(live_stack, offer["claim_by"].replace("Z", "") + "Z")  # at claim_by itself: lapsed
    assert early["schedules"]["claim_deadlines"]["expired"] >= 1
    # The run waited for the stream: the place has been offered to the next in line already.
    assert mine(http, conference, slug, people["ben"]) is None
    assert mine(http, conference, slug, people["cy"])["status"] == "offered"
    late = http.post(activity_path(conference, slug, "/signup/claim"), None, token=people["ben"])
    assert late.status == 409 and late.error_code == "claim_expired"
    claimed = http.post(activity_path(conference, slug, "/signup/claim"), None, token=people["cy"])
    assert claimed.status == 200 and claimed.body["status"] == "confirmed"
    statuses = {row["user"]["sub"].split("-")[0]: row["status"] for row in listing(http, conference, slug, manager)}
    assert statuses == {"ana": "cancelled", "ben": "expired", "cy": "confirmed"}


def test_storm_of_claims_and_cancels_never_passes_capacity_and_keeps_fifo(
    live_stack: HttpApi, conference: str, manager: str, make_token: Callable[..., str],
) -> None:
    http = live_stack
    slug = create(http, conference, manager, PLACES, "Claim storm")
    tokens = {f"s{i:03d}-{slug}": make_token(f"s{i:03d}-{slug}") for i in range(PEOPLE)}
    with ThreadPoolExecutor(WORKERS) as pool:
        replies = list(pool.map(lambda t: retrying(
            lambda: http.post(activity_path(conference, slug, "/signup"), {}, token=t)), tokens.values()))
    # A retried signup that had committed before its 503 answers 409 already_signed_up.
    assert all(r.status == 201 or r.error_code == "already_signed_up" for r in replies), [
        r.body for r in replies if r.status != 201][:3]
    # The list is oldest first by queue key: the waitlisted rows are the queue, in order.
    queue_order = [row["user"]["sub"] for row in listing(http, conference, slug, manager)
                   if row["status"] == "waitlisted"]
    assert len(queue_order) == PEOPLE - PLACES

    observed: list[tuple[int, int]] = []
    problems: list[str] = []
    stop = threading.Event()

    def observe() -> None:
        while not stop.wait(0.05):  # a look every 50 ms, without starving the crowd
            detail = http.get(activity_path(conference, slug)).body
            # One page of the active signups is one Query of the activity's partition: one moment.
            page = http.get(f"/manage/conferences/{conference}/activities/{slug}/signups?limit=200", token=manager)
            held = sum(row["status"] in HOLDING for row in page.body["signups"])
            observed.append((detail["signup_count"], held))
            if detail["signup_count"] > PLACES or detail["spots_remaining"] < 0:
                problems.append(f"counter {detail['signup_count']} / {detail['spots_remaining']}")
            if held > PLACES:
                problems.append(f"{held} places held")

    watcher = threading.Thread(target=observe, daemon=True)
    watcher.start()
    rng = random.Random(29)
    claims: list[Reply] = []
    answers: list[Any] = []
    try:
        for round_number in range(8):
            rows = listing(http, conference, slug, manager)
            offered = [row["user"]["sub"] for row in rows if row["status"] == "offered"]
            confirmed = [row["user"]["sub"] for row in rows if row["status"] == "confirmed"]
            actions: list[Callable[[], Any]] = []
            for sub in offered:  # most claim, some give the place back, some do both at once
                roll = rng.random()
                if roll < 0.6 or roll >= 0.85:
                    actions.append(lambda s=sub: claims.append(retrying(
                        lambda: http.post(activity_path(conference, slug, "/signup/claim"), None, token=tokens[s]))))
                if roll >= 0.6:
                    actions.append(lambda s=sub: retrying(
                        lambda: http.delete(activity_path(conference, slug, "/signup"), token=tokens[s])))
            for sub in rng.sample(confirmed, min(3, len(confirmed))):
                actions.append(lambda s=sub: retrying(
                    lambda: http.delete(activity_path(conference, slug, "/signup"), token=tokens[s])))
            if round_number in (3, 6):  # an expiry run (as if hours later) in the middle of it all
                actions.append(lambda: run_schedules(live_stack, "2099-01-01T00:00:00Z"))
            rng.shuffle(actions)
            with ThreadPoolExecutor(WORKERS) as pool:
                answers += [future.result() for future in [pool.submit(action) for action in actions]]
            # Let the stream hand the freed places out before the next round.
            wait_until(lambda: http.get(activity_path(conference, slug)).body["spots_remaining"] == 0, 20)
    finally:
        stop.set()
        watcher.join(60)

    assert not problems, problems[:5]
    assert observed and all(count <= PLACES and held <= PLACES for count, held in observed)
    assert all(r.status in (200, 404, 409) for r in claims), [r.body for r in claims if r.status >= 500][:3]
    cancels = [a for a in answers if isinstance(a, Reply)]
    assert cancels and all(r.status in (200, 404) for r in cancels), [r.body for r in cancels if r.status >= 500][:3]
    assert any(r.status == 200 for r in claims)
    rows = listing(http, conference, slug, manager)
    detail = http.get(activity_path(conference, slug)).body
    held = [row for row in rows if row["status"] in HOLDING]
    assert detail["signup_count"] == len(held) == PLACES  # the counter equals the items, every place given
    assert detail["waitlist_count"] == sum(row["status"] == "waitlisted" for row in rows)
    # FIFO: the waitlisted never cancel here, so everyone who was given a place from the queue
    # joined it before everyone still waiting in it.
    given = [row["user"]["sub"] for row in rows if row["promoted_at"]]
    waiting = [row["user"]["sub"] for row in rows if row["status"] == "waitlisted"]
    position = {sub: n for n, sub in enumerate(queue_order)}
    assert given and waiting
    assert max(position[sub] for sub in given) < min(position[sub] for sub in waiting)
    assert sorted(position[sub] for sub in given) == list(range(len(given)))  # nobody in the queue was skipped
