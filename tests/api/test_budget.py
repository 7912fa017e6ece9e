"""The budget holds (domain.budget): an offer or a larger amount past the limit is 409
over_budget; money that leaves committed can be offered again."""

from __future__ import annotations

from tests.support.grants import apply, manage, path, review


def test_an_offer_past_the_budget_is_refused_and_changes_nothing(api, make_conference, make_token):
    slug = make_conference(grant_budget="1000.00")
    reviewer = make_token("rita", "review_travel_grant")
    first = apply(api, slug, make_token("a1"))
    second = apply(api, slug, make_token("a2"))
    assert review(api, slug, first, reviewer, {"status": "offered", "approved_amount": "700"}).status == 200
    r = review(api, slug, second, reviewer, {"status": "offered", "approved_amount": "301"})
    assert r.status == 409 and r.error_code == "over_budget", r.body
    assert "301.00 needed, 300.00 left" in r.body["error"]["message"]
    detail = api.get(manage(slug, f"/{second}"), token=reviewer).body
    assert detail["status"] == "submitted" and detail["approved_amount"] is None
    assert review(api, slug, second, reviewer, {"status": "offered", "approved_amount": "300"}).status == 200
    assert api.get(manage(slug), token=reviewer).body["budget"]["remaining"] == "0.00"


def test_an_amount_increase_is_guarded_and_a_decrease_is_not(api, make_conference, make_token):
    slug = make_conference(grant_budget="1000.00")
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    assert review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "900"}).status == 200
    r = review(api, slug, grant, reviewer, {"approved_amount": "1000.01"})
    assert r.status == 409 and r.error_code == "over_budget"
    assert review(api, slug, grant, reviewer, {"approved_amount": "1000"}).status == 200
    assert review(api, slug, grant, reviewer, {"approved_amount": "10"}).status == 200


def test_overcommit_percent_raises_the_limit(api, make_conference, make_token, admin_token):
    slug = make_conference(grant_budget="1000.00", overcommit_percent=10)
    reviewer = make_token("rita", "review_travel_grant")
    conf = api.get(f"/manage/conferences/{slug}", token=admin_token).body
    assert conf["overcommit_percent"] == 10
    grant = apply(api, slug, make_token("a1"))
    assert review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "1100.01"}).status == 409
    assert review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "1100"}).status == 200
    body = api.get(manage(slug), token=reviewer).body
    assert body["budget"]["limit"] == "1100.00" and body["budget"]["remaining"] == "-100.00"


def test_a_changed_budget_is_seen_by_the_next_offer(api, make_conference, make_token, admin_token):
    """The limit comes from the conference the request read; the write checks it is still the
    stored one, so a stale copy cannot let an offer through against an old budget."""
    slug = make_conference(grant_budget="1000.00")
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    r = api.patch(f"/manage/conferences/{slug}", {"grant_budget": "100.00"}, token=admin_token)
    assert r.status == 200, r.body
    r = review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "200"})
    assert r.status == 409 and r.error_code == "over_budget"


def test_no_budget_no_limit(api, make_conference, make_token):
    slug = make_conference()
    reviewer = make_token("rita", "review_travel_grant")
    grant = apply(api, slug, make_token("a1"))
    assert review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "3000"}).status == 200


def test_bad_overcommit_percent_is_422(api, make_conference, admin_token):
    slug = make_conference()
    for bad in (-1, 101, "5", 2.5):
        r = api.patch(f"/manage/conferences/{slug}", {"overcommit_percent": bad}, token=admin_token)
        assert r.status == 422 and "overcommit_percent" in r.body["error"]["fields"], (bad, r.body)


def test_withdrawing_an_accepted_grant_frees_its_money(api, make_conference, make_token):
    slug = make_conference(grant_budget="1000.00")
    reviewer, applicant = make_token("rita", "review_travel_grant"), make_token("a1")
    grant = apply(api, slug, applicant)
    review(api, slug, grant, reviewer, {"status": "offered", "approved_amount": "800"})
    assert api.post(path(slug, "/accept"), token=applicant).status == 200
    r = api.post(path(slug, "/withdraw"), token=applicant)
    assert r.status == 200 and r.body["status"] == "withdrawn", r.body
    assert r.body["messages"][-1]["message"].startswith("You told us you can no longer attend")
    body = api.get(manage(slug), token=reviewer).body
    assert body["budget"]["committed"] == "0.00" and body["stats"]["withdrawn"] == 1
