"""The proposed allocation through the API: candidates, budget, floors, reasons; it writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.request_count import dynamodb_requests
from tests.support.scoring import apply, manage, score

REVIEW = "review_travel_grant"
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


@pytest.fixture
def committee(api: Any, make_conference: Any, make_token: Any) -> dict[str, Any]:
    """A conference with a 3,000.00 budget and four scored applications."""
    slug = make_conference(grant_budget="3000.00")
    rita, ravi = make_token("rita", REVIEW), make_token("ravi", REVIEW)
    grants = {}
    for name, amount, scores, extra in (
            ("ann", "1000.00", (5, 5), {"first_time": False, "international": False}),
            ("ben", "1500.00", (4, 5), {"first_time": False}),
            ("cy", "900.00", (3, 4), {"first_time": True}),
            ("dee", "1200.00", (2, 3), {"first_time": True, "application_type": "community"}),
            ("eve", "0", (1, 2), {"request_type": "ticket_only"})):
        grant_id = apply(api, slug, make_token(name), requested_amount=amount, **extra)
        for token, value in zip((rita, ravi), scores, strict=True):
            assert score(api, slug, grant_id, token, value).status == 200
        grants[name] = grant_id
    return {"slug": slug, "grants": grants, "token": rita}


def propose(api: Any, committee: dict[str, Any], body: dict[str, Any] | None = None, token: str | None = None) -> Any:
    return api.post(manage(committee["slug"], "/allocation"), body or {}, token=token or committee["token"])


def test_proposes_the_best_allocation_within_what_remains_and_writes_nothing(api, committee):
    with dynamodb_requests() as counts:
        reply = propose(api, committee)
    assert reply.status == 200, reply.body
    assert not WRITES & set(counts), counts
    body = reply.body
    ids = committee["grants"]
    assert [row["grant_id"] for row in body["proposal"]] == [ids[n] for n in ("ann", "ben", "cy", "dee", "eve")]
    funded = {row["grant_id"] for row in body["proposal"] if row["funded"]}
    assert funded == {ids["ann"], ids["ben"], ids["eve"]}  # 2,500.00 of 3,000.00; cy (900) does not fit
    assert (body["budget"], body["funded_total"], body["optimal"]) == ("3000.00", "2500.00", True)
    assert body["funded_line"] == "4.50" and body["funded_count"] == 3
    rows = {row["grant_id"]: row for row in body["proposal"]}
    assert rows[ids["eve"]]["amount"] == "0.00" and rows[ids["eve"]]["reason"] is None
    assert rows[ids["cy"]]["reason"] == ("score 3.50 is below the funded line of 4.50, and it does not fit: "
                                         "$900.00 needed, $500.00 left")
    assert rows[ids["ann"]]["scores"] == {"count": 2, "mean": "5.00", "calibrated": rows[ids["ann"]]["scores"][
        "calibrated"]}
    ranking = api.get(manage(committee["slug"], "/ranking"), token=committee["token"]).body["ranking"]
    assert [r["status"] for r in ranking] == ["submitted"] * 5  # nothing was offered


def test_decline_rate_and_floors_change_the_proposal(api, committee):
    ids = committee["grants"]
    stretched = propose(api, committee, {"expected_decline_rate": 0.25}).body
    assert stretched["capacity"] == "4000.00"
    assert {r["grant_id"] for r in stretched["proposal"] if r["funded"]} == {ids[n] for n in ("ann", "ben", "cy",
                                                                                              "eve")}
    floored = propose(api, committee, {"floors": [{"field": "first_time", "equals": True, "min_share": 0.5}]}).body
    funded = {r["grant_id"] for r in floored["proposal"] if r["funded"]}
    # ann + cy (1,900.00) gives first-timers 47%: below the floor; ann + dee (2,200.00) gives them 55%
    assert funded == {ids["ann"], ids["dee"], ids["eve"]}
    assert float(floored["floors"][0]["funded_share"]) >= 0.5 and floored["optimal"] is True
    reasons = {r["grant_id"]: r["reason"] for r in floored["proposal"]}
    assert reasons[ids["ben"]] == "kept out to meet the first-time floor ($1,500.00 needed, $800.00 left)"
    assert reasons[ids["cy"]] == ("does not fit: $900.00 needed, $800.00 left; dropping lower-scored grants to make "
                                  "room would leave the first-time floor unmet")


def test_budget_statuses_and_min_scores(api, committee, make_token):
    ids = committee["grants"]
    admin = make_token("boss", REVIEW)
    assert api.patch(manage(committee["slug"], f"/{ids['ann']}"), {"status": "offered", "approved_amount": "1000.00"},
                     token=admin).status == 200
    body = propose(api, committee).body
    assert body["budget"] == "2000.00"  # what remains after the offer
    assert ids["ann"] not in {r["grant_id"] for r in body["proposal"]}  # offered: not a candidate
    given = propose(api, committee, {"budget": "900", "statuses": ["submitted", "offered"], "min_scores": 2}).body
    assert given["budget"] == "900.00" and ids["ann"] in {r["grant_id"] for r in given["proposal"]}
    assert propose(api, committee, {"min_scores": 3}).body["proposal"] == []


def test_refusals_in_words(api, committee, make_conference, make_token):
    for bad, field in (({"expected_decline_rate": 0.95}, "expected_decline_rate"), ({"budget": "-1"}, "budget"),
                       ({"floors": [{"field": "first_time", "equals": True, "min_share": 1.5}]}, "floors.0.min_share"),
                       ({"statuses": ["nope"]}, "statuses.0"), ({"min_scores": 0}, "min_scores")):
        reply = propose(api, committee, bad)
        assert reply.status == 422 and any(k.startswith(field) for k in reply.body["error"]["fields"]), (bad, reply.body)
    wrong_type = propose(api, committee, {"floors": [{"field": "application_type", "equals": True, "min_share": 0.2}]})
    assert wrong_type.status == 422 and "floors[0].equals" in wrong_type.body["error"]["fields"]
    both = propose(api, committee, {"floors": [{"field": "first_time", "equals": True, "min_share": 0.7},
                                               {"field": "first_time", "equals": False, "min_share": 0.7}]})
    assert both.status == 422
    assert "140% of the funded money" in both.body["error"]["fields"]["floors"][0]
    nobody = propose(api, committee, {"floors": [{"field": "application_type", "equals": "psf_board",
                                                  "min_share": 0.1}]})
    assert nobody.status == 422 and "psf board floor" in nobody.body["error"]["fields"]["floors[0]"][0]
    viewer = make_token("vic", "view_travel_grant")
    assert propose(api, committee, token=viewer).status == 403
    no_budget = make_conference(grant_budget=None)
    reply = api.post(manage(no_budget, "/allocation"), {}, token=committee["token"])
    assert reply.status == 422 and "budget" in reply.body["error"]["fields"]
    assert api.post(manage(no_budget, "/allocation"), {"budget": 100}, token=committee["token"]).body == {
        "proposal": [], "funded_total": "0.00", "budget": "100.00", "capacity": "100.00", "funded_count": 0,
        "funded_line": None, "floors": [], "optimal": True}
