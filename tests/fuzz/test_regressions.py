"""Inputs the fuzzer found answering 5xx, pinned so they stay fixed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_grants_apply import application
from tests.api.test_receipt_support import receipt_body
from tests.authz.world import ADMIN, Place, build_place, token
from tests.conftest import conference_body

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
