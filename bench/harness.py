"""Benchmark plumbing: an emulator, request counting, timing, a table.

AWS requests are counted by the tests' counter (tests/support/request_count.py): botocore's
`before-send` event, once per attempt, right before the request goes to the HTTP connection,
so SDK retries (throttling, lost answers, contended transactions) are included and the
figures are what really goes over the wire.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.request_count import counting

BENCH_SECRET = "bench-secret-for-hs256-tokens-0123456789"


@dataclass
class Row:
    section: str
    operation: str
    ddb_requests: float | str | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    notes: str = ""


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure_detailed(fn: Callable[[], Any], repeat: int = 20) -> tuple[float, float, float, Counter[str]]:
    """(DynamoDB requests per call, p50 ms, p99 ms, DynamoDB requests by operation) over `repeat` calls."""
    timings: list[float] = []
    with counting() as counter:
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - started) * 1000)
    by_operation: Counter[str] = Counter()
    for key, n in counter.counts.items():
        service, operation = key.split(":", 1)
        if service == "dynamodb":
            by_operation[operation] += n
    return counter.total("dynamodb") / repeat, statistics.median(timings), percentile(timings, 99), by_operation


def measure(fn: Callable[[], Any], repeat: int = 20) -> tuple[float, float, float]:
    """(DynamoDB requests per call, p50 ms, p99 ms) over `repeat` calls."""
    requests, p50, p99, _ = measure_detailed(fn, repeat)
    return requests, p50, p99


def seed_submitted_grants(conf: str, count: int, sub_prefix: str) -> None:
    """`count` submitted grants and their matching stats counters, written in batches through
    the store's own models (the items have exactly the shape the app writes)."""
    from chalicelib.store import grants as store
    from chalicelib.store.keys import grant_id_for

    with store.GrantItem.batch_write() as batch:
        for n in range(count):
            sub = f"{sub_prefix}-{n}"
            batch.save(store.new_grant_item(conf, grant_id_for(conf, sub), {
                "status": "submitted", "request_type": "ticket_and_grant", "requested_cents": 100000,
                "application": {"travel_from": "Seed", "experience_level": "beginner", "occupation": "x",
                                "involvement": "x", "reason": "x", "requested_amount": 100000},
                "user_sub": sub, "user_email": f"{sub}@example.com", "user_name": sub,
            }))
    # Keys included: the stats item is listed with the grants, as the app's own writes leave it.
    store.new_stats_item(conf, store.GrantStats(total=count, submitted=count,
                                                total_requested_cents=100000 * count)).save()


#: Seconds the bench's app waits for the emulator's answer: a 1 MB Query page of the ranking at
#: 5,000 grants takes moto seconds (it walks the whole table per page), more than the 10 s the
#: functions allow DynamoDB once the shared machine is loaded. Request counts are unaffected.
EMULATOR_READ_TIMEOUT = 120


class BenchEnv:
    """The emulator, the app and a JSON client, shared by every section."""

    def __init__(self) -> None:
        from devstack.emulator.server import Emulator

        self.emulator = Emulator().start()
        os.environ.update({
            "STAGE": "local", "AWS_ENDPOINT_URL": self.emulator.url, "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1", "AUTH_DEV_SECRET": BENCH_SECRET,
            "TABLE_NAME": "conference-bench", "BUCKET_NAME": "conference-receipts-bench",
            "KMS_KEY_ID": "alias/conference-bench",
            "PRETALX_ALLOW_LOOPBACK": "1",  # the bench's fake Pretalx listens on 127.0.0.1
        })
        from chalicelib.aws import use_read_timeout
        from chalicelib.config import settings
        from devstack.emulator import provision

        use_read_timeout(EMULATOR_READ_TIMEOUT)
        settings.cache_clear()
        os.environ["TABLE_STREAM_ARN"] = provision.provision(settings())
        settings.cache_clear()
        from chalice.test import Client

        import app as app_module
        from devstack.gateway.server import use_contract_gateway
        from tests.support.clients import Api

        self.app_module = app_module
        self._client = Client(app_module.app)
        use_contract_gateway(self._client, app_module.app)
        self.api = Api(self._client)

    def token(self, sub: str, *perms: str) -> str:
        from chalicelib.auth import mint_dev_token

        return mint_dev_token(BENCH_SECRET, sub, name=sub.title(), email=f"{sub}@example.com", permissions=perms)

    def live_server(self) -> tuple[str, Callable[[], None]]:
        """The threaded HTTP server plus event pump; returns (base_url, stop)."""
        from chalicelib.config import settings
        from devstack.gateway.server import make_server
        from devstack.pump import EventPump

        server = make_server(self.app_module.app, "127.0.0.1", 0)
        thread = threading.Thread(target=server.server.serve_forever, daemon=True)
        thread.start()
        pump = EventPump(self.app_module, settings(), os.environ["TABLE_STREAM_ARN"], poll_seconds=0.1,
                     schedule_delay=float("inf")).start()  # schedules are invoked explicitly

        def stop() -> None:
            pump.stop()
            server.server.shutdown()
            server.server.server_close()

        return f"http://127.0.0.1:{server.server.server_address[1]}", stop

    def close(self) -> None:
        self.emulator.stop()


def format_table(rows: list[Row]) -> str:
    header = "| section | operation | DynamoDB requests | p50 ms | p99 ms | notes |"
    lines = [header, "|---|---|---|---|---|---|"]
    for r in rows:
        def fmt(v: Any) -> str:
            if v is None:
                return ""
            if isinstance(v, float):
                return f"{v:.1f}" if v != int(v) else str(int(v))
            return str(v)

        lines.append(f"| {r.section} | {r.operation} | {fmt(r.ddb_requests)} | {fmt(r.p50_ms)} | {fmt(r.p99_ms)} | {r.notes} |")
    return "\n".join(lines)
