"""Scale series: how each read/write grows from 100 to 1,000 to 10,000 grants and signups.

For each size N, a fresh conference gets N submitted travel grants (with their stats
counters) and one activity with N signups (N/2 confirmed, N/2 waitlisted, each with its
lock item), seeded with BatchWriteItem through the store's own models so the items have
exactly the shape the app writes. Then the same requests are measured at every size:
request counts come from botocore (harness.counting), latency from the in-process app
against the serialised emulator.

What should NOT grow with N (one Query or GetItem each, thanks to the key design):
reviewer list page + stats, grant status view, activity list and detail, signup, cancel.
What must grow: the manager's full signup list (it returns all N rows; DynamoDB pages
at 1 MB, so its request count grows by one per MB of signups).
"""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .harness import BenchEnv, Row, measure, seed_submitted_grants

SECTION = "scale"
#: `BENCH_SCALE_SIZES=100,10000 python -m bench scale` measures other sizes.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "100,1000,10000").split(","))
ACTIVITIES = 10  # activities per conference (the list's size is about activities, not signups)


def _seed_signups(conf: str, activity: str, count: int, places: int) -> None:
    """`count` signups (the first `places` confirmed), their locks, and matching counters.

    Built with the store's own item builders (the ones the signup transaction uses), so the
    queue entries and lock items are exactly what the app would have written.
    """
    from chalicelib.domain.activities import new_signup_key
    from chalicelib.store import signups as store
    from chalicelib.store.keys import activity_sk, conference_pk

    start = datetime(2026, 4, 1, tzinfo=UTC)
    with store.SignupItem.batch_write() as batch:
        for n in range(count):
            status = "confirmed" if n < places else "waitlisted"
            sub = f"scale-attendee-{n}"
            new = store.NewSignup(conf=conf, activity=activity, activity_name="Scale", user_sub=sub,
                                  user_email=f"{sub}@example.com", user_name=sub, note="",
                                  key=new_signup_key(start + timedelta(seconds=n)))
            batch.save(store.signup_item(new, status))  # the store's own item shape
            batch.save(store.lock_item(new, status))
            if status == "waitlisted":
                batch.save(store.queue_entry(conf, activity, new.key, sub))
    store.ActivityItem(conference_pk(conf), activity_sk(activity)).update(actions=[
        store.ActivityItem.confirmed_count.set(min(places, count)),
        store.ActivityItem.waitlist_count.set(max(0, count - places)),
        *([store.ActivityItem.waitlist_last.set(store.queue_key(new.key))] if count > places else []),
    ])


def _seed_people(conf: str, count: int) -> None:
    """The people directory of `count` seeded attendees, as the stream writes it (store.people.entries)."""
    from chalicelib.store import people, table

    table.batch_write(puts=[entry for n in range(count) for entry in people.entries(
        conf, people.Person(f"scale-attendee-{n}", f"Attendee {n:05}", f"scale-attendee-{n}@example.com"))])


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(env: BenchEnv) -> list[Row]:
    rows: list[Row] = []
    for size in SIZES:
        rows.extend(_series_point(env, size))
    return [*rows, _summary(rows)]


def _summary(rows: list[Row]) -> Row:
    """Which operations kept a flat request count across the sizes, and which grew."""
    by_op: dict[str, list[float]] = {}
    for row in rows:
        if isinstance(row.ddb_requests, int | float) and " @ " in row.operation:
            by_op.setdefault(row.operation.split(" @ ")[0], []).append(float(row.ddb_requests))
    flat = [op for op, counts in by_op.items() if len(set(counts)) == 1]
    grew = [f"{op} ({' -> '.join(f'{c:g}' for c in counts)})" for op, counts in by_op.items() if len(set(counts)) > 1]
    sizes = " / ".join(f"{n:,}" for n in SIZES)
    return Row(SECTION, f"summary {sizes}", None, None, None,
               f"flat request count: {len(flat)} of {len(by_op)} operations; grew: {', '.join(grew) or 'none'}. "
               "Latency growth here is the emulator's (moto reads every item of the table for an index Query or a "
               "Scan, and the table holds every section's data); DynamoDB's does not for a keyed Query.")


def _series_point(env: BenchEnv, size: int) -> list[Row]:
    """Seed one conference of `size` and measure every operation of the series on it."""
    admin = env.token("scale-admin", "manage_conference", "manage_activity")
    reviewer = env.token("scale-reviewer", "review_travel_grant")
    conf = f"bench-scale-{size}"
    body = {"name": f"Scale {size}", "start_date": "2026-05-13", "end_date": "2026-05-19",
            "timezone": "America/New_York", "grant_budget": "250000"}
    assert env.api.put(f"/manage/conferences/{conf}", body, token=admin).status in (200, 201)
    slugs = []
    for i in range(ACTIVITIES):
        reply = env.api.post(f"/manage/conferences/{conf}/activities",
                             {"name": f"Activity {i}", "max_participants": size // 2}, token=admin)
        assert reply.status == 201, reply.body
        slugs.append(reply.body["slug"])
    big = slugs[0]
    grants_s = _timed(lambda: seed_submitted_grants(conf, size, "scale-applicant"))
    signups_s = _timed(lambda: _seed_signups(conf, big, size, size // 2))
    _seed_people(conf, size)
    seeded = (f"seeded {size:,} grants in {grants_s:.1f} s ({size / grants_s:,.0f}/s), "
              f"{size:,} signups + their locks in {signups_s:.1f} s ({2 * size / signups_s:,.0f} items/s)")
    rows = [Row(SECTION, f"seed @ {size:,}", None, None, None, seeded)]

    me = env.token("scale-me")
    assert env.api.post(f"/conferences/{conf}/travel-grant", _application(), token=me).status == 201
    detail = f"/conferences/{conf}/activities/{big}"
    newcomers, cancels = itertools.count(), itertools.count()

    def reviewer_list() -> None:
        reply = env.api.get(f"/manage/conferences/{conf}/travel-grants?limit=50", token=reviewer)
        assert reply.status == 200 and len(reply.body["grants"]) == 50, reply.body

    def status_view() -> None:
        assert env.api.get(f"/conferences/{conf}/travel-grant", token=me).status == 200

    def activity_list() -> None:
        reply = env.api.get(f"/conferences/{conf}/activities")
        assert reply.status == 200 and len(reply.body["activities"]) == ACTIVITIES, reply.body

    def activity_detail() -> None:
        reply = env.api.get(detail, token=me)
        assert reply.status == 200 and reply.body["signup_count"] >= size // 2 - 10, reply.body

    queued = env.token(f"scale-attendee-{size * 3 // 4}")  # a seeded signup halfway down the waitlist

    def waitlisted_detail() -> None:
        reply = env.api.get(detail, token=queued)
        assert reply.status == 200 and reply.body["my_signup"]["waitlist_position"] == size // 4 + 1, reply.body

    def waitlisted_mine() -> None:
        reply = env.api.get(f"/conferences/{conf}/my/signups", token=queued)
        assert reply.status == 200 and reply.body["signups"][0]["waitlist_position"] == size // 4 + 1, reply.body

    def signup() -> None:
        reply = env.api.post(f"{detail}/signup", {"note": ""}, token=env.token(f"scale-new-{next(newcomers)}"))
        assert reply.status == 201 and reply.body["status"] == "waitlisted", reply.body

    def cancel() -> None:
        # a confirmed seeded attendee cancels (promotion runs on the stream: see the activities rows)
        reply = env.api.delete(f"{detail}/signup", token=env.token(f"scale-attendee-{next(cancels)}"))
        assert reply.status == 200, reply.body

    answers: Counter[str] = Counter()

    def manager_signups() -> None:
        reply = env.api.get(f"/manage/conferences/{conf}/activities/{big}/signups", token=admin)
        ok = reply.status == 200 and reply.body["stats"]["total_active"] >= size
        answers[str(reply.status) if ok else f"{reply.status} {reply.error_code} ({len(reply.raw):,} bytes)"] += 1

    def people_search() -> None:
        reply = env.api.get(f"/manage/conferences/{conf}/people?q=atten", token=admin)
        assert reply.status == 200 and len(reply.body["people"]) == 20, reply.body

    for name, fn, repeat in (
        ("GET reviewer list, 50 per page + stats", reviewer_list, 10),
        ("GET people search (organiser picker; 20 of every attendee)", people_search, 10),
        ("GET travel-grant (status view)", status_view, 10),
        (f"GET activities (list of {ACTIVITIES})", activity_list, 10),
        ("GET activity detail (signed in)", activity_detail, 10),
        ("GET activity detail (waitlisted: my_signup with its place)", waitlisted_detail, 10),
        ("GET my signups (one waitlisted, with its place)", waitlisted_mine, 10),
        ("POST signup (full -> waitlist)", signup, 10),
        ("DELETE signup (confirmed, cancel)", cancel, 10),
        ("GET manager signup list (all rows)", manager_signups, 3 if size <= 1_000 else 1),
    ):
        req, p50, p99 = measure(fn, repeat)
        note = f"HTTP {dict(answers)}" if fn is manager_signups else ""
        rows.append(Row(SECTION, f"{name} @ {size:,}", req, p50, p99, note))
    return rows


def _application() -> dict[str, Any]:
    return {
        "request_type": "ticket_and_grant", "travel_from": "Lagos", "experience_level": "beginner",
        "occupation": "Engineer", "involvement": "Meetups", "reason": "Learn", "requested_amount": "1000",
        "travel_plans_airfare_description": "Flight", "travel_plans_airfare_amount": "800",
    }
