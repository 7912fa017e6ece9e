"""Reviewer side and the state machine end to end: transitions, visibility, stats, locking, IDOR."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from chalicelib.domain import grants as rules
from chalicelib.store import grant_list
from chalicelib.store import grants as store
from chalicelib.store.keys import grant_id_for
from tests.support.grants import REVIEW, application, apply, bring_to, manage, path, review


@pytest.fixture
def viewer(make_token):
    return make_token("vic", "view_travel_grant")


# -- applicant actions: every source status, allowed and refused -----------------------------

ACTIONS = {
    "accept": ({"offered"}, "accepted"),
    "decline": ({"offered"}, "declined"),
    "withdraw": ({"submitted", "info_needed", "waitlisted", "accepted"}, "withdrawn"),
    "provide-info": ({"info_needed"}, "submitted"),
    "request-more": ({"offered"}, "need_more"),
}
START_STATES = ["submitted", "info_needed", "offered", "need_more", "accepted", "declined", "rejected", "withdrawn",
                "waitlisted"]


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_applicant_actions_from_every_state(api, make_conference, make_token, reviewer, action):
    slug = make_conference()
    sources, target = ACTIONS[action]
    for n, start in enumerate(START_STATES):
        applicant = make_token(f"app-{action}-{n}")
        grant_id = bring_to(api, slug, apply(api, slug, applicant), applicant, reviewer, start)
        body = {"message": "Here you go", "amount": "1400"} if action in ("provide-info", "request-more") else None
        if action == "provide-info":
            body = {"message": "Here you go"}
        r = api.post(path(slug, f"/{action}"), body, token=applicant)
        if start in sources:
            assert r.status == 200, (start, r.body)
            assert r.body["status"] == target
            assert r.body["messages"][-1]["author"] == "applicant"
            if body:
                assert r.body["messages"][-1]["message"].startswith("Here you go")
            if action == "request-more":
                assert r.body["messages"][-1]["message"].endswith("Amount requested: $1,400.00")
            assert api.get(path(slug), token=applicant).body["status"] == target
        else:
            assert r.status == 409 and r.error_code == "invalid_state", (start, r.body)
            assert api.get(path(slug), token=applicant).body["status"] == start
        assert grant_id


def test_message_required_for_provide_info_and_request_more(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, "offered")
    for action in ("provide-info", "request-more"):
        r = api.post(path(conference, f"/{action}"), {"message": "  "}, token=applicant)
        assert r.status == 422 and "message" in r.body["error"]["fields"]
    r = api.post(path(conference, "/request-more"), {"message": "flights rose", "amount": "1.234"}, token=applicant)
    assert r.status == 422 and "amount" in r.body["error"]["fields"]
    r = api.post(path(conference, "/request-more"), {"message": "flights rose", "amount": "1800"}, token=applicant)
    assert r.status == 200 and r.body["requested_amount"] == "1800.00" and r.body["status"] == "need_more"
    assert grant_id


def test_actions_flags_follow_status(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "900"})
    flags = api.get(path(conference), token=applicant).body["actions"]
    assert flags == {"edit": False, "withdraw": False, "accept": True, "decline": True, "request_more": True,
                     "provide_info": False, "upload_receipts": False, "payment_info": False}
    r = api.post(path(conference, "/accept"), token=applicant)
    assert r.body["actions"]["upload_receipts"] is True and r.body["actions"]["payment_info"] is True
    assert r.body["approved_amount"] == "900.00"


def test_ticket_only_accepted_has_no_receipts(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant, request_type="ticket_only")
    r = review(api, conference, grant_id, reviewer, {"status": "offered", "promo_code": "FREE"})
    assert r.status == 200, r.body
    r = api.post(path(conference, "/accept"), token=applicant)
    assert r.body["status"] == "accepted" and r.body["promo_code"] == "FREE"
    assert r.body["actions"]["upload_receipts"] is False


def test_edit_only_while_editable(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    review(api, conference, grant_id, reviewer, {"status": "info_needed", "message": "Which airport do you fly from?"})
    assert api.patch(path(conference), {"reason": "better reason"}, token=applicant).status == 200
    review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "10"})
    r = api.patch(path(conference), {"reason": "even better"}, token=applicant)
    assert r.status == 409 and r.error_code == "invalid_state"


# -- reviewer transitions ----------------------------------------------------------------------

ALL = ["submitted", "info_needed", "offered", "need_more", "accepted", "rejected", "declined", "withdrawn",
       "waitlisted", "expired"]


@pytest.mark.parametrize("start", START_STATES)
def test_reviewer_transition_table(api, make_conference, make_token, reviewer, start):
    slug = make_conference()
    for n, target in enumerate(ALL):
        if target == start:
            continue  # same status: not a transition (field edits are covered elsewhere)
        applicant = make_token(f"t-{start}-{n}")
        grant_id = bring_to(api, slug, apply(api, slug, applicant), applicant, reviewer, start)
        offered = api.get(manage(slug, f"/{grant_id}"), token=reviewer).body["transitions"]
        r = review(api, slug, grant_id, reviewer, {"status": target, "approved_amount": "500",
                                                   "message": "Which airport do you fly from?"})
        allowed = target in rules.REVIEWER_TRANSITIONS.get(start, ())
        assert (target in offered) is allowed, (start, target, offered)  # the detail offers exactly what PATCH takes
        if allowed:
            assert r.status == 200, (start, target, r.body)
            assert r.body["status"] == target
            assert r.body["reviewed_by"] == "rita" and r.body["reviewed_at"].endswith("Z")
        else:
            assert r.status == 409 and r.error_code == "invalid_transition", (start, target, r.body)


def test_unknown_status_is_422(api, conference, make_token, reviewer):
    grant_id = apply(api, conference, make_token("ada"))
    r = review(api, conference, grant_id, reviewer, {"status": "approved"})
    assert r.status == 422 and "status" in r.body["error"]["fields"]
    r = review(api, conference, grant_id, reviewer, {})
    assert r.status == 422
    r = review(api, conference, grant_id, reviewer, {"approved_amount": "-1"})
    assert r.status == 422 and "approved_amount" in r.body["error"]["fields"]


def test_offering_ticket_and_grant_needs_amount(api, conference, make_token, reviewer):
    grant_id = apply(api, conference, make_token("ada"))
    for body in ({"status": "offered"}, {"status": "offered", "approved_amount": 0}):
        r = review(api, conference, grant_id, reviewer, body)
        assert r.status == 422 and "approved_amount" in r.body["error"]["fields"], r.body
    assert review(api, conference, grant_id, reviewer, {"approved_amount": "750.25"}).status == 200
    r = review(api, conference, grant_id, reviewer, {"status": "offered"})
    assert r.status == 200 and r.body["approved_amount"] == "750.25"


def test_version_and_if_match(api, conference, make_token, reviewer):
    grant_id = apply(api, conference, make_token("ada"))
    detail = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    version = detail["version"]
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "strong"}, headers={"If-Match": str(version)})
    assert r.status == 200 and r.body["version"] == version + 1 and r.body["reviewer_notes"] == "strong"
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "weak"}, headers={"If-Match": str(version)})
    assert r.status == 412 and r.error_code == "version_conflict"
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "x"}, headers={"If-Match": "banana"})
    assert r.status == 412
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "ok"}, headers={"If-Match": f'"{version + 1}"'})
    assert r.status == 200 and r.body["version"] == version + 2


def test_two_reviewers_racing_same_version(live_stack, make_conference, make_token):
    from concurrent.futures import ThreadPoolExecutor

    slug = make_conference()
    applicant = make_token("ada")
    grant_id = live_stack.post(path(slug), application(), token=applicant).body["id"]
    tokens = [make_token(f"rev{n}", *REVIEW) for n in range(2)]
    bodies = [{"status": "offered", "approved_amount": "100"}, {"status": "rejected"}]
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda i: live_stack.patch(manage(slug, f"/{grant_id}"), bodies[i], token=tokens[i],
                                                           headers={"If-Match": "1"}), range(2)))
    statuses = sorted(r.status for r in replies)
    assert statuses == [200, 412], [r.body for r in replies]
    winner = next(r for r in replies if r.status == 200)
    final = live_stack.get(manage(slug, f"/{grant_id}"), token=tokens[0]).body
    assert final["status"] == winner.body["status"] and final["version"] == 2


# -- visibility ----------------------------------------------------------------------------------

def test_internal_notes_never_reach_the_applicant(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "weak application", "visible": False},
                 token=reviewer)
    assert r.status == 201 and r.body["visible"] is False
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "SECRET default"}, token=reviewer)
    assert r.status == 201 and r.body["visible"] is False
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "Please send your itinerary",
                                                               "visible": True}, token=reviewer)
    assert r.status == 201 and r.body["visible"] is True and r.body["author"] == "reviewer"
    review(api, conference, grant_id, reviewer, {"reviewer_notes": "NOTES-SECRET"})
    r = api.post(path(conference, "/messages"), {"message": "Itinerary attached"}, token=applicant)
    assert r.status == 201 and r.body["author"] == "applicant"
    mine = api.get(path(conference), token=applicant)
    assert [m["message"] for m in mine.body["messages"]] == ["Please send your itinerary", "Itinerary attached"]
    assert "weak application" not in mine.raw.decode() and "SECRET" not in mine.raw.decode()
    assert "reviewer_notes" not in mine.body and all("visible" not in m for m in mine.body["messages"])
    full = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    assert [(m["message"], m["visible"]) for m in full["messages"]] == [
        ("weak application", False), ("SECRET default", False), ("Please send your itinerary", True),
        ("Itinerary attached", True)]
    assert full["reviewer_notes"] == "NOTES-SECRET"


def test_blank_messages_are_422(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    assert api.post(path(conference, "/messages"), {"message": " "}, token=applicant).status == 422
    assert api.post(manage(conference, f"/{grant_id}/messages"), {"message": ""}, token=reviewer).status == 422
    assert api.post(path(conference, "/messages"), {"message": "hi"}, token=make_token("ghost")).error_code == "no_grant"


def test_detail_has_audit_trail_and_extras(api, conference, make_token, reviewer):
    applicant = make_token("ada", email="ada@example.org", name="Ada L")
    grant_id = apply(api, conference, applicant)
    review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "1000", "promo_code": "P1"})
    api.post(path(conference, "/accept"), token=applicant)
    full = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    assert full["user"] == {"sub": "ada", "email": "ada@example.org", "name": "Ada L", "email_verified": True}
    assert [(a["actor_sub"], a["actor_name"], a["action"]) for a in full["audit"]] == [
        ("ada", "Ada L", "apply"), ("rita", "Rita Reviewer", "review"), ("ada", "Ada L", "accept")]  # names as written then
    assert (full["reviewed_by"], full["reviewed_by_name"]) == ("rita", "Rita Reviewer")
    assert full["audit"][1]["details"]["status"] == {"from": "submitted", "to": "offered"}
    assert full["audit"][1]["details"]["approved_cents"] == {"from": None, "to": 100000}
    for key in ("receipts", "has_payment_info", "ready_for_disbursement", "disbursed_amount", "disbursed_at",
                "disbursed_by"):
        assert key in full
    assert full["promo_code"] == "P1" and full["status"] == "accepted" and full["receipt_count"] == 0


# -- permissions and IDOR ---------------------------------------------------------------------------

def test_permissions(api, conference, make_token, reviewer, viewer):
    grant_id = apply(api, conference, make_token("ada"))
    nobody = make_token("mallory")
    for token, read, write in ((viewer, 200, 403), (reviewer, 200, 200), (nobody, 403, 403)):
        assert api.get(manage(conference), token=token).status == read
        assert api.get(manage(conference, f"/{grant_id}"), token=token).status == read
        assert review(api, conference, grant_id, token, {"reviewer_notes": "n"}).status == write
        r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "m"}, token=token)
        assert r.status == (201 if write == 200 else write)
    assert api.get(manage(conference)).status == 401


def test_idor_between_applicants_and_conferences(api, make_conference, make_token, reviewer):
    slug_a, slug_b = make_conference(), make_conference()
    alice, bob = make_token("alice"), make_token("bob")
    grant_id = apply(api, slug_a, alice)
    # Bob has no grant: every applicant route answers about Bob's (missing) grant only.
    assert api.get(path(slug_a), token=bob).error_code == "no_grant"
    for action in ("accept", "decline", "withdraw"):
        assert api.post(path(slug_a, f"/{action}"), token=bob).status == 404
    assert api.patch(path(slug_a), {"reason": "hijack"}, token=bob).status == 404
    assert api.post(path(slug_a, "/messages"), {"message": "hi"}, token=bob).status == 404
    assert api.get(path(slug_a), token=alice).body["reason"] != "hijack"
    # The grant id of conference A does not exist in conference B.
    assert api.get(manage(slug_b, f"/{grant_id}"), token=reviewer).status == 404
    assert review(api, slug_b, grant_id, reviewer, {"status": "rejected"}).status == 404
    assert api.post(manage(slug_b, f"/{grant_id}/messages"), {"message": "x"}, token=reviewer).status == 404
    assert api.get(manage(slug_a, f"/{grant_id}"), token=reviewer).body["status"] == "submitted"
    for bogus in ("nope", "../x", "A" * 24, grant_id_for(slug_a, "someone-else")):
        assert api.get(manage(slug_a, f"/{bogus}"), token=reviewer).status == 404
    assert api.get(manage("no-such-conf"), token=reviewer).status == 404


# -- list, pagination, stats --------------------------------------------------------------------------

def test_list_pagination_and_filter(api, conference, make_token, reviewer):
    ids = [apply(api, conference, make_token(f"user{n}")) for n in range(7)]
    review(api, conference, ids[0], reviewer, {"status": "rejected"})
    review(api, conference, ids[1], reviewer, {"status": "rejected"})
    seen, token = [], None
    while True:
        query = f"?limit=3&next_token={token}" if token else "?limit=3"
        page = api.get(manage(conference, query), token=reviewer)
        assert page.status == 200, page.body
        assert len(page.body["grants"]) <= 3
        seen += [g["id"] for g in page.body["grants"]]
        token = page.body["next_token"]
        if not token:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == 7
    assert seen == list(reversed(ids))  # newest first
    rejected = api.get(manage(conference, "?status=rejected"), token=reviewer).body
    assert sorted(g["id"] for g in rejected["grants"]) == sorted(ids[:2])
    assert rejected["stats"]["total"] == 7 and rejected["stats"]["rejected"] == 2
    item = rejected["grants"][0]
    assert set(item) >= {"id", "user", "status", "request_type", "requested_amount", "approved_amount",
                         "receipt_count", "created_at"}
    assert item["user"]["email"].endswith("@example.com") and item["receipt_count"] == 0


@pytest.mark.parametrize("query", ["?next_token=garbage", "?next_token=eyJhIjoxfQ", "?limit=0", "?limit=201",
                                   "?status=bogus", "?limit=abc"])
def test_list_rejects_bad_query(api, conference, reviewer, query):
    r = api.get(manage(conference, query), token=reviewer)
    assert r.status == 422, r.body


def test_token_from_another_list_is_rejected(api, make_conference, make_token, reviewer):
    slug_a, slug_b = make_conference(), make_conference()
    for n in range(3):
        apply(api, slug_a, make_token(f"u{n}"))
    token = api.get(manage(slug_a, "?limit=1"), token=reviewer).body["next_token"]
    assert token
    assert api.get(manage(slug_b, f"?limit=1&next_token={token}"), token=reviewer).status == 422
    assert api.get(manage(slug_a, f"?limit=1&status=submitted&next_token={token}"), token=reviewer).status == 422


def _recount(slug: str) -> dict[str, object]:
    """Stats recomputed from the grants themselves (the slow way), to compare with the counters."""
    items: list[store.GrantRecord] = []
    token = None
    while True:
        page = grant_list.list_page(slug, None, 200, token)
        items += page.grants
        token = page.next_token
        if not token:
            break
    counts = Counter(g.status for g in items)
    result: dict[str, object] = {s: counts.get(s, 0) for s in store.STATUS_NAMES}
    result["total"] = len(items)
    result["total_requested"] = f"{sum(Decimal(g.requested_cents) for g in items) / 100:.2f}"
    approved = sum(g.approved_cents or 0 for g in items if g.status in rules.COMMITTED_STATUSES)
    result["total_approved"] = f"{Decimal(approved) / 100:.2f}"
    result["total_disbursed"] = "0.00"
    return result


def test_stats_equal_a_recount_after_a_sequence(api, make_conference, make_token, reviewer):
    slug = make_conference(grant_budget="5000.00")
    tokens = [make_token(f"s{n}") for n in range(6)]
    ids = [apply(api, slug, t, requested_amount=f"{100 * (n + 1)}.50") for n, t in enumerate(tokens)]
    apply(api, slug, make_token("ticket"), request_type="ticket_only")
    review(api, slug, ids[0], reviewer, {"status": "offered", "approved_amount": "1000"})
    api.post(path(slug, "/accept"), token=tokens[0])
    review(api, slug, ids[1], reviewer, {"status": "offered", "approved_amount": "300"})
    api.post(path(slug, "/request-more"), {"message": "more", "amount": "450"}, token=tokens[1])
    review(api, slug, ids[1], reviewer, {"status": "offered", "approved_amount": "400"})
    review(api, slug, ids[2], reviewer, {"status": "offered", "approved_amount": "250"})
    api.post(path(slug, "/decline"), token=tokens[2])
    review(api, slug, ids[3], reviewer, {"status": "info_needed", "message": "Which airport do you fly from?"})
    api.post(path(slug, "/provide-info"), {"message": "here"}, token=tokens[3])
    api.patch(path(slug), {"requested_amount": "999.99"}, token=tokens[3])
    api.post(path(slug, "/withdraw"), token=tokens[4])
    review(api, slug, ids[5], reviewer, {"status": "offered", "approved_amount": "50"})
    review(api, slug, ids[5], reviewer, {"status": "rejected"})
    body = api.get(manage(slug), token=reviewer).body
    assert body["stats"] == _recount(slug)
    assert body["stats"]["total"] == 7 and body["stats"]["accepted"] == 1 and body["stats"]["offered"] == 1
    assert body["stats"]["total_approved"] == "1400.00"
    assert body["budget"] == {"budget": "5000.00", "committed": "1400.00", "disbursed": "0.00",
                              "remaining": "3600.00", "limit": "5000.00"}


def test_budget_is_null_without_a_budget(api, make_conference, reviewer):
    slug = make_conference(grant_budget=None)
    body = api.get(manage(slug), token=reviewer).body
    assert body["budget"] is None and body["stats"]["total"] == 0 and body["grants"] == []
    assert body["next_token"] is None


def test_approved_amount_locked_once_accepted(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, "accepted")
    r = review(api, conference, grant_id, reviewer, {"approved_amount": "5000"})
    assert r.status == 409 and r.error_code == "invalid_state"
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "paid soon", "promo_code": "P2"})
    assert r.status == 200 and r.body["approved_amount"] == "1000.00" and r.body["promo_code"] == "P2"


def test_grant_routes_are_in_openapi(api):
    doc = api.get("/openapi.json").body
    for route, method in (("/conferences/{slug}/travel-grant", "post"), ("/conferences/{slug}/travel-grant/days", "get"),
                          ("/conferences/{slug}/travel-grant/request-more", "post"),
                          ("/manage/conferences/{slug}/travel-grants", "get"),
                          ("/manage/conferences/{slug}/travel-grants/{grant_id}", "patch")):
        assert method in doc["paths"][route], route


def test_etag_carries_the_version(api, conference, make_token, reviewer):
    grant_id = apply(api, conference, make_token("ada"))
    r = api.get(manage(conference, f"/{grant_id}"), token=reviewer)
    etag = {k.lower(): v for k, v in r.headers.items()}["etag"]
    assert etag == f'"{r.body["version"]}"'
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "n"}, headers={"If-Match": etag})
    assert r.status == 200 and {k.lower(): v for k, v in r.headers.items()}["etag"] == f'"{r.body["version"]}"'


def test_request_more_amount_is_bounded(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, "offered")
    for amount in ("3000.01", "0.5"):
        r = api.post(path(conference, "/request-more"), {"message": "m", "amount": amount}, token=applicant)
        assert r.status == 422 and "amount" in r.body["error"]["fields"]
    assert api.get(path(conference), token=applicant).body["status"] == "offered"


def test_malformed_ids_and_tampered_tokens(api, conference, make_token, reviewer):
    import base64
    import json

    for n in range(2):
        apply(api, conference, make_token(f"u{n}"))
    token = api.get(manage(conference, "?limit=1"), token=reviewer).body["next_token"]
    key = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    for name, value in (("gsi1sk", ""), ("pk", f"GRANT#{conference}#x"), ("sk", "MSG#1")):
        bad = base64.urlsafe_b64encode(json.dumps({**key, name: value}).encode()).decode()
        assert api.get(manage(conference, f"?next_token={bad}"), token=reviewer).status == 422
    long_slug = "a" * 3000
    assert api.get(manage(long_slug), token=reviewer).status == 404
    assert api.get(manage(long_slug, "/" + "a" * 24), token=reviewer).status == 404
    assert review(api, long_slug, "a" * 24, reviewer, {"status": "rejected"}).status == 404


@pytest.mark.parametrize("status, editable", [
    ("submitted", {"status", "approved_amount", "respond_by", "promo_code", "note", "message"}),
    ("offered", {"status", "approved_amount", "respond_by", "promo_code", "note", "message"}),
    ("accepted", {"promo_code", "note", "message"}),
])
def test_editable_fields_say_what_can_still_change(api, conference, make_token, reviewer, status, editable):
    applicant = make_token("ada")
    grant_id = bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, status)
    detail = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    assert set(detail["editable_fields"]) == editable
    if "approved_amount" not in editable:
        assert review(api, conference, grant_id, reviewer, {"approved_amount": "5"}).error_code == "invalid_state"
    for field in editable & {"promo_code", "note"}:  # what it lists, saves
        assert review(api, conference, grant_id, reviewer, {field: "P9"}).status == 200, field


def test_notes_are_signed_dated_entries_that_a_stale_save_adds_to(api, conference, make_token, reviewer):
    other = make_token("omar", "review_travel_grant", name="Omar Other")
    grant_id = apply(api, conference, make_token("ada"))
    version = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body["version"]
    assert review(api, conference, grant_id, other, {"note": "Strong community work."},
                  headers={"If-Match": str(version)}).status == 200
    # The first reviewer's save from the same version meets a 412; re-applied on the new version, it adds.
    assert review(api, conference, grant_id, reviewer, {"note": "Check the budget."},
                  headers={"If-Match": str(version)}).status == 412
    assert review(api, conference, grant_id, reviewer, {"note": "Check the budget."},
                  headers={"If-Match": str(version + 1)}).status == 200
    detail = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    notes = [(m["message"], m["author_name"], m["visible"]) for m in detail["messages"]]
    assert notes == [("Strong community work.", "Omar Other", False), ("Check the budget.", "Rita Reviewer", False)]
    assert all(m["created_at"] for m in detail["messages"])
    mine = api.get(path(conference), token=make_token("ada")).body
    assert all("budget" not in m["message"] for m in mine["messages"])
