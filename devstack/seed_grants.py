"""Demo travel grants for `make run`, written through the same services the API uses.

The demo attendee's grant is already accepted with an approved amount, so receipts,
payment details work straight away in the web app; a handful of other applicants
give the demo reviewer a queue in every interesting state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.api.models.grants import GrantApplicationIn, ReviewIn
from chalicelib.auth import Principal
from chalicelib.services import conferences
from chalicelib.services import grant_review as review_service
from chalicelib.services import grants as service

DEMO_ATTENDEE = Principal(sub="demo-attendee", email="ada@example.com", name="Ada Attendee", email_verified=True)
DEMO_REVIEWER = Principal(sub="demo-reviewer", email="rita@example.com", name="Rita Reviewer", email_verified=True,
                          permissions=frozenset({"review_travel_grant"}))

#: (applicant, requested amount, what the reviewer does, what the applicant does next)
DEMO_GRANTS: list[tuple[Principal, str, dict[str, Any] | None, str | None]] = [
    (DEMO_ATTENDEE, "1500.00", {"status": "offered", "approved_amount": "1200.00"}, "accept"),
    (Principal(sub="demo-applicant-1", email="grace@example.com", name="Grace Applicant",
               email_verified=True), "2200.00", None, None),
    # An address the identity provider never verified: no e-mail goes to it; reviewers see it marked.
    (Principal(sub="demo-applicant-2", email="linus@example.com", name="Linus Applicant"), "900.00", None, None),
    (Principal(sub="demo-applicant-3", email="guido@example.com", name="Guido Applicant",
               email_verified=True), "1800.00",
     {"status": "info_needed", "reviewer_notes": "Ask for the flight quote.",
      "message": "Could you send us the quote for your flight?"}, None),
    (Principal(sub="demo-applicant-4", email="katie@example.com", name="Katie Applicant",
               email_verified=True), "600.00",
     {"status": "offered", "approved_amount": "600.00"}, None),
    (Principal(sub="demo-applicant-5", email="barry@example.com", name="Barry Applicant",
               email_verified=True), "3000.00",
     {"status": "rejected"}, None),
]


def application(requested: str) -> dict[str, Any]:
    half = (Decimal(requested) / 2).quantize(Decimal("0.01"))
    return {
        "request_type": "ticket_and_grant", "travel_from": "Lisbon, Portugal", "international": True,
        "first_time": True, "experience_level": "intermediate", "occupation": "Developer",
        "travel_plans_airfare_description": "Round trip, economy", "travel_plans_airfare_amount": str(half),
        "travel_plans_lodging_description": "Shared hotel room", "travel_plans_lodging_amount": str(half),
        "requested_amount": requested, "involvement": "I organise my local Python user group.",
        "reason": "To bring what I learn back to the group and sprint on open source.",
    }


def seed(conference_slug: str) -> None:
    """Create the demo grants once (a second run leaves existing ones alone)."""
    conference = conferences.get_conference(conference_slug)
    if conference is None or service.get_grant_for_user(conference_slug, DEMO_ATTENDEE.sub) is not None:
        return
    for applicant, requested, review, then in DEMO_GRANTS:
        grant = service.apply(conference, applicant, GrantApplicationIn.model_validate(application(requested)))
        if review:
            review_service.review(conference_slug, grant["id"], DEMO_REVIEWER, ReviewIn.model_validate(review), None)
        if then:
            service.act(conference, applicant, then)
