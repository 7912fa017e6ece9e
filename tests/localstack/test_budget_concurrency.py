"""The budget holds under concurrency: 50 offers racing for money that fits 10 (real HTTP,
threaded server, serialised emulator = DynamoDB's per-request atomicity)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.store import grants as store
from tests.support.grants import application, path


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}/travel-grants{suffix}"


@pytest.mark.parametrize(("overcommit", "fits"), [(0, 10), (20, 12)])
def test_fifty_concurrent_offers_against_a_budget_that_fits_ten(live_stack, make_conference, make_token,
                                                                 overcommit, fits):
    slug = make_conference(grant_budget="1000.00", overcommit_percent=overcommit)
    reviewer = make_token("rita", "review_travel_grant")
    grant_ids = [live_stack.post(path(slug), application(requested_amount="100"), token=make_token(f"b{n}")).body["id"]
                 for n in range(50)]
    with ThreadPoolExecutor(16) as pool:
        replies = list(pool.map(lambda gid: live_stack.patch(
            manage(slug, f"/{gid}"), {"status": "offered", "approved_amount": "100"}, token=reviewer), grant_ids))
    ok = [r for r in replies if r.status == 200]
    refused = [r for r in replies if r.status != 200]
    assert len(ok) == fits, [r.body for r in refused][:3]
    assert {r.status for r in refused} == {409} and {r.error_code for r in refused} == {"over_budget"}
    stats = store.read_stats(slug)
    assert stats.total_approved_cents == fits * 10000 <= 100000 * (100 + overcommit) // 100
    assert stats.offered == fits and stats.submitted == 50 - fits
    budget = live_stack.get(manage(slug), token=reviewer).body["budget"]
    assert budget["committed"] == f"{fits * 100}.00"
    assert budget["limit"] == f"{1000 * (100 + overcommit) // 100}.00"
