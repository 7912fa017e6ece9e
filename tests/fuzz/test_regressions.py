"""Inputs the fuzzer found answering 5xx, pinned so they stay fixed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.conference import conference_body
from tests.support.grants import application
from tests.support.receipts import receipt_body
from tests.support.world import ADMIN, Place, build_place, token

HUGE_AMOUNTS = ["1e400", 1.3804098994746213e308, 10**30, "99999999999999999999999999999.99"]


@pytest.fixture(scope="module")
def place(api: Any) -> Place:
    return build_place(api, with_gus=False)


@pytest.mark.parametrize("amount", HUGE_AMOUNTS, ids=str)
def test_huge_money_amounts_are_422_not_500(api: Any, place: Place, amount: Any) -> None:
    """decimal.InvalidOperation from quantize() on amounts beyond Decimal's precision was a 500."""
    slug = place.slug
    ada, bob = token("ada"), token("bob")
    cases = [
        ("POST", f"/conferences/{slug}/travel-grant/receipts", receipt_body(amount=amount), ada, "amount"),
        ("POST", f"/conferences/{slug}/travel-grant", application(requested_amount=amount), bob, "requested_amount"),
        ("PUT", f"/manage/conferences/{slug}-x", conference_body(grant_budget=amount), ADMIN, "grant_budget"),
        ("POST", f"/manage/conferences/{slug}/travel-grants/{place.grant_id}/disburse", {"disbursed_amount": amount},
         ADMIN, "disbursed_amount"),
    ]
    for method, path, body, bearer, field in cases:
        reply = api.request(method, path, body, token=bearer)
        assert reply.status == 422, (path, reply.status, reply.body)
        assert field in reply.body["error"]["fields"], reply.body


#: Strings Decimal() accepts although the published pattern refuses them.
OFF_PATTERN_AMOUNTS = [" 100 ", "1_000", "\uff11\uff10\uff10", "\u0661\u0660\u0660", "1e2", "+100", "5."]


@pytest.mark.parametrize("amount", OFF_PATTERN_AMOUNTS, ids=repr)
def test_money_off_the_published_pattern_is_422_everywhere(api: Any, place: Place, amount: str) -> None:
    """Every route that reads money uses the one parser: each of these is refused, nothing written."""
    slug = place.slug
    ada, bob = token("ada"), token("bob")
    review = f"/manage/conferences/{slug}/travel-grants/{place.grant_id}"
    cases = [
        ("POST", f"/conferences/{slug}/travel-grant/receipts", receipt_body(amount=amount), ada, "amount"),
        ("POST", f"/conferences/{slug}/travel-grant", application(requested_amount=amount), bob, "requested_amount"),
        ("POST", f"/conferences/{slug}/travel-grant",
         application(travel_plans_lodging_amount=amount, travel_plans_lodging_description="hotel"), bob,
         "travel_plans_lodging_amount"),
        ("PUT", f"/manage/conferences/{slug}-x", conference_body(grant_budget=amount), ADMIN, "grant_budget"),
        ("PUT", f"/manage/conferences/{slug}-x", conference_body(max_grant_amount=amount), ADMIN, "max_grant_amount"),
        ("PATCH", review, {"approved_amount": amount}, ADMIN, "approved_amount"),
        ("POST", f"{review}/disburse", {"disbursed_amount": amount}, ADMIN, "disbursed_amount"),
    ]
    for method, path, body, bearer, field in cases:
        reply = api.request(method, path, body, token=bearer)
        assert reply.status == 422, (path, reply.status, reply.body)
        assert field in reply.body["error"]["fields"], reply.body


@pytest.mark.parametrize("if_match", ["4" * 4301, "\u00b2", "\u0661", "1 ", "1,2", "*", "-1", "+1", "0x1"], ids=lambda v: repr(v)[:12])
def test_if_match_that_is_not_the_current_version_is_412(api: Any, place: Place, if_match: str) -> None:
    """4,301 digits (int() refuses them) and '²' (isdigit() but not int()): a 412, not a 500."""
    path = f"/manage/conferences/{place.slug}/travel-grants/{place.grant_id}"
    reply = api.patch(path, {"reviewer_notes": "checked"}, token=ADMIN,
                      headers={"If-Match": if_match})
    assert reply.status == 412, reply.body
    assert reply.error_code == "version_conflict"
