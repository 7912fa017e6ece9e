"""Pretalx sync figures: a PyCon-sized event served by the local Pretalx look-alike.

Each row times `POST /manage/conferences/{slug}/pretalx/sync` end to end (HTTP to the fake
Pretalx included) and counts the DynamoDB requests it sent, writes separately: the first
sync of a conference, an unchanged re-run (should write nothing) and a re-run after one
talk changed in Pretalx (a whole new version, still a handful of writes thanks to chunks).
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from devstack.demo.pretalx_server import FakePretalx
from tests.support.pretalx_pycon import EVENT, EXPECTED, dataset

from .harness import BenchEnv, Row, counting

WRITE_OPS = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, float, list[Any]]:
    """(DynamoDB requests per run, writes per run, median ms, results)."""
    timings, results = [], []
    with counting() as counter:
        for _ in range(runs):
            started = time.perf_counter()
            results.append(fn())
            timings.append((time.perf_counter() - started) * 1000)
    writes = sum(n for key, n in counter.counts.items() if key.split(":")[1] in WRITE_OPS and key.startswith("dynamodb:"))
    return counter.total("dynamodb") / runs, writes / runs, statistics.median(timings), results


def _per_talk_rows(env: BenchEnv, admin: str, fake: FakePretalx, sync: Callable[[str], Any]) -> list[Row]:
    """The same event with its 24 tutorials as one activity each: creating them costs one
    conditional put per tutorial, a re-run after one tutorial moved one UpdateItem more."""
    slug = f"bench-pretalx-talks-{uuid.uuid4().hex[:8]}"
    body = {"name": "Bench PyCon", "start_date": "2026-05-13", "end_date": "2026-05-19",
            "timezone": "America/New_York",
            "pretalx": {"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token,
                        "per_talk_types": ["Tutorials"]}}
    assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status == 201
    rows = []
    req, writes, ms, results = _timed(lambda: sync(slug), runs=1)
    rows.append(Row("pretalx", "sync PyCon fixture, tutorials per talk: first run", req, ms, None,
                    f"{writes:.0f} DynamoDB writes; activities {results[0]['activities']} (24 tutorials + 3 grouped)"))
    req, writes, ms, _ = _timed(lambda: sync(slug), runs=3)
    rows.append(Row("pretalx", "sync PyCon fixture, tutorials per talk: unchanged re-run", req, ms, None,
                    f"{writes:.0f} DynamoDB writes"))
    tutorial = next(s["code"] for s in fake.dataset["submissions"] if s["submission_type"] == 2)
    slot = next(s for s in fake.dataset["slots"] if s["submission"] == tutorial)
    shift = iter(range(1, 1000))

    def moved() -> Any:
        slot["start"] = slot["start"][:14] + f"{next(shift) % 60:02d}" + slot["start"][16:]
        return sync(slug)

    req, writes, ms, _ = _timed(moved, runs=3)
    rows.append(Row("pretalx", "sync PyCon fixture, tutorials per talk: one tutorial moved", req, ms, None,
                    f"{writes:.0f} DynamoDB writes (one per-talk activity updated; the others untouched)"))
    return rows


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-pretalx", "manage_conference", "manage_activity")
    fake = FakePretalx(dataset(), event=EVENT).start()
    rows: list[Row] = []
    try:
        slugs = []
        for _ in range(3):
            slug = f"bench-pretalx-{uuid.uuid4().hex[:8]}"
            body = {"name": "Bench PyCon", "start_date": "2026-05-13", "end_date": "2026-05-19",
                    "timezone": "America/New_York",
                    "pretalx": {"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token}}
            assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status == 201
            slugs.append(slug)
        queue = list(slugs)

        def sync(slug: str | None = None) -> Any:
            reply = env.api.post(f"/manage/conferences/{slug or queue.pop(0)}/pretalx/sync", token=admin)
            assert reply.status == 200, reply.body
            return reply.body

        before = len(fake.requests)
        req, writes, ms, results = _timed(sync, runs=3)
        pretalx_requests = (len(fake.requests) - before) / 3
        assert all(r == EXPECTED for r in results), results
        counts = ", ".join(f"{k} {v}" for k, v in EXPECTED.items())
        rows.append(Row("pretalx", "sync PyCon fixture: first run", req, ms, None,
                        f"{writes:.0f} DynamoDB writes; {pretalx_requests:.0f} Pretalx requests; {counts}"))

        req, writes, ms, _ = _timed(lambda: sync(slugs[0]), runs=5)
        rows.append(Row("pretalx", "sync PyCon fixture: unchanged re-run", req, ms, None,
                        f"{writes:.0f} DynamoDB writes (content hash matches the published version)"))

        flip = iter(range(1000))

        def changed() -> Any:
            fake.dataset["submissions"][0]["title"] = f"Retitled {next(flip)}"
            return sync(slugs[1])

        req, writes, ms, _ = _timed(changed, runs=3)
        rows.append(Row("pretalx", "sync PyCon fixture: re-run after one talk changed", req, ms, None,
                        f"{writes:.0f} DynamoDB writes (new chunked version + flip + activity refresh + clean-up)"))
        rows.extend(_per_talk_rows(env, admin, fake, sync))
    finally:
        fake.stop()
    return rows
