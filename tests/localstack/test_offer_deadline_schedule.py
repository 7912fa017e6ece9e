"""The offer deadlines' scheduled function, driven by `POST /dev/schedules/run {"now"}` on the
local stack: reminders once, expiry with its message, e-mail and money, idempotent under
replays and concurrent runs, and reading only the offers that are due."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

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


def run_schedules(live_stack: Any, now: str | None = None) -> dict[str, Any]:
    body = {} if now is None else {"now": now}
    answer = requests.post(f"{live_stack.base_url}/dev/schedules/run", json=body, timeout=120)
    assert answer.status_code == 200, answer.text
    return answer.json()


def mailbox(live_stack: Any, address: str) -> list[dict[str, Any]]:
    messages = requests.get(f"{live_stack.base_url}/dev/mailbox", timeout=10).json()["messages"]
    return [m for m in messages if m["to"] == address]


def offered_grant(live_stack, make_conference, make_token, respond_by: str, **conf: Any):
    slug = make_conference(timezone="UTC", grant_budget="5000.00", **conf)
    sub = f"dl-{uuid.uuid4().hex[:8]}"
    address = f"{sub}@example.org"
    applicant = make_token(sub, email=address)
    reviewer = make_token("rita", "review_travel_grant")
    grant_id = live_stack.post(path(slug), application(), token=applicant).body["id"]
    r = live_stack.patch(manage(slug, f"/{grant_id}"), {"status": "offered", "approved_amount": "700",
                                                        "respond_by": respond_by}, token=reviewer)
    assert r.status == 200, r.body
    return slug, grant_id, applicant, reviewer, address


def test_every_schedule_runs_and_answers_what_it_did(live_stack):
    result = run_schedules(live_stack, "2026-01-01T00:00:00Z")
    assert result["now"] == "2026-01-01T00:00:00Z"
    assert "offer_deadlines" in result["schedules"] and "pretalx_sync" in result["schedules"]
    assert result["schedules"]["offer_deadlines"]["now"].startswith("2026-01-01T00:00:00")
    bad = requests.post(f"{live_stack.base_url}/dev/schedules/run", json={"now": "yesterday"}, timeout=30)
    assert bad.status_code == 422 and "now" in bad.json()["error"]["fields"]


def test_a_reminder_once_then_expiry_with_message_mail_and_money(live_stack, make_conference, make_token):
    slug, grant_id, applicant, reviewer, address = offered_grant(
        live_stack, make_conference, make_token, "2098-03-10", offer_reminder_days=3)
    assert run_schedules(live_stack, "2098-03-06T12:00:00Z")["schedules"]["offer_deadlines"]["reminded"] == 0
    # three days before the end of March 10 (UTC): from 2098-03-07T23:59:59
    first = run_schedules(live_stack, "2098-03-08T09:00:00Z")["schedules"]["offer_deadlines"]
    assert first["reminded"] >= 1
    again = run_schedules(live_stack, "2098-03-08T10:00:00Z")["schedules"]["offer_deadlines"]
    assert again["reminded"] == 0
    reminders = wait_until(lambda: [m for m in mailbox(live_stack, address) if "Reminder" in m["subject"]], 30)
    assert len(reminders) == 1 and "March 10, 2098" in reminders[0]["text"]
    assert store.get_grant_item(slug, grant_id).status == "offered"

    expired = run_schedules(live_stack, "2098-03-11T00:00:01Z")["schedules"]["offer_deadlines"]
    assert expired["expired"] >= 1
    mine = live_stack.get(path(slug), token=applicant).body
    assert mine["status"] == "expired" and mine["actions"]["accept"] is False
    assert "This offer expired" in mine["messages"][-1]["message"]
    listed = live_stack.get(manage(slug), token=reviewer).body
    assert listed["stats"]["expired"] == 1 and listed["stats"]["offered"] == 0
    assert listed["budget"]["committed"] == "0.00"
    assert [m for m in mailbox(live_stack, address) if "expired" in m["subject"]]
    r = live_stack.post(path(slug, "/accept"), token=applicant)
    assert r.status == 409 and r.error_code == "offer_expired"
    audit = live_stack.get(manage(slug, f"/{grant_id}"), token=reviewer).body["audit"]
    assert [a["action"] for a in audit][-2:] == ["remind", "expire"]


def test_replayed_and_concurrent_runs_expire_each_offer_once(live_stack, make_conference, make_token):
    slug, _, applicant, _, _ = offered_grant(live_stack, make_conference, make_token, "2097-05-01")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: run_schedules(live_stack, "2097-05-02T00:00:00Z"), range(4)))
    expired = sum(r["schedules"]["offer_deadlines"]["expired"] for r in results)
    assert expired >= 1
    assert run_schedules(live_stack, "2097-05-02T00:00:00Z")["schedules"]["offer_deadlines"]["due"] == 0
    stats = store.read_stats(slug)
    assert stats.expired == 1 and stats.offered == 0 and stats.total_approved_cents == 0
    messages = live_stack.get(path(slug), token=applicant).body["messages"]
    assert sum("This offer expired" in m["message"] for m in messages) == 1


def test_a_run_reads_only_the_due_offers(live_stack, make_conference, make_token):
    """Offers not yet due are not read: a run at a `now` before every deadline (and reminder) of
    offers made from today on finds none of them."""
    slug, grant_id, *_ = offered_grant(live_stack, make_conference, make_token, "2096-01-20")
    early = run_schedules(live_stack, "2026-01-01T00:00:00Z")["schedules"]["offer_deadlines"]
    assert early["due"] == 0
    assert store.get_grant_item(slug, grant_id).status == "offered"
