"""Activities: DynamoDB requests per call, promotion cost from the stream, and the flash crowd.

Request counts are what botocore really sent (see harness.counting), on a warm container:
the conference's settings, which the routing layer needs for feature gates, are
remembered for a few seconds (store/conferences.py), so they cost no request here. Promotion is measured by
feeding the handler the exact records the emulator's stream produced for a batch of
cancellations (cancel, lock removal, activity counter change) and then the records the
promotions themselves produced, so the figure includes the records it ignores.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import boto3
import requests

from tests.support.request_count import paused

from .harness import BenchEnv, Row, counting, measure_detailed, percentile

SECTION = "activities"
CONF = "bench-activities"
FLASH_PLACES, FLASH_CROWD, FLASH_WORKERS = 50, 500, 32


def _setup_conference(env: BenchEnv, admin: str) -> None:
    body = {"name": "Bench Activities", "start_date": "2026-05-13", "end_date": "2026-05-19",
            "timezone": "America/New_York"}
    env.api.put(f"/manage/conferences/{CONF}", body, token=admin)


def _create(env: BenchEnv, manager: str, name: str, places: int | None, **extra: Any) -> str:
    reply = env.api.post(f"/manage/conferences/{CONF}/activities",
                         {"name": name, "max_participants": places, **extra}, token=manager)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


class _Stream:
    """Reads the table's stream from 'now' on, shaped like Lambda's records."""

    def __init__(self) -> None:
        from chalicelib.config import settings

        s = settings()
        self._client = boto3.client("dynamodbstreams", region_name=s.region, endpoint_url=s.aws_endpoint_url)
        arn = boto3.client("dynamodb", region_name=s.region, endpoint_url=s.aws_endpoint_url).describe_table(
            TableName=s.table_name)["Table"]["LatestStreamArn"]
        shard = self._client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self._iterator = self._client.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                         ShardIteratorType="LATEST")["ShardIterator"]

    def drain(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        while True:
            response = self._client.get_records(ShardIterator=self._iterator, Limit=1000)
            self._iterator = response["NextShardIterator"]
            if not response["Records"]:
                return records
            for record in response["Records"]:
                ddb = dict(record["dynamodb"])
                created = ddb.get("ApproximateCreationDateTime")
                ddb["ApproximateCreationDateTime"] = created.timestamp() if isinstance(created, datetime) else time.time()
                records.append({**record, "dynamodb": ddb, "eventSource": "aws:dynamodb"})


def _measured(name: str, fn: Any, why: str) -> Row:
    req, p50, p99, ops = measure_detailed(fn)
    detail = ", ".join(f"{op} {n / 20:g}" for op, n in sorted(ops.items()))
    return Row(SECTION, name, req, p50, p99, f"{why} ({detail})")


def _per_call_rows(env: BenchEnv, manager: str) -> list[Row]:
    rows: list[Row] = []
    for i in range(10):
        _create(env, manager, f"Listed activity {i}", 30, start_time=f"2026-05-1{i % 7 + 3}T14:00:00Z")
    rows.append(_measured("GET activities (list of 11)", lambda: env.api.get(f"/conferences/{CONF}/activities"),
                          "one Query"))

    open_slug = _create(env, manager, "Open sprint", None)
    users = (f"user-{n}" for n in itertools.count())
    rows.append(_measured("POST signup (free place)", lambda: env.api.post(
        f"/conferences/{CONF}/activities/{open_slug}/signup", {"note": "hi"}, token=env.token(next(users))),
        "activity read, one TransactWriteItems"))
    rows.append(_measured("GET activity detail (anonymous)",
                          lambda: env.api.get(f"/conferences/{CONF}/activities/{open_slug}"), "the activity"))
    token = env.token("user-0")
    rows.append(_measured("GET activity detail (signed in, my_signup)",
                          lambda: env.api.get(f"/conferences/{CONF}/activities/{open_slug}", token=token),
                          "activity + lock item in one BatchGetItem"))

    full_slug = _create(env, manager, "Tiny workshop", 1)
    env.api.post(f"/conferences/{CONF}/activities/{full_slug}/signup", {}, token=env.token("first"))
    waiters = (f"waiter-{n}" for n in itertools.count())
    rows.append(_measured("POST signup (full -> waitlist)", lambda: env.api.post(
        f"/conferences/{CONF}/activities/{full_slug}/signup", {}, token=env.token(next(waiters))),
        "read shows full, so the waitlist transaction goes first"))

    cancellers = (f"user-{n}" for n in itertools.count())
    rows.append(_measured("DELETE signup (cancel)", lambda: env.api.delete(
        f"/conferences/{CONF}/activities/{open_slug}/signup", token=env.token(next(cancellers))),
        "lock read, one transaction"))
    rows.extend(_promotion_rows(env, manager))
    rows.extend(_calendar_rows(env, manager))
    return rows


def _calendar_rows(env: BenchEnv, manager: str) -> list[Row]:
    """A signup that checks clashes, an activity's .ics, and a personal feed's fetch."""
    from chalicelib.domain import calendar_feeds

    rows: list[Row] = []
    busy = env.token("calendar-person")
    for n in range(5):  # the person's other signups, each 9:00+n to 10:00+n
        slug = _create(env, manager, f"Timed session {n}", None, start_time=f"2026-05-14T{9 + n:02d}:00:00Z",
                       end_time=f"2026-05-14T{10 + n:02d}:00:00Z")
        env.api.post(f"/conferences/{CONF}/activities/{slug}/signup", {}, token=busy)
    timed = iter([_create(env, manager, f"Clashing session {n}", None, start_time="2026-05-14T09:30:00Z",
                          end_time="2026-05-14T11:30:00Z") for n in range(20)])
    rows.append(_measured("POST signup (timed; 5 other signups, 2 clash -> overlaps)", lambda: env.api.post(
        f"/conferences/{CONF}/activities/{next(timed)}/signup", {}, token=busy),
        "activity read, one TransactWriteItems, the person's locks (one Query), their activities' times (one "
        "BatchGetItem); an activity without times adds nothing"))
    first = _create(env, manager, "Calendar session", None, start_time="2026-05-15T09:00:00Z",
                    end_time="2026-05-15T10:00:00Z")
    rows.append(_measured("GET activity calendar.ics", lambda: env.api.get(
        f"/conferences/{CONF}/activities/{first}/calendar.ics"), "the activity (icalendar renders it)"))
    url = env.api.get(f"/conferences/{CONF}/my/calendar", token=busy).body["url"]
    feed = "/" + url.split("/", 3)[3]
    limit = calendar_feeds.FEED_REQUESTS_PER_MINUTE
    calendar_feeds.FEED_REQUESTS_PER_MINUTE = 10_000  # the bench fetches faster than a calendar app may
    try:
        rows.append(_measured("GET my calendar feed (.ics; 25 confirmed activities)", lambda: env.api.get(feed),
                              "rate counter (one UpdateItem), the secret's hash (GetItem), the person's locks "
                              "(one Query), their activities (one BatchGetItem)"))
    finally:
        calendar_feeds.FEED_REQUESTS_PER_MINUTE = limit
    rows.append(_measured("GET my calendar (feed URL, shown again)", lambda: env.api.get(
        f"/conferences/{CONF}/my/calendar", token=busy), "the owner item (GetItem) + one KMS Decrypt"))
    return rows


def _promotion_only(records: list[dict[str, Any]]) -> None:
    """Run just the promotion handler on Lambda-shaped records (no notifier, no dispatch)."""
    from chalicelib.events.promotion import promote_waitlisted_signups
    from chalicelib.events.stream import parse_record

    for record in records:
        promote_waitlisted_signups(parse_record(record))


def _promoted(records: list[dict[str, Any]]) -> int:
    return sum(1 for r in records
               if r["dynamodb"].get("NewImage", {}).get("entity", {}).get("S") == "signup"
               and r["dynamodb"].get("OldImage", {}).get("status", {}).get("S") == "waitlisted"
               and r["dynamodb"].get("NewImage", {}).get("status", {}).get("S") == "confirmed")


def _promotion_rows(env: BenchEnv, manager: str, places: int = 20, cancels: int = 10) -> list[Row]:
    slug = _create(env, manager, "Promotion bench", places)
    for n in range(places + 2 * cancels + 5):
        env.api.post(f"/conferences/{CONF}/activities/{slug}/signup", {}, token=env.token(f"promo-{n}"))
    stream = _Stream()
    rows: list[Row] = []

    # (1) one cancellation per stream batch, the usual case
    with counting() as single:
        promoted_single = 0
        for n in range(cancels):
            with paused(single):
                env.api.delete(f"/conferences/{CONF}/activities/{slug}/signup", token=env.token(f"promo-{n}"))
                records = stream.drain()
            _promotion_only(records)
            with paused(single):
                echoes = stream.drain()
            promoted_single += _promoted(echoes)
            _promotion_only(echoes)
    rows.append(Row(SECTION, "stream: promotion per promoted signup (one cancel per batch)",
                    round(single.total() / max(promoted_single, 1), 2), None, None,
                    f"{promoted_single} promoted; {dict(single.counts)}; the records the promotions wrote cost 0"))

    # (2) many cancellations in one batch: images are stale by the time they are handled
    for n in range(cancels, 2 * cancels):
        env.api.delete(f"/conferences/{CONF}/activities/{slug}/signup", token=env.token(f"promo-{n}"))
    batch = stream.drain()
    with counting() as counter:
        started = time.perf_counter()
        _promotion_only(batch)
        elapsed = (time.perf_counter() - started) * 1000
    echoes = stream.drain()
    promoted = _promoted(echoes)
    rows.append(Row(SECTION, f"stream: promotion per promoted signup ({cancels} cancels in one batch)",
                    round(counter.total() / max(promoted, 1), 2), round(elapsed / max(promoted, 1), 1), None,
                    f"{promoted} promoted from {len(batch)} records; {dict(counter.counts)} (stale images: "
                    "one Query + one refused transaction per superseded record)"))
    everything = batch + echoes
    with counting() as whole:
        env.app_module.handle_table_stream({"Records": everything}, None)
    rows.append(Row(SECTION, "stream: whole handler on that batch replayed", whole.total(), None, None,
                    f"promotion + other areas' handlers (e.g. notifications) on {len(everything)} records"))
    with counting() as replay_counter:
        for _ in range(3):
            _promotion_only(everything)
    after = env.api.get(f"/conferences/{CONF}/activities/{slug}").body
    rows.append(Row(SECTION, "stream: same batch replayed 3x (promotion handler)", replay_counter.total() / 3,
                    None, None,
                    f"per replay; confirmed {after['signup_count']}/{places}, waitlisted {after['waitlist_count']}"
                    f" (no extra promotion: {after['signup_count'] == places and after['waitlist_count'] == 5})"))
    return rows


def _flash_crowd(env: BenchEnv, manager: str) -> list[Row]:
    from chalicelib.store import activities as store
    from chalicelib.store import signups

    slug = _create(env, manager, "Flash crowd", FLASH_PLACES)
    tokens = [env.token(f"crowd-{n:03d}") for n in range(FLASH_CROWD)]
    base_url, stop = env.live_server()
    session_local: dict[int, requests.Session] = {}

    def one(token: str) -> tuple[int, float, str | None]:
        import threading

        session = session_local.setdefault(threading.get_ident(), requests.Session())
        started = time.perf_counter()
        response = session.post(f"{base_url}/conferences/{CONF}/activities/{slug}/signup", json={},
                                headers={"Authorization": f"Bearer {token}"}, timeout=120)
        took = (time.perf_counter() - started) * 1000
        status = response.json().get("status") if response.status_code == 201 else None
        return response.status_code, took, status

    try:
        with counting() as counter:
            started = time.perf_counter()
            with ThreadPoolExecutor(FLASH_WORKERS) as pool:
                results = list(pool.map(one, tokens))
            wall = time.perf_counter() - started
    finally:
        stop()
    codes = Counter(code for code, _, _ in results)
    statuses = Counter(status for _, _, status in results)
    latencies = [took for _, took, _ in results]
    items = signups.list_signups(CONF, slug)
    confirmed_items = sum(1 for s in items if s.status == "confirmed")
    waitlisted_items = sum(1 for s in items if s.status == "waitlisted")
    activity = store.get_activity(CONF, slug, consistent=True)
    ok = (statuses["confirmed"] == FLASH_PLACES and statuses["waitlisted"] == FLASH_CROWD - FLASH_PLACES
          and not any(code >= 500 for code in codes) and confirmed_items == FLASH_PLACES
          and int(activity.confirmed_count) == confirmed_items and int(activity.waitlist_count) == waitlisted_items)
    notes = (f"wall {wall:.2f} s for {FLASH_CROWD} signups / {FLASH_PLACES} places, {FLASH_WORKERS} client threads; "
             f"HTTP {dict(codes)}; confirmed {statuses['confirmed']}, waitlisted {statuses['waitlisted']}; "
             f"items {confirmed_items}/{waitlisted_items}, counters {int(activity.confirmed_count)}/"
             f"{int(activity.waitlist_count)}; invariant {'OK' if ok else 'VIOLATED'}")
    per_signup = round(counter.total() / FLASH_CROWD, 2)
    # Which requests: Query = a waitlisted signup's place (one COUNT); GetItem = the activity read.
    by_operation = ", ".join(f"{key.split(':', 1)[1]} {n / FLASH_CROWD:.2f}"
                             for key, n in sorted(counter.counts.items()) if key.startswith("dynamodb:"))
    return [Row(SECTION, "flash crowd over HTTP (live server + pump)", per_signup,
                statistics.median(latencies), percentile(latencies, 99),
                notes + f"; per signup: {by_operation}; requests/signup include the pump's stream reads")]


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-admin", "manage_conference")
    manager = env.token("bench-manager", "manage_activity")
    _setup_conference(env, admin)
    return _per_call_rows(env, manager) + _flash_crowd(env, manager)
