"""Who may read, and what an unknown id answers.

Every `{slug}/.../{id}` route answers 404 for an unknown (or, for attendees, inactive)
resource before it judges the body or query: 422 only for a resource that exists. Nobody
reads the reviewer view of a grant they applied for, whatever their permissions.
"""

from __future__ import annotations

import pytest

from tests.support.receipts import accepted_grant, manage, mine, presign

GRANT = "aaaaaaaaaaaaaaaaaaaaaaaa"
RECEIPT = f"{GRANT}-0123456789abcdef"
ALL = ("manage_conference", "manage_activity", "review_travel_grant", "disburse_travel_grant", "review_receipt")


@pytest.fixture
def staff(make_token):
    return make_token("stan", *ALL)


@pytest.fixture
def world(api, conference, staff, make_token):
    applicant = make_token("ada")
    grant_id = accepted_grant(api, conference, applicant, staff)
    receipt_id = presign(api, conference, applicant)["receipt"]["id"]
    for name, active in (("Board Games", True), ("Closed Room", False)):
        r = api.post(manage(conference, "/activities"), {"name": name, "activity_type": "social",
                                                          "max_participants": 5, "is_active": active}, token=staff)
        assert r.status == 201, r.body
    return {"grant": grant_id, "receipt": receipt_id, "applicant": applicant}


def _cases(slug: str, w: dict) -> list[tuple[str, str, object, str, str]]:
    """(method, path with {id}, bad body or raw query, known id, unknown id)."""
    mg, mr = manage(slug, "/travel-grants"), manage(slug, "/receipts")
    return [
        ("PATCH", mg + "/{id}", {"status": "bogus"}, w["grant"], GRANT),
        ("POST", mg + "/{id}/messages", {"message": ""}, w["grant"], GRANT),
        ("POST", mg + "/{id}/disburse", {"disbursed_amount": "x"}, w["grant"], GRANT),
        ("PUT", mg + "/{id}/score", {"score": "high"}, w["grant"], GRANT),
        ("PUT", mg + "/{id}/conflict", {"reason": 7}, w["grant"], GRANT),
        ("POST", mr + "/{id}/flag", {}, w["receipt"], RECEIPT),
        ("POST", mr + "/{id}/approve", {"extra": 1}, w["receipt"], RECEIPT),
        ("POST", f"/conferences/{slug}/activities/{{id}}/signup", {"note": 5}, "board-games", "no-such-thing"),
        ("PATCH", manage(slug, "/activities/{id}"), {"max_participants": "many"}, "board-games", "no-such-thing"),
        ("GET", manage(slug, "/activities/{id}/signups?status=bogus"), None, "board-games", "no-such-thing"),
        ("GET", manage(slug, "/activities/{id}/signups.csv?status=bogus"), None, "board-games", "no-such-thing"),
    ]


def test_unknown_ids_are_404_before_the_body_is_judged(api, conference, staff, world):
    for method, template, body, known, unknown in _cases(conference, world):
        missing = api.request(method, template.format(id=unknown), body, token=staff)
        assert missing.status == 404, (method, template, missing.body)
        present = api.request(method, template.format(id=known), body, token=staff)
        assert present.status == 422, (method, template, present.body)


def test_an_inactive_activity_is_404_for_a_signup_whatever_the_body(api, conference, world, make_token):
    r = api.post(f"/conferences/{conference}/activities/closed-room/signup", {"note": 5}, token=make_token("bo"))
    assert r.status == 404


def test_the_applicants_own_receipt_routes_too(api, conference, world):
    url = mine(conference, "/receipts/{id}/complete")
    assert api.post(url.format(id=RECEIPT.replace("a", "b", 3)), {"x": 1}, token=world["applicant"]).status == 404
    assert api.post(url.format(id=world["receipt"]), {"x": 1}, token=world["applicant"]).status == 422


def test_nobody_reads_the_reviewer_view_of_their_own_grant(api, conference, staff, make_token):
    reviewer = make_token("rhea", "review_travel_grant", "view_travel_grant", "review_receipt")
    own = accepted_grant(api, conference, reviewer, staff)
    r = api.get(manage(conference, f"/travel-grants/{own}"), token=reviewer)
    assert r.status == 403 and r.error_code == "forbidden"
    receipt = presign(api, conference, reviewer)["receipt"]["id"]
    assert api.get(manage(conference, f"/receipts/{receipt}"), token=reviewer).status == 403
    assert api.get(manage(conference, f"/travel-grants/{own}"), token=staff).status == 200
