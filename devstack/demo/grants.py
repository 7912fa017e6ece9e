"""Demo travel grants for `make run`, written through the same services the API uses.

The demo attendee's grant is already accepted with an approved amount, so receipts,
payment details work straight away in the web app; a handful of other applicants
give the demo reviewer a queue in every interesting state. The committee's round: about
sixty applications from many countries, most of them scored by three reviewers with
different habits (Leo is lenient, Hana harsh, Rita in between), so the ranking, its
calibration and the report show something real.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from chalicelib.api.models.grants import GrantApplicationIn, ReviewIn
from chalicelib.api.models.scoring import ScoreIn
from chalicelib.auth import Principal
from chalicelib.services import conferences, scoring
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


#: Reviewers who scored the committee's round, with their habit: (lowest, highest) score they give.
DEMO_LENIENT = Principal(sub="demo-lenient", email="leo@example.com", name="Leo Lenient",
                         permissions=frozenset({"review_travel_grant"}))
DEMO_HARSH = Principal(sub="demo-harsh", email="hana@example.com", name="Hana Harsh",
                       permissions=frozenset({"review_travel_grant"}))
HABITS: tuple[tuple[Principal, int, int], ...] = ((DEMO_LENIENT, 3, 5), (DEMO_HARSH, 1, 3), (DEMO_REVIEWER, 1, 5))
#: Where the committee's applicants travel from ("City, Country": the report groups by country).
PLACES = ("Lagos, Nigeria", "Nairobi, Kenya", "Accra, Ghana", "Kampala, Uganda", "Cairo, Egypt",
          "São Paulo, Brazil", "Bogotá, Colombia", "Lima, Peru", "Mexico City, Mexico", "Buenos Aires, Argentina",
          "Pune, India", "Bengaluru, India", "Manila, Philippines", "Jakarta, Indonesia", "Hanoi, Vietnam",
          "Lisbon, Portugal", "Kraków, Poland", "Kyiv, Ukraine", "Toronto, Canada", "Austin, USA",
          "Chicago, USA", "Pittsburgh, USA")
FIRST_NAMES = ("Amara", "Bola", "Chen", "Dara", "Eun", "Femi", "Gita", "Hugo", "Ines", "Jomo", "Kofi", "Lena",
               "Mina", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sade", "Tariq", "Uma", "Vera", "Wen", "Yusuf")
COMMITTEE_SIZE = 54
APPLICATION_TYPES = ("general", "general", "speaker", "community", "education", "pyladies", "core_dev")


def committee_application(n: int, rng: random.Random) -> dict[str, Any]:
    place = PLACES[n % len(PLACES)]
    requested = f"{rng.randrange(300, 3000, 50)}.00"
    body = application(requested)
    body.update({"travel_from": place, "international": not place.endswith("USA"),
                 "first_time": [True, False, None][n % 3], "application_type": APPLICATION_TYPES[n % 7],
                 "experience_level": ("beginner", "intermediate", "expert")[n % 3]})
    if n % 9 == 4:
        body.update({"request_type": "ticket_only", "requested_amount": "0",
                     "travel_plans_airfare_amount": "0", "travel_plans_lodging_amount": "0"})
    return body


def seed_committee(conference_slug: str) -> None:
    """The committee's round: applications, then most of them scored by each reviewer."""
    conference = conferences.get_conference(conference_slug)
    assert conference is not None
    rng = random.Random(2026)
    grant_ids = []
    for n in range(COMMITTEE_SIZE):
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {chr(65 + n % 26)}."
        applicant = Principal(sub=f"demo-committee-{n}", email=f"applicant{n}@example.com", name=name)
        grant = service.apply(conference, applicant, GrantApplicationIn.model_validate(committee_application(n, rng)))
        grant_ids.append(grant["id"])
    merit = {grant_id: rng.random() for grant_id in grant_ids}  # what an application is "really" worth
    for reviewer, low, high in HABITS:
        for grant_id in grant_ids:
            if rng.random() < 0.2:
                continue  # not everyone reviewed everything
            value = low + round(merit[grant_id] * (high - low) + rng.uniform(-0.6, 0.6))
            scoring.put_score(conference, grant_id, reviewer,
                              ScoreIn.model_validate({"score": max(low, min(high, value))}))


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
    seed_committee(conference_slug)
