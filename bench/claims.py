"""Claim windows: DynamoDB requests of a claim, of an offer made from the stream, and of one
claim deadlines' run with 10 offers due among 100 and 10,000 offered signups.

A claim reads the caller's lock (it names the signup and the deadline) and writes one
transaction: two requests. The run reads the due index (GSI3 `DUE#claim`) up to `now` only,
so it costs one Query page plus one transaction per due offer, whatever the number of offers
still open: what must stay flat from 100 to 10,000.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from .harness import BenchEnv, Row, counting, measure_detailed

SECTION = "claims"
CONF = "bench-claims"
SIZES = (100, 10_000)
DUE = 10
CLAIMS = 20
NOW = "2090-06-01T12:00:00.000000Z"


def _activity(env: BenchEnv, manager: str, name: str, places: int) -> str:
    reply = env.api.post(f"/manage/conferences/{CONF}/activities",
                         {"name": name, "max_participants": places, "claim_hours": 2}, token=manager)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


def _claim_rows(env: BenchEnv, manager: str) -> list[Row]:
    """20 people offered a place (promoted from the waitlist with the activity's claim window)."""
    from chalicelib.services import promotion

    slug = _activity(env, manager, "Claim bench", CLAIMS)
    for n in range(2 * CLAIMS):
        env.api.post(f"/conferences/{CONF}/activities/{slug}/signup", {}, token=env.token(f"claimer-{n}"))
    for n in range(CLAIMS):  # the first CLAIMS confirmed leave: their places are offered to the queue
        env.api.delete(f"/conferences/{CONF}/activities/{slug}/signup", token=env.token(f"claimer-{n}"))
    with counting() as offering:
        offered = promotion.promote_waitlisted(CONF, slug, CLAIMS, claim_hours=2)
    assert offered == CLAIMS, offered
    people = (env.token(f"claimer-{n}") for n in itertools.count(CLAIMS))
    answers: list[int] = []
    req, p50, p99, ops = measure_detailed(lambda: answers.append(env.api.post(
        f"/conferences/{CONF}/activities/{slug}/signup/claim", None, token=next(people)).status), repeat=CLAIMS)
    assert answers == [200] * CLAIMS, answers
    detail = ", ".join(f"{op} {n / CLAIMS:g}" for op, n in sorted(ops.items()))
    return [
        Row(SECTION, "POST signup/claim (offered -> confirmed)", req, p50, p99,
            f"lock read, one TransactWriteItems; target <= 2 ({detail})"),
        Row(SECTION, "stream: offer per offered signup (claim window set)",
            round(offering.total("dynamodb") / offered, 2), None, None,
            f"{offered} offered in one run: one Query of the queue, one transaction each"),
    ]


def seed_offers(slug: str, count: int, due: int) -> None:
    """`count` offered signups of one activity in the due index: `due` of them lapsed at NOW (with
    their locks, which the expiry deletes), the rest due far later."""
    from chalicelib.domain.signups import SignupStatus
    from chalicelib.store import table
    from chalicelib.store.activities import ActivityItem
    from chalicelib.store.keys import (
        CLAIMS_DUE,
        activity_partition,
        activity_sk,
        by_age,
        conference_pk,
        due_sort,
        lock_sk,
        my_signups_pk,
        signup_sk,
    )
    from chalicelib.store.signups import SignupItem, SignupLock

    partition = activity_partition(CONF, slug)
    with SignupItem.batch_write() as batch:
        for n in range(count):
            sub, signup_id = f"{slug}-offered-{n}", f"{n:08d}"
            created = f"2090-01-01T00:00:00.{n:06d}Z"
            claim_by = "2090-06-01T11:00:00.000000Z" if n < due else "2091-01-01T00:00:00.000000Z"
            batch.save(SignupItem(partition, signup_sk(created, signup_id), signup_id=signup_id,
                                  status=SignupStatus.OFFERED, conference_slug=CONF, activity_slug=slug,
                                  user_sub=sub, created_at=created, claim_by=claim_by, gsi3pk=CLAIMS_DUE,
                                  gsi3sk=due_sort(claim_by, CONF, f"{slug}#{signup_id}")))
            if n < due:
                batch.save(SignupLock(partition, lock_sk(sub), signup_id=signup_id,
                                      signup_sk=signup_sk(created, signup_id), status=SignupStatus.OFFERED,
                                      created_at=created, claim_by=claim_by, gsi1pk=my_signups_pk(CONF, sub),
                                      gsi1sk=by_age(created, signup_id), activity_slug=slug))
    table.update(ActivityItem(conference_pk(CONF), activity_sk(slug)), [ActivityItem.confirmed_count.set(count)])


def _expiry_rows(env: BenchEnv, manager: str) -> list[Row]:
    from chalicelib.events import claim_deadlines

    rows: list[Row] = []
    for size in SIZES:
        slug = _activity(env, manager, f"Expiry bench {size}", size)
        started = time.perf_counter()
        seed_offers(slug, size, DUE)
        seeded = time.perf_counter() - started
        with counting() as counter:
            began = time.perf_counter()
            result = claim_deadlines.run(NOW)
            elapsed = (time.perf_counter() - began) * 1000
        ops = {k.split(":", 1)[1]: n for k, n in counter.counts.items() if k.startswith("dynamodb:")}
        with counting() as replay_counter:
            again = claim_deadlines.run(NOW)  # a replay: nothing left to do
        rows.append(Row(SECTION, f"claim deadlines run @ {size:,} offered signups, {DUE} due",
                        counter.total("dynamodb"), elapsed, None,
                        f"expired {result['expired']} (replay: {again['expired']}, "
                        f"{replay_counter.total('dynamodb')} request); "
                        + ", ".join(f"{op} {n}" for op, n in sorted(ops.items()))
                        + f"; seeded in {seeded:.1f} s"))
    return rows


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-claims-admin", "manage_conference")
    body: dict[str, Any] = {"name": "Bench Claims", "start_date": "2090-07-01", "end_date": "2090-07-03",
                            "timezone": "UTC"}
    assert env.api.put(f"/manage/conferences/{CONF}", body, token=admin).status in (200, 201)
    manager = env.token("bench-claims-manager", "manage_activity")
    return _claim_rows(env, manager) + _expiry_rows(env, manager)
