"""Travel grant figures: DynamoDB requests for apply, status view, reviewer list + stats, review.

The reviewer list is measured at 100 and at 5,000 grants. Its first page is ONE Query on
GSI1: the stats item sits in the grant list after every grant, so a newest-first page
brings it first, and the conference's budget comes from the container's short-lived copy.
Page 2 (and `?status=`) is one Query plus one GetItem of the stats item. So its request
count and latency should not grow with the conference. Grants are seeded
with a batch writer straight through the store (with matching stats counters) to keep
the bench quick.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from .harness import BenchEnv, Row, measure_detailed, seed_submitted_grants

SECTION = "grants"
#: Why latency still grows on the emulator although the request count does not.
EMULATOR_NOTE = ("latency growth is moto's: its Query walks every item of the table and serialises "
                 "responses attribute by attribute; the request count is what DynamoDB would see")
APPLICATION = {
    "request_type": "ticket_and_grant", "travel_from": "Lagos", "experience_level": "beginner",
    "occupation": "Engineer", "involvement": "Meetups", "reason": "Learn", "requested_amount": "1000",
    "travel_plans_airfare_description": "Flight", "travel_plans_airfare_amount": "800",
}


def _measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float, str]:
    """(requests per call, p50, p99, per-operation breakdown per call)."""
    requests, p50, p99, by_operation = measure_detailed(fn, repeat)
    breakdown = ", ".join(f"{op} {n / repeat:g}" for op, n in sorted(by_operation.items()))
    return requests, p50, p99, breakdown


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-grants-admin", "manage_conference")
    reviewer = env.token("bench-reviewer", "review_travel_grant")
    rows: list[Row] = []
    users = itertools.count()

    def conference(slug: str) -> str:
        body = {"name": "Bench Grants", "start_date": "2026-05-13", "end_date": "2026-05-19",
                "grant_budget": "250000"}
        assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status in (200, 201)
        return slug

    for size in (100, 5000):
        slug = conference(f"bench-grants-{size}")
        started = time.perf_counter()
        seed_submitted_grants(slug, size, "seed")
        seed_s = time.perf_counter() - started
        note = f"{size} grants (seeded in {seed_s:.1f} s)"

        def apply(slug: str = slug) -> None:
            token = env.token(f"bench-applicant-{next(users)}")
            assert env.api.post(f"/conferences/{slug}/travel-grant", APPLICATION, token=token).status == 201

        req, p50, p99, ops = _measure(apply, 20)
        rows.append(Row(SECTION, f"POST travel-grant (apply) @ {size}", req, p50, p99, f"{note}; {ops}"))

        me = env.token("bench-applicant-status")
        env.api.post(f"/conferences/{slug}/travel-grant", APPLICATION, token=me)
        req, p50, p99, ops = _measure(lambda slug=slug, me=me: env.api.get(f"/conferences/{slug}/travel-grant",
                                                                            token=me), 20)
        rows.append(Row(SECTION, f"GET travel-grant (status view) @ {size}", req, p50, p99, ops))

        listing = f"/manage/conferences/{slug}/travel-grants?limit=50"

        def list_page(listing: str = listing) -> None:
            reply = env.api.get(listing, token=reviewer)
            assert reply.status == 200 and len(reply.body["grants"]) == 50
            assert reply.body["stats"]["total"] >= 100

        req, p50, p99, ops = _measure(list_page, 20)
        ops = f"grants and stats item in one Query ({ops})"
        rows.append(Row(SECTION, f"GET reviewer list, 50 per page + stats @ {size}", req, p50, p99,
                        f"{ops}; {EMULATOR_NOTE}" if size > 100 else ops))

        second = env.api.get(listing, token=reviewer).body["next_token"]
        req, p50, p99, ops = _measure(
            lambda listing=listing, second=second: env.api.get(f"{listing}&next_token={second}", token=reviewer), 10)
        rows.append(Row(SECTION, f"GET reviewer list, page 2 @ {size}", req, p50, p99,
                        f"a page of grants, then the stats item by key ({ops})"))

        grant_id = env.api.get(f"/conferences/{slug}/travel-grant", token=me).body["id"]
        notes = itertools.count()
        patch_path = f"/manage/conferences/{slug}/travel-grants/{grant_id}"

        def review(patch_path: str = patch_path, notes: Any = notes) -> None:
            reply = env.api.patch(patch_path, {"reviewer_notes": f"note {next(notes)}"}, token=reviewer)
            assert reply.status == 200

        req, p50, p99, ops = _measure(review, 20)
        rows.append(Row(SECTION, f"PATCH review (notes) @ {size}", req, p50, p99, ops))

        req, p50, p99, ops = _measure(
            lambda patch_path=patch_path: env.api.get(patch_path, token=reviewer), 20)
        rows.append(Row(SECTION, f"GET reviewer detail @ {size}", req, p50, p99, ops))
    return rows
