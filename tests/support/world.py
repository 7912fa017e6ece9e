"""Realistic state for the authorization matrix and the fuzzer, built through the real API.

A `World` is one conference with everything the routes can act on: an activity organised
by `olga` (capacity 1: `carol` confirmed, the applicant `ada` waitlisted), another activity
organised by `otto`, `ada`'s accepted grant with an approved amount, payment details, one
approved and one pending receipt. `foreign` adds what belongs to someone else: `gus`'s
accepted grant and receipt in the same conference, and a second conference with its own
activity, signup, grant and receipt, so ids can be swapped across owners and conferences.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib.auth import mint_dev_token
from tests.support.conference import TEST_SECRET, conference_body
from tests.support.grants import application
from tests.support.receipts import PDF, presign, upload

PERMISSIONS = ("manage_conference", "manage_activity", "view_travel_grant", "review_travel_grant",
               "disburse_travel_grant", "review_receipt")
ALL_PERMISSIONS = PERMISSIONS


def token(sub: str, *perms: str) -> str:
    return mint_dev_token(TEST_SECRET, sub, name=sub.title(), email=f"{sub}@example.com", permissions=perms)


ADMIN = token("world-admin", *ALL_PERMISSIONS)
PAYMENT = {"payment_method": "ach", "legal_name": "Ada Lovelace", "address_street": "1 Main St",
           "address_city": "Pittsburgh", "address_zip": "15213", "address_country": "US",
           "bank_name": "First Bank", "bank_account_number": "000123456789", "bank_routing_number": "021000021"}


@dataclass
class Place:
    """The ids of one conference's objects."""

    slug: str
    activity: str = ""
    other_activity: str = ""
    signup_id: str = ""  # ada's waitlisted signup on `activity`
    calendar_feed: str = ""  # ada's calendar feed file (`{secret}.ics`)
    grant_id: str = ""  # ada's accepted grant
    receipt_pending: str = ""
    receipt_approved: str = ""
    gus_grant_id: str = ""
    gus_receipt: str = ""


@dataclass
class World:
    here: Place
    elsewhere: Place | None = None


def _ok(reply: Any, status: int) -> Any:
    assert reply.status == status, (reply.status, reply.body)
    return reply.body


def _accepted_grant(api: Any, slug: str, applicant: str) -> str:
    grant_id = _ok(api.post(f"/conferences/{slug}/travel-grant", application(), token=applicant), 201)["id"]
    _ok(api.patch(f"/manage/conferences/{slug}/travel-grants/{grant_id}",
                  {"status": "offered", "approved_amount": "1000"}, token=ADMIN), 200)
    _ok(api.post(f"/conferences/{slug}/travel-grant/accept", token=applicant), 200)
    return grant_id


def _pending_receipt(api: Any, slug: str, applicant: str) -> str:
    created = presign(api, slug, applicant)
    upload(created, PDF)
    receipt_id = created["receipt"]["id"]
    _ok(api.post(f"/conferences/{slug}/travel-grant/receipts/{receipt_id}/complete", token=applicant), 200)
    return receipt_id


def build_place(api: Any, *, with_gus: bool, label: str = "") -> Place:
    """`label` makes the activity slugs differ from another place's (slugs come from names)."""
    place = Place(slug=f"authz-{uuid.uuid4().hex[:10]}")
    slug = place.slug
    _ok(api.put(f"/manage/conferences/{slug}", conference_body(), token=ADMIN), 201)
    manage = f"/manage/conferences/{slug}/activities"
    place.activity = _ok(api.post(manage, {"name": f"Sprint Room {label}".strip(), "activity_type": "sprint", "max_participants": 1,
                                           "start_time": "2026-05-14T09:00:00Z", "end_time": "2026-05-14T17:00:00Z",
                                           "organizers": ["olga"]}, token=ADMIN), 201)["slug"]
    place.other_activity = _ok(api.post(manage, {"name": f"Open Space {label}".strip(), "activity_type": "open_space",
                                                 "organizers": ["otto"]}, token=ADMIN), 201)["slug"]
    signup = f"/conferences/{slug}/activities/{place.activity}/signup"
    _ok(api.post(signup, {"note": "first"}, token=token("carol")), 201)
    waiting = _ok(api.post(signup, {"note": "please"}, token=token("ada")), 201)
    assert waiting["status"] == "waitlisted", waiting
    place.signup_id = waiting["id"]
    feed_url = _ok(api.get(f"/conferences/{slug}/my/calendar", token=token("ada")), 200)["url"]
    place.calendar_feed = feed_url.rsplit("/", 1)[-1]

    ada = token("ada")
    place.grant_id = _accepted_grant(api, slug, ada)
    _ok(api.put(f"/conferences/{slug}/travel-grant/payment-info", PAYMENT, token=ada), 200)
    place.receipt_approved = _pending_receipt(api, slug, ada)
    _ok(api.post(f"/manage/conferences/{slug}/receipts/{place.receipt_approved}/approve", token=ADMIN), 200)
    place.receipt_pending = _pending_receipt(api, slug, ada)
    # The matrix's payer (caller `disburse_travel_grant`) has read the details it would pay to.
    _ok(api.get(f"/manage/conferences/{slug}/travel-grants/{place.grant_id}/payment-info",
                token=token("only-disburse-travel-grant", "disburse_travel_grant")), 200)
    if with_gus:
        gus = token("gus")
        place.gus_grant_id = _accepted_grant(api, slug, gus)
        created = presign(api, slug, gus)
        place.gus_receipt = created["receipt"]["id"]
    return place


def build_world(api: Any, *, foreign: bool = False) -> World:
    """One conference (and, with `foreign`, someone else's objects and a second conference)."""
    world = World(here=build_place(api, with_gus=foreign))
    if foreign:
        world.elsewhere = build_place(api, with_gus=False, label="Elsewhere")
    return world
