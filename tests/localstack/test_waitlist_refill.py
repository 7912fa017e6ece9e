"""`auto_offer_waitlist`: freed money goes to the waitlist (stream-driven), in ranking order,
each grant offered once, the budget never exceeded, under racing declines and expiries and a
replayed stream batch."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from chalicelib.events import waitlist
from chalicelib.events.stream import StreamRecord
from chalicelib.store import grants as store
from tests.support.clients import wait_until
from tests.support.grants import application, path
from tests.support.pretalx import isolate_from_scheduled_sync


@pytest.fixture(autouse=True)
def _no_pretalx_sync_of_other_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """`/dev/schedules/run` runs every schedule: keep the Pretalx sync off other tests' fake servers."""
    isolate_from_scheduled_sync(monkeypatch)


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}/travel-grants{suffix}"


def applicant(live_stack, slug, make_token, amount: str) -> tuple[str, str]:
    token = make_token(f"w-{uuid.uuid4().hex[:10]}")
    r = live_stack.post(path(slug), application(requested_amount=amount), token=token)
    assert r.status == 201, r.body
    return r.body["id"], token


def decide(live_stack, slug, grant_id, reviewer, body) -> None:
    r = live_stack.patch(manage(slug, f"/{grant_id}"), body, token=reviewer)
    assert r.status == 200, r.body


def statuses(slug: str, ids: list[str]) -> list[str]:
    return [store.get_grant_item(slug, g).status for g in ids]


def test_a_decline_offers_the_waitlist_in_order_while_it_fits(live_stack, make_conference, make_token):
    slug = make_conference(timezone="UTC", grant_budget="1000.00", auto_offer_waitlist=True)
    # Turning the setting on is itself a refill round: let it pass before anyone is waitlisted.
    live_stack.pump.wait_until_idle(30)
    reviewer = make_token("rita", "review_travel_grant")
    first, first_token = applicant(live_stack, slug, make_token, "600")
    decide(live_stack, slug, first, reviewer, {"status": "offered", "approved_amount": "600"})
    waiting = [applicant(live_stack, slug, make_token, amount)[0] for amount in ("300", "300", "500", "100")]
    for grant_id in waiting:
        decide(live_stack, slug, grant_id, reviewer, {"status": "waitlisted"})
    # 400 is free, but the first in line needs 300 and the second 300: only the first fits
    assert statuses(slug, waiting) == ["waitlisted"] * 4
    assert live_stack.post(path(slug, "/decline"), token=first_token).status == 200
    wait_until(lambda: statuses(slug, waiting)[:2] == ["offered", "offered"], timeout=30)
    live_stack.pump.wait_until_idle(30)
    # 300 + 300 fit in 1000; the third (500) does not, so the round stops: the fourth keeps its place
    assert statuses(slug, waiting) == ["offered", "offered", "waitlisted", "waitlisted"]
    offered = store.get_grant_item(slug, waiting[0])
    assert offered.approved_cents == 30000 and offered.respond_by
    assert store.read_stats(slug).total_approved_cents == 60000


def test_racing_declines_expiries_and_a_replayed_batch_never_exceed_the_budget(live_stack, make_conference,
                                                                               make_token):
    # Automatic offers get no deadline here: the far-future expiry run races the declines that make them,
    # and an offer it happened to see after the stream had made it would be (rightly) expired.
    slug = make_conference(timezone="UTC", grant_budget="1000.00", auto_offer_waitlist=True,
                           offer_response_days=None)
    reviewer = make_token("rita", "review_travel_grant")
    holders = [applicant(live_stack, slug, make_token, "200") for _ in range(5)]
    for n, (grant_id, _) in enumerate(holders):
        # two offers expire on a past-due run below; three are declined
        body: dict[str, Any] = {"status": "offered", "approved_amount": "200"}
        if n < 2:
            body["respond_by"] = "2093-02-01"
        decide(live_stack, slug, grant_id, reviewer, body)
    waiting = [applicant(live_stack, slug, make_token, "150")[0] for _ in range(8)]
    for grant_id in waiting:
        decide(live_stack, slug, grant_id, reviewer, {"status": "waitlisted"})
    assert store.read_stats(slug).total_approved_cents == 100000

    def expire() -> int:
        answer = requests.post(f"{live_stack.base_url}/dev/schedules/run", json={"now": "2093-02-02T00:00:00Z"},
                               timeout=120)
        return answer.status_code

    calls = [lambda t=token: live_stack.post(path(slug, "/decline"), token=t).status for _, token in holders[2:]]
    calls.append(expire)
    with ThreadPoolExecutor(len(calls)) as pool:
        results = [f.result() for f in [pool.submit(c) for c in calls]]
    assert results == [200] * len(calls)
    live_stack.pump.wait_until_idle(30)
    live_stack.pump.wait_until_idle(30)
    # a replayed stream record (a decline delivered again) changes nothing more
    old = {"entity": "grant", "status": "offered", "approved_cents": 20000, "conference_slug": slug}
    replay = StreamRecord("MODIFY", "replayed", {}, old, {**old, "status": "declined"})
    for _ in range(2):
        waitlist.refill_waitlist(replay)
    stats = store.read_stats(slug)
    assert stats.total_approved_cents <= 100000
    # 1000 freed: six of the 150 requests fit (900), the seventh would pass the budget
    assert statuses(slug, waiting) == ["offered"] * 6 + ["waitlisted"] * 2
    assert stats.total_approved_cents == 90000 and stats.offered == 6 and stats.expired == 2
    for grant_id in waiting[:6]:
        audit = live_stack.get(manage(slug, f"/{grant_id}"), token=reviewer).body["audit"]
        assert [a["action"] for a in audit].count("auto_offer") == 1


def test_nothing_is_offered_when_the_setting_is_off(live_stack, make_conference, make_token):
    slug = make_conference(timezone="UTC", grant_budget="1000.00")
    reviewer = make_token("rita", "review_travel_grant")
    first, token = applicant(live_stack, slug, make_token, "600")
    decide(live_stack, slug, first, reviewer, {"status": "offered", "approved_amount": "600"})
    waiting, _ = applicant(live_stack, slug, make_token, "100")
    decide(live_stack, slug, waiting, reviewer, {"status": "waitlisted"})
    assert live_stack.post(path(slug, "/decline"), token=token).status == 200
    live_stack.pump.wait_until_idle(30)
    live_stack.pump.wait_until_idle(30)
    assert statuses(slug, [waiting]) == ["waitlisted"]
