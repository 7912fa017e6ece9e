"""Concurrency over real HTTP (threaded local server, serialised emulator = DynamoDB's per-request atomicity)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chalicelib.store import grant_list
from chalicelib.store import grants as store
from tests.support.grants import application, path


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}/travel-grants{suffix}"


def test_ten_concurrent_applications_make_one_grant(live_stack, make_conference, make_token):
    slug = make_conference()
    token = make_token("eager")
    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(
            lambda n: live_stack.post(path(slug), application(reason=f"attempt {n}"), token=token), range(10)))
    statuses = sorted(r.status for r in replies)
    assert statuses == [201] + [409] * 9, [r.body for r in replies]
    assert {r.error_code for r in replies if r.status == 409} == {"grant_exists"}
    assert len(grant_list.list_page(slug, None, 200, None).grants) == 1
    stats = store.read_stats(slug)
    assert stats.total == 1 and stats.submitted == 1
    winner = next(r for r in replies if r.status == 201).body
    assert live_stack.get(path(slug), token=token).body["reason"] == winner["reason"]


def test_accept_racing_a_rejection_has_one_outcome(live_stack, make_conference, make_token):
    slug = make_conference()
    applicant = make_token("racer")
    reviewer = make_token("rita", "review_travel_grant")
    grant_id = live_stack.post(path(slug), application(), token=applicant).body["id"]
    r = live_stack.patch(manage(slug, f"/{grant_id}"), {"status": "offered", "approved_amount": "500"}, token=reviewer)
    assert r.status == 200
    calls = [lambda: live_stack.post(path(slug, "/accept"), token=applicant),
             lambda: live_stack.patch(manage(slug, f"/{grant_id}"), {"status": "rejected"}, token=reviewer)]
    with ThreadPoolExecutor(2) as pool:
        accept, reject = [f.result() for f in [pool.submit(c) for c in calls]]
    assert sorted([accept.status, reject.status]) == [200, 409]
    final = live_stack.get(path(slug), token=applicant).body["status"]
    assert final == ("accepted" if accept.status == 200 else "rejected")
    stats = store.read_stats(slug)
    assert stats.total == 1 and stats.count(final) == 1 and stats.offered == 0
    assert stats.total_approved_cents == (50000 if final == "accepted" else 0)
