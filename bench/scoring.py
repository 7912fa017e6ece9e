"""Scoring figures: DynamoDB requests of a score write, next-to-score, the detail with scores,
the ranking and the report, at 100, 1,000 and 5,000 grants.

Each size gets a fresh conference of submitted grants seeded in bulk through the store's own
models (grant items with their scores kept, queue items, score items and the reviewers'
counters, as the score transaction leaves them): three reviewers scored about two grants in
three with different habits, so next-to-score has to skip what its caller already scored.

What must stay flat: a score write (one BatchGetItem + one TransactWriteItems), next-to-score
(a Query of the scoring queue, the chosen grant's partition, the reviewers' counters) and the
detail. What grows: ranking and report read every grant once (DynamoDB pages at 1 MB), plus
one GetItem of every reviewer's counters.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from .harness import BenchEnv, Row, measure_detailed

SECTION = "scoring"
SIZES = (100, 1_000, 5_000)
#: (name, which grants they scored, their habit: the score they give grant n)
HABITS = (("lenient", lambda n: n % 3 != 0, lambda n: 4 + n % 2),
          ("harsh", lambda n: n % 4 != 0, lambda n: 1 + n % 3),
          ("middle", lambda n: n % 5 != 0, lambda n: 1 + n % 5))


def seed_scored_grants(conf: str, count: int) -> None:
    """`count` submitted grants scored by the three HABITS reviewers, with every counter."""
    from chalicelib.aws import client
    from chalicelib.config import settings
    from chalicelib.domain.scoring import reviewer_key
    from chalicelib.store import grants as store
    from chalicelib.store.keys import REVIEWERS_SK, conference_pk, grant_id_for, score_queue_sort, score_sk
    from chalicelib.store.score_queue import new_queue_item
    from chalicelib.store.scores import ScoreItem

    totals = {name: [0, 0, 0] for name, _, _ in HABITS}
    now = "2026-04-01T00:00:00.000000Z"
    with store.GrantItem.batch_write() as batch:
        for n in range(count):
            sub = f"scoring-applicant-{n}"
            grant_id = grant_id_for(conf, sub)
            scores = {}
            for name, scored, habit in HABITS:
                if scored(n):
                    value = habit(n)
                    scores[reviewer_key(f"bench-{name}")] = value
                    totals[name][0] += 1
                    totals[name][1] += value
                    totals[name][2] += value * value
                    batch.save(ScoreItem(store.grant_pk(conf, grant_id), score_sk(reviewer_key(f"bench-{name}")),
                                         reviewer_sub=f"bench-{name}", reviewer_name=name.title(), score=value,
                                         created_at=now, updated_at=now))
            batch.save(store.new_grant_item(conf, grant_id, {
                "status": "submitted", "request_type": "ticket_and_grant", "requested_cents": 100000,
                "application": {"travel_from": f"City, Country {n % 20}", "experience_level": "beginner",
                                "occupation": "x", "involvement": "x", "reason": "x", "requested_amount": 100000,
                                "first_time": n % 2 == 0, "international": n % 3 == 0},
                "user_sub": sub, "user_email": f"{sub}@example.com", "user_name": sub,
                "score_count": len(scores), "score_sum": sum(scores.values()),
                "scoring": {"scores": scores, "conflicts": []}, "score_version": len(scores),
            }))
            queue = new_queue_item(conf, grant_id, sub, len(scores))
            queue.gsi2sk = score_queue_sort(len(scores), grant_id)
            if scores:
                queue.scored = set(scores)
            batch.save(queue)
    store.new_stats_item(conf, store.GrantStats(total=count, submitted=count,
                                                total_requested_cents=100000 * count)).save()
    item: dict[str, Any] = {"pk": {"S": conference_pk(conf)}, "sk": {"S": REVIEWERS_SK},
                            "entity": {"S": "reviewer_counters"}}
    for name, (n, s, q) in totals.items():
        key = reviewer_key(f"bench-{name}")
        item.update({f"n_{key}": {"N": str(n)}, f"s_{key}": {"N": str(s)}, f"q_{key}": {"N": str(q)},
                     f"sub_{key}": {"S": f"bench-{name}"}, f"name_{key}": {"S": name.title()}})
    client("dynamodb").put_item(TableName=settings().table_name, Item=item)


def _ops(by_operation: Any, repeat: int) -> str:
    return ", ".join(f"{op} {n / repeat:g}" for op, n in sorted(by_operation.items()))


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-scoring-admin", "manage_conference")
    rows: list[Row] = []
    for size in SIZES:
        rows.extend(_series_point(env, admin, size))
    return rows


def _series_point(env: BenchEnv, admin: str, size: int) -> list[Row]:
    from chalicelib.store.keys import grant_id_for

    rows: list[Row] = []
    slug = f"bench-scoring-{size}"
    body = {"name": "Bench Scoring", "start_date": "2026-05-13", "end_date": "2026-05-19", "review": {"scale": 5}}
    assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status in (200, 201)
    started = time.perf_counter()
    seed_scored_grants(slug, size)
    note = f"{size:,} grants, 3 reviewers scored ~2 in 3 (seeded in {time.perf_counter() - started:.1f} s)"
    base = f"/manage/conferences/{slug}/travel-grants"
    newcomer = env.token(f"bench-new-{size}", "review_travel_grant")
    lenient = env.token("bench-lenient", "review_travel_grant")
    targets = itertools.cycle(grant_id_for(slug, f"scoring-applicant-{n}") for n in range(0, size, 7))
    values = itertools.cycle((1, 2, 3, 4, 5))

    def score_write() -> None:
        reply = env.api.put(f"{base}/{next(targets)}/score", {"score": next(values)}, token=newcomer)
        assert reply.status == 200, reply.body

    req, p50, p99, ops = measure_detailed(score_write, 20)
    rows.append(Row(SECTION, f"PUT score (write) @ {size:,}", req, p50, p99, f"{note}; {_ops(ops, 20)}"))

    def next_for(token: str) -> Any:
        def call() -> None:
            assert env.api.get(f"{base}/next-to-score", token=token).status == 200
        return call

    for who, token in (("a new reviewer", env.token(f"bench-fresh-{size}", "review_travel_grant")),
                       ("the lenient reviewer (skips the ~2/3 they scored)", lenient)):
        req, p50, p99, ops = measure_detailed(next_for(token), 20)
        rows.append(Row(SECTION, f"GET next-to-score @ {size:,}", req, p50, p99, f"{who}; {_ops(ops, 20)}"))

    detail = f"{base}/{grant_id_for(slug, 'scoring-applicant-1')}"
    req, p50, p99, ops = measure_detailed(lambda: env.api.get(detail, token=lenient), 10)
    rows.append(Row(SECTION, f"GET detail with scores @ {size:,}", req, p50, p99, _ops(ops, 10)))
    repeat = 2 if size > 1000 else 5
    for name in ("ranking", "report"):
        def read(name: str = name) -> None:
            assert env.api.get(f"{base}/{name}", token=lenient).status == 200
        try:
            req, p50, p99, ops = measure_detailed(read, repeat)
        except AssertionError:  # the emulator's read timeout on a big page: say so, go on
            rows.append(Row(SECTION, f"GET {name} @ {size:,}", "failed", None, None,
                            "a Query page exceeded the client's read timeout on the emulator"))
            continue
        rows.append(Row(SECTION, f"GET {name} @ {size:,}", req, p50, p99,
                        f"every grant read once (1 MB pages) + the reviewers' counters; {_ops(ops, repeat)}"))
    return rows
