"""The committee's allocation: the solver in-process at 1,000 and 5,000 candidates with two
floors (time, and whether HiGHS proved the answer optimal), the allocation route's DynamoDB
requests, and bulk-review's requests per item.

Candidates are drawn once from a fixed seed the way applications look: requested amounts
around $1,100 (log-normal), one in ten asking for a ticket only, two or three reviewers' mean
scores on a 1-5 scale, a third first-time applicants and half international; the floors ask
30% of the money for first-timers and 50% for international applicants, and the budget covers
a third of what is asked. Amounts are whole dollars in one row and $50 steps in the other
(many programmes' forms ask in steps): finer amounts make the proof (no better allocation
exists, to a hundredth of a score point) harder, never the answer less feasible.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

from .harness import BenchEnv, Row, measure_detailed

SECTION = "allocation"
#: (candidates, dollar step, budget in seconds for the row's target)
SOLVER_ROWS = ((1_000, 1, 2.0), (1_000, 50, 2.0), (5_000, 1, 10.0), (5_000, 50, 10.0))
BULK_ITEMS = 100


def candidates(count: int, step: int, seed: int = 27) -> list[Any]:
    from chalicelib.domain import allocation

    rng = random.Random(seed)
    drawn = []
    for _ in range(count):
        cost = 0 if rng.random() < 0.1 else max(step, round(rng.lognormvariate(7, 0.5) / step) * step) * 100
        scores = [rng.randint(1, 5) for _ in range(rng.choice((2, 3, 3)))]
        drawn.append((cost, scores, {"first_time": rng.random() < 0.35, "international": rng.random() < 0.5,
                                     "application_type": "general"}))
    units = allocation.score_units([scores for _, scores, _ in drawn])
    return [allocation.Candidate(f"g{n}", cost, unit, attributes, f"{sum(scores) / len(scores):.2f}")
            for n, ((cost, scores, attributes), unit) in enumerate(zip(drawn, units, strict=True))]


def solver_rows() -> list[Row]:
    from chalicelib.domain import allocation

    floors = [allocation.Floor("first_time", True, Decimal("0.3")),
              allocation.Floor("international", True, Decimal("0.5"))]
    rows = []
    for count, step, target in SOLVER_ROWS:
        pool = candidates(count, step)
        capacity = sum(c.cost for c in pool) // 3
        started = time.perf_counter()
        result = allocation.solve(pool, floors, capacity)
        seconds = time.perf_counter() - started
        verdict = "proven optimal" if result.optimal else "best found at the time limit (not proven)"
        rows.append(Row(SECTION, f"solve {count:,} candidates, 2 floors, ${step} steps", None, seconds * 1000, None,
                        f"{verdict} in {seconds:.2f} s (target ≤ {target:g} s); {len(result.funded):,} funded, "
                        f"${result.funded_total / 100:,.0f} of ${capacity / 100:,.0f}; HiGHS in-process, 1 thread"))
    return rows


def run(env: BenchEnv) -> list[Row]:
    from chalicelib.store.keys import grant_id_for

    from .harness import seed_submitted_grants
    from .scoring import seed_scored_grants

    rows = solver_rows()
    admin = env.token("bench-allocation-admin", "manage_conference")
    reviewer = env.token("bench-allocation-reviewer", "review_travel_grant")
    body = {"name": "Bench Allocation", "start_date": "2026-05-13", "end_date": "2026-05-19",
            "grant_budget": "200000.00"}
    slug = "bench-allocation"
    assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status in (200, 201)
    seed_scored_grants(slug, 1_000)
    floors = [{"field": "first_time", "equals": True, "min_share": 0.3},
              {"field": "international", "equals": True, "min_share": 0.3}]

    def propose() -> None:
        reply = env.api.post(f"/manage/conferences/{slug}/travel-grants/allocation", {"floors": floors},
                             token=reviewer)
        assert reply.status == 200, reply.body

    req, p50, p99, ops = measure_detailed(propose, 3)
    rows.append(Row(SECTION, "POST allocation @ 1,000 scored grants", req, p50, p99,
                    "every grant read once (1 MB pages) + counters + stats; writes nothing; "
                    + ", ".join(f"{op} {n / 3:g}" for op, n in sorted(ops.items()))))

    bulk_slug = "bench-bulk-review"
    assert env.api.put(f"/manage/conferences/{bulk_slug}", {**body, "name": "Bench Bulk"},
                       token=admin).status in (200, 201)
    seed_submitted_grants(bulk_slug, BULK_ITEMS, "bulk")
    reviews = [{"grant_id": grant_id_for(bulk_slug, f"bulk-{n}"), "status": "offered", "approved_amount": "500.00"}
               for n in range(BULK_ITEMS)]
    env.api.get(f"/manage/conferences/{bulk_slug}/travel-grants", token=reviewer)  # conference cached, as warm

    def bulk() -> None:
        reply = env.api.post(f"/manage/conferences/{bulk_slug}/travel-grants/bulk-review", {"reviews": reviews},
                             token=reviewer)
        assert [r["status"] for r in reply.body["results"]] == [200] * BULK_ITEMS, reply.body

    req, p50, _, ops = measure_detailed(bulk, 1)
    rows.append(Row(SECTION, f"POST bulk-review, {BULK_ITEMS} offers (per item)", req / BULK_ITEMS, p50 / BULK_ITEMS,
                    None, f"target ≤ 2 per item; whole request {req:g} requests, {p50 / 1000:.1f} s; "
                    + ", ".join(f"{op} {n:g}" for op, n in sorted(ops.items()))))
    return rows
