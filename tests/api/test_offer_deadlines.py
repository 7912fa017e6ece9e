"""Offer deadlines (domain.deadlines): `respond_by` on every offer, and answers after it
refused with 409 offer_expired by the answer's own write."""

from __future__ import annotations

import pytest

from chalicelib.services import grants as applicant_service
from chalicelib.store import grants as store
from tests.support.grants import apply, manage, path, review


def offer(api, slug, grant, reviewer, **extra):
    r = review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "500", **extra})
    assert r.status == 200, r.body
    return r.body


def test_an_offer_gets_the_end_of_the_day_in_the_conference_timezone(api, make_conference, make_token):
    slug = make_conference(timezone="America/New_York", offer_response_days=7)
    reviewer, applicant = make_token("rita", "review_travel_grant"), make_token("a1")
    grant = apply(api, slug, applicant)
    body = offer(api, slug, grant, reviewer, respond_by="2099-06-15")
    # 23:59:59 in New York (EDT, UTC-4) is 03:59:59 the next day in UTC
    assert body["respond_by"] == "2099-06-16T03:59:59Z"
    mine = api.get(path(slug), token=applicant).body
    assert mine["respond_by"] == "2099-06-16T03:59:59Z"
    assert "Please respond by June 15, 2099." in mine["messages"][-1]["message"]


def test_the_default_deadline_counts_offer_response_days(api, make_conference, make_token):
    slug = make_conference(offer_response_days=10, timezone="UTC")
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    body = offer(api, slug, grant, reviewer)
    item = store.get_grant_item(slug, grant)
    assert item.respond_by and item.respond_by.endswith("T23:59:59.999999Z")
    assert body["respond_by"] == item.respond_by[:19] + "Z"


def test_no_deadline_when_the_setting_is_null(api, make_conference, make_token):
    slug = make_conference(offer_response_days=None)
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    assert offer(api, slug, grant, reviewer)["respond_by"] is None


def test_respond_by_in_the_past_or_without_an_offer_is_422(api, make_conference, make_token):
    slug = make_conference(timezone="UTC")
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    r = review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "5", "respond_by": "2001-01-01"})
    assert r.status == 422 and "respond_by" in r.body["error"]["fields"]
    r = review(api, slug, grant, reviewer, {"status": "rejected", "respond_by": "2099-01-01"})
    assert r.status == 422 and "respond_by" in r.body["error"]["fields"]


@pytest.mark.parametrize("action", ["accept", "decline", "request-more"])
def test_answers_after_the_deadline_are_offer_expired(api, make_conference, make_token, monkeypatch, action):
    slug = make_conference(timezone="UTC")
    reviewer, applicant = make_token("rita", "review_travel_grant"), make_token(f"late-{action}")
    grant = apply(api, slug, applicant)
    offer(api, slug, grant, reviewer, respond_by="2099-06-15")
    monkeypatch.setattr(applicant_service, "now_iso", lambda: "2099-06-16T00:00:00.000000Z")
    body = {"message": "more please"} if action == "request-more" else None
    r = api.post(path(slug, f"/{action}"), body, token=applicant)
    assert r.status == 409 and r.error_code == "offer_expired", r.body
    assert "June 15, 2099" in r.body["error"]["message"]
    assert store.get_grant_item(slug, grant).status == "offered"
    monkeypatch.setattr(applicant_service, "now_iso", lambda: "2099-06-15T23:59:59.000000Z")
    assert api.post(path(slug, f"/{action}"), body, token=applicant).status == 200


def test_the_write_itself_refuses_an_answer_past_the_deadline(make_conference, api, make_token):
    """The condition, not the read: the store refuses an accept judged at a later time."""
    slug = make_conference(timezone="UTC")
    reviewer, applicant = make_token("rita", "review_travel_grant"), make_token("a1")
    grant = apply(api, slug, applicant)
    offer(api, slug, grant, reviewer, respond_by="2099-06-15")
    from chalicelib.domain import deadlines

    item = store.get_grant_item(slug, grant)
    with pytest.raises(store.WriteRefused):
        store.update(slug, grant, expected_status="offered", expected_version=item.version,
                     changes={"status": "accepted"}, deltas={"offered": -1, "accepted": 1}, actor_sub="x",
                     audit_action="accept", audit_details={},
                     condition=deadlines.offer_open_condition(store.GrantItem.respond_by, "2099-06-16T00:00:00Z"))


def test_a_re_offer_after_expiry_gets_a_new_deadline(api, make_conference, make_token):
    slug = make_conference(timezone="UTC")
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    offer(api, slug, grant, reviewer, respond_by="2099-06-15")
    # expire it as the scheduler does (its own tests cover the run)
    item = store.get_grant_item(slug, grant)
    store.update(slug, grant, expected_status="offered", expected_version=item.version, changes={"status": "expired"},
                 deltas={"offered": -1, "expired": 1, "total_approved_cents": -50000}, actor_sub="scheduler",
                 audit_action="expire", audit_details={})
    body = offer(api, slug, grant, reviewer, respond_by="2099-07-01")
    assert body["status"] == "offered" and body["respond_by"].startswith("2099-07-01T23:59:59")
    assert api.get(manage(slug), token=reviewer).body["stats"]["expired"] == 0
