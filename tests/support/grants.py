"""What the API tests send for a travel grant, and the walks that bring one to a status through the public API."""

from __future__ import annotations

from typing import Any


def application(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_type": "ticket_and_grant",
        "application_type": "speaker",
        "travel_from": "Lagos, Nigeria",
        "international": True,
        "first_time": True,
        "days_attending": [],
        "travel_plans_airfare_description": "Return flight LOS-PIT",
        "travel_plans_airfare_amount": "1200.00",
        "travel_plans_lodging_description": "Shared hotel room, 5 nights",
        "travel_plans_lodging_amount": 450,
        "requested_amount": "1500.50",
        "sharing_expenses": True,
        "traveling_with": "a colleague",
        "experience_level": "intermediate",
        "occupation": "Engineer",
        "involvement": "Organiser of PyData Lagos",
        "reason": "To speak and to learn",
    }
    body.update(overrides)
    return body


def path(slug: str, suffix: str = "") -> str:
    return f"/conferences/{slug}/travel-grant{suffix}"


REVIEW = ("review_travel_grant",)


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}/travel-grants{suffix}"


def apply(api, slug, token, **overrides):
    r = api.post(path(slug), application(**overrides), token=token)
    assert r.status == 201, r.body
    return r.body["id"]


def review(api, slug, grant_id, token, body, **kw):
    return api.patch(manage(slug, f"/{grant_id}"), body, token=token, **kw)


def bring_to(api, slug, grant_id, applicant, reviewer, status):
    """Walk a fresh (submitted) grant to `status` through the public API."""
    steps = {
        "submitted": [],
        "info_needed": [("r", {"status": "info_needed", "message": "Which airport do you fly from?"})],
        "offered": [("r", {"status": "offered", "approved_amount": "1000", "promo_code": "GRANT-1"})],
        "need_more": [("r", {"status": "offered", "approved_amount": "1000"}), ("a", "request-more")],
        "accepted": [("r", {"status": "offered", "approved_amount": "1000"}), ("a", "accept")],
        "declined": [("r", {"status": "offered", "approved_amount": "1000"}), ("a", "decline")],
        "rejected": [("r", {"status": "rejected"})],
        "withdrawn": [("a", "withdraw")],
        "waitlisted": [("r", {"status": "waitlisted"})],
    }[status]
    for who, what in steps:
        if who == "r":
            r = review(api, slug, grant_id, reviewer, what)
        else:
            body = {"message": "please"} if what in ("request-more", "provide-info") else None
            r = api.post(path(slug, f"/{what}"), body, token=applicant)
        assert r.status == 200, r.body
    return grant_id
