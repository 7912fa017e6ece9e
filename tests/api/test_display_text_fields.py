"""Through the API: every free-text field refuses invisible and bidi characters.

Each case sends one hostile value in one field of a real request and expects 422 with
`fields` naming that field; nothing is written (the follow-up reads show the old state).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.conference import conference_body
from tests.support.grants import application
from tests.support.receipts import receipt_body
from tests.support.world import ADMIN, PAYMENT, Place, build_place, token

HOSTILE = ["\u202egpj", "x\u200by", "x\u2028y", "\ufeffx", "a\x1bb", "a\u2029b"]


@pytest.fixture(scope="module")
def place(api: Any) -> Place:
    return build_place(api, with_gus=False)


def _cases(place: Place, bad: str) -> list[tuple[str, str, dict[str, Any], str, str]]:
    slug = place.slug
    ada, bob = token("ada"), token("bob")
    grant = f"/manage/conferences/{slug}/travel-grants/{place.grant_id}"
    acts = f"/manage/conferences/{slug}/activities"
    return [
        ("POST", f"/conferences/{slug}/travel-grant/receipts", receipt_body(filename=f"{bad}.pdf"), ada, "filename"),
        ("POST", f"/conferences/{slug}/travel-grant/receipts", receipt_body(description=bad), ada, "description"),
        ("POST", f"/conferences/{slug}/travel-grant", application(travel_from=bad), bob, "travel_from"),
        ("POST", f"/conferences/{slug}/travel-grant", application(occupation=bad), bob, "occupation"),
        ("POST", f"/conferences/{slug}/travel-grant", application(reason=bad), bob, "reason"),
        ("POST", f"/conferences/{slug}/travel-grant/messages", {"message": bad}, ada, "message"),
        ("PUT", f"/conferences/{slug}/travel-grant/payment-info", {**PAYMENT, "legal_name": bad}, ada, "legal_name"),
        ("PATCH", grant, {"reviewer_notes": bad}, ADMIN, "reviewer_notes"),
        ("PATCH", grant, {"promo_code": bad}, ADMIN, "promo_code"),
        ("POST", f"{grant}/messages", {"message": bad, "visible": True}, ADMIN, "message"),
        ("POST", f"/manage/conferences/{slug}/receipts/{place.receipt_pending}/flag", {"reason": bad}, ADMIN, "reason"),
        ("POST", acts, {"name": bad, "activity_type": "sprint"}, ADMIN, "name"),
        ("PATCH", f"{acts}/{place.activity}", {"description": bad}, ADMIN, "description"),
        ("PATCH", f"{acts}/{place.activity}", {"organizers": ["olga", bad]}, ADMIN, "organizers.1"),
        ("POST", f"/conferences/{slug}/activities/{place.other_activity}/signup", {"note": bad}, bob, "note"),
        ("PUT", f"/manage/conferences/{slug}-x", conference_body(name=bad), ADMIN, "name"),
        ("PUT", f"/manage/conferences/{slug}-x",
         conference_body(sections=[{"name": bad, "start_date": "2026-05-13", "end_date": "2026-05-14"}]),
         ADMIN, "sections.0.name"),
    ]


@pytest.mark.parametrize("bad", HOSTILE, ids=lambda v: f"U+{ord(v[1] if v[0] in 'ax' else v[0]):04X}")
def test_every_free_text_field_refuses_invisible_characters(api: Any, place: Place, bad: str) -> None:
    for method, path, body, bearer, field in _cases(place, bad):
        reply = api.request(method, path, body, token=bearer)
        assert reply.status == 422, (method, path, field, reply.status, reply.body)
        assert field in reply.body["error"]["fields"], (path, reply.body)


def test_multi_line_fields_keep_line_feeds_and_tabs(api: Any, place: Place) -> None:
    grant = f"/manage/conferences/{place.slug}/travel-grants/{place.grant_id}"
    reply = api.patch(grant, {"reviewer_notes": "first line\n\tsecond line"}, token=ADMIN)
    assert reply.status == 200, reply.body
    assert reply.body["reviewer_notes"] == "first line\n\tsecond line"
    reply = api.post(f"/conferences/{place.slug}/travel-grant/messages", {"message": "Hi\r\nthere"}, token=token("ada"))
    assert reply.status == 201, reply.body
    assert reply.body["message"] == "Hi\nthere"


def test_names_from_tokens_are_cleaned_not_refused(api: Any, place: Place) -> None:
    """A token's `name` cannot answer 422: reviewers see it without the invisible characters."""
    from chalicelib.auth import mint_dev_token
    from tests.support.conference import TEST_SECRET

    sneaky = mint_dev_token(TEST_SECRET, "sneaky", name="Ev\u202ee\u200b", email="sneaky@example.com")
    reply = api.post(f"/conferences/{place.slug}/activities/{place.other_activity}/signup", {}, token=sneaky)
    assert reply.status == 201, reply.body
    listing = api.get(f"/manage/conferences/{place.slug}/activities/{place.other_activity}/signups", token=ADMIN)
    names = [s["user"]["name"] for s in listing.body["signups"] if s["user"]["sub"] == "sneaky"]
    assert names == ["Eve"]
