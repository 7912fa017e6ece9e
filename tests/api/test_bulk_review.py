"""Bulk review: each item is the reviewer PATCH on its own (rules, version, audit, message);
one item's failure changes no other; at most two DynamoDB requests per item."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.grants import apply, manage
from tests.support.request_count import dynamodb_requests

REVIEW = "review_travel_grant"


@pytest.fixture
def reviewer(make_token: Any) -> str:
    return make_token("rita", REVIEW, name="Rita Reviewer")


def bulk(api: Any, slug: str, token: str, reviews: list[dict[str, Any]], **extra: Any) -> Any:
    return api.post(manage(slug, "/bulk-review"), {"reviews": reviews, **extra}, token=token)


def test_each_item_is_the_single_patch_and_fails_alone(api, conference, make_token, reviewer):
    grants = [apply(api, conference, make_token(f"app{i}")) for i in range(5)]
    own = apply(api, conference, make_token("rita", REVIEW))
    detail = api.get(manage(conference, f"/{grants[1]}"), token=reviewer).body
    reply = bulk(api, conference, reviewer, [
        {"grant_id": grants[0], "status": "offered", "approved_amount": "1000.00", "message": "Welcome!"},
        {"grant_id": grants[1], "status": "offered", "approved_amount": "900.00", "version": detail["version"] + 1},
        {"grant_id": grants[2], "status": "accepted"},
        {"grant_id": own, "status": "offered", "approved_amount": "500.00"},
        {"grant_id": "a" * 24, "status": "rejected"},
        {"grant_id": grants[3], "status": "info_needed"},
        {"grant_id": grants[4], "status": "offered", "approved_amount": "999999.00"},
        {"grant_id": grants[1], "status": "rejected", "version": detail["version"]},
    ])
    assert reply.status == 200, reply.body
    results = reply.body["results"]
    assert [(r["grant_id"], r["status"]) for r in results] == [
        (grants[0], 200), (grants[1], 412), (grants[2], 409), (own, 403), ("a" * 24, 404), (grants[3], 422),
        (grants[4], 422), (grants[1], 200)]
    assert results[0]["grant"]["status"] == "offered" and results[0]["grant"]["approved_amount"] == "1000.00"
    assert "error" not in results[0] or results[0]["error"] is None
    assert results[1]["error"]["code"] == "version_conflict"
    assert results[2]["error"]["code"] == "invalid_transition"
    assert results[3]["error"]["code"] == "forbidden"
    assert "message" in results[5]["error"]["fields"] and "approved_amount" in results[6]["error"]["fields"]
    offered = api.get(manage(conference, f"/{grants[0]}"), token=reviewer).body
    assert [a["action"] for a in offered["audit"]].count("review") == 1
    assert any(m["message"] == "Welcome!" and m["visible"] for m in offered["messages"])
    assert api.get(manage(conference, f"/{grants[3]}"), token=reviewer).body["status"] == "submitted"
    assert api.get(manage(conference, f"/{grants[4]}"), token=reviewer).body["status"] == "submitted"
    stats = api.get(manage(conference), token=reviewer).body["stats"]
    assert (stats["offered"], stats["rejected"], stats["submitted"]) == (1, 1, 4)


def test_at_most_two_dynamodb_requests_per_item(api, conference, make_token, reviewer):
    grants = [apply(api, conference, make_token(f"req{i}")) for i in range(10)]
    api.get(manage(conference), token=reviewer)  # the conference is in this container's cache
    with dynamodb_requests() as counts:
        reply = bulk(api, conference, reviewer, [{"grant_id": g, "status": "offered", "approved_amount": "700"}
                                                 for g in grants])
    assert [r["status"] for r in reply.body["results"]] == [200] * 10
    assert sum(counts.values()) <= 2 * len(grants), counts


def test_request_shape_and_respond_by(api, conference, make_token, reviewer):
    grant_id = apply(api, conference, make_token("ann"))
    too_many = bulk(api, conference, reviewer, [{"grant_id": grant_id, "status": "rejected"}] * 101)
    assert too_many.status == 422 and "reviews" in too_many.body["error"]["fields"]
    assert bulk(api, conference, reviewer, []).status == 422
    assert bulk(api, conference, reviewer, [{"status": "rejected"}]).status == 422
    past = bulk(api, conference, reviewer, [{"grant_id": grant_id, "status": "rejected"}], respond_by="2020-01-01")
    assert past.status == 422 and "respond_by" in past.body["error"]["fields"]
    bad = bulk(api, conference, reviewer, [{"grant_id": grant_id, "status": "rejected"}], respond_by="soon")
    assert bad.status == 422 and "respond_by" in bad.body["error"]["fields"]
    assert bulk(api, conference, make_token("vic", "view_travel_grant"),
                [{"grant_id": grant_id, "status": "rejected"}]).status == 403
    ok = bulk(api, conference, reviewer, [{"grant_id": grant_id, "status": "offered", "approved_amount": "800"}],
              respond_by="2099-12-31")
    assert ok.status == 200 and ok.body["results"][0]["status"] == 200


def test_a_bulk_offer_writes_what_the_stream_e_mails(api, conference, make_token, reviewer, emulator_url):
    """The item's write is the single PATCH's: the stream sends the offer e-mail from it, once."""
    from chalicelib.events import stream
    from tests.support.notifications import modify_record, raw_item, redirect, sent_to

    grant_id = apply(api, conference, make_token("mailme", name="Grace Hopper"))
    reply = bulk(api, conference, reviewer, [{"grant_id": grant_id, "status": "offered", "approved_amount": "1234.50"}])
    assert reply.body["results"][0]["status"] == 200
    email, new = redirect(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"))
    record = modify_record(new, {"status": "submitted"})
    for _ in range(2):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    [message] = sent_to(emulator_url, email)
    assert "$1,234.50" in message["body"] and "Accept" in message["body"]
