"""Offer deadlines: DynamoDB requests of one scheduled run with 10 offers due, among 100 and
10,000 open offers. The run reads the due index (GSI3) up to `now` only, so it costs one
Query plus one transaction per due offer (and a conference read per container), whatever the
number of offers still waiting: what must stay flat from 100 to 10,000.
"""

from __future__ import annotations

import time

from .harness import Row, counting

SECTION = "deadlines"
SIZES = (100, 10_000)
DUE = 10
NOW = "2090-06-01T12:00:00.000000Z"


def seed_offers(conf: str, count: int, due: int) -> None:
    """`count` offered grants in the due index: `due` past their deadline at NOW, the rest far later."""
    from chalicelib.store import deadlines as due_store
    from chalicelib.store import grants as store
    from chalicelib.store.keys import grant_id_for

    with store.GrantItem.batch_write() as batch:
        for n in range(count):
            sub = f"deadline-applicant-{n}"
            grant_id = grant_id_for(conf, sub)
            deadline = "2090-05-31T23:59:59.999999Z" if n < due else "2091-01-31T23:59:59.999999Z"
            item = store.new_grant_item(conf, grant_id, {
                "status": "offered", "request_type": "ticket_and_grant", "requested_cents": 100000,
                "approved_cents": 50000,
                "application": {"travel_from": "Seed", "experience_level": "beginner", "occupation": "x",
                                "involvement": "x", "reason": "x", "requested_amount": 100000},
                "user_sub": sub, "user_email": f"{sub}@example.com", "user_name": sub,
            })
            for name, value in due_store.offer_changes(conf, grant_id, deadline, 0, NOW, reminded=True).items():
                setattr(item, name, value)
            batch.save(item)
    store.new_stats_item(conf, store.GrantStats(total=count, offered=count, total_requested_cents=100000 * count,
                                                total_approved_cents=50000 * count)).save()


def run(env) -> list[Row]:  # type: ignore[no-untyped-def]
    from chalicelib.events import offer_deadlines

    admin = env.token("bench-deadlines-admin", "manage_conference")
    rows: list[Row] = []
    for size in SIZES:
        slug = f"bench-deadlines-{size}"
        body = {"name": "Bench Deadlines", "start_date": "2090-07-01", "end_date": "2090-07-03", "timezone": "UTC"}
        assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status in (200, 201)
        started = time.perf_counter()
        seed_offers(slug, size, DUE)
        seeded = time.perf_counter() - started
        with counting() as counter:
            began = time.perf_counter()
            result = offer_deadlines.run(NOW)
            elapsed = (time.perf_counter() - began) * 1000
        ops = {k.split(":", 1)[1]: n for k, n in counter.counts.items() if k.startswith("dynamodb:")}
        again = offer_deadlines.run(NOW)  # a replay: nothing left to do
        rows.append(Row(SECTION, f"offer deadlines run @ {size:,} open offers, {DUE} due",
                        counter.total("dynamodb"), elapsed, None,
                        f"expired {result['expired']} (replay: {again['expired']}); "
                        + ", ".join(f"{op} {n}" for op, n in sorted(ops.items()))
                        + f"; seeded in {seeded:.1f} s"))
    return rows
