"""Nobody reviews, messages, pays or decides receipts of their own grant,
and a disbursed grant's receipts are settled."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.receipts import accepted_grant, manage, mine, uploaded_receipt
from tests.support.world import PAYMENT, token

STAFF = ("review_travel_grant", "disburse_travel_grant", "review_receipt")


@pytest.fixture
def own(api: Any, conference: str, admin_token: str) -> dict[str, Any]:
    """`rita` holds every reviewer/payer permission and has an accepted grant of her own,
    with payment details, one approved and one pending receipt."""
    rita = token("rita", *STAFF)
    grant_id = accepted_grant(api, conference, rita, admin_token)
    assert api.put(mine(conference, "/payment-info"), PAYMENT, token=rita).status == 200
    approved = uploaded_receipt(api, conference, rita)["id"]
    assert api.post(manage(conference, f"/receipts/{approved}/approve"), token=admin_token).status == 200
    pending = uploaded_receipt(api, conference, rita)["id"]
    return {"slug": conference, "rita": rita, "grant": grant_id, "approved": approved, "pending": pending}


def _own_actions(o: dict[str, Any]) -> list[tuple[str, str, Any]]:
    grant = f"/travel-grants/{o['grant']}"
    return [
        ("PATCH", manage(o["slug"], grant), {"approved_amount": "3000.00"}),
        ("PATCH", manage(o["slug"], grant), {"reviewer_notes": "looks great"}),
        ("POST", manage(o["slug"], f"{grant}/messages"), {"message": "approved by me", "visible": False}),
        ("GET", manage(o["slug"], f"{grant}/payment-info"), None),
        ("POST", manage(o["slug"], f"{grant}/disburse"), {"disbursed_amount": "1000.00"}),
        ("POST", manage(o["slug"], f"/receipts/{o['pending']}/approve"), None),
        ("POST", manage(o["slug"], f"/receipts/{o['pending']}/flag"), {"reason": "mine"}),
        ("POST", manage(o["slug"], f"/receipts/{o['approved']}/flag"), {"reason": "mine"}),
    ]


def test_no_reviewer_or_payer_action_on_ones_own_grant(api: Any, own: dict[str, Any], admin_token: str) -> None:
    for method, path, body in _own_actions(own):
        reply = api.request(method, path, body, token=own["rita"])
        assert reply.status == 403, (method, path, reply.status, reply.body)
        assert reply.error_code == "forbidden"
    # Refused before the body is even read: a malformed body on one's own grant is still 403.
    bad = api.request("PATCH", manage(own["slug"], f"/travel-grants/{own['grant']}"), raw=b"{", token=own["rita"])
    assert bad.status == 403
    detail = api.get(manage(own["slug"], f"/travel-grants/{own['grant']}"), token=admin_token).body
    assert detail["status"] == "accepted" and detail["approved_amount"] == "1000.00"
    assert detail["reviewer_notes"] is None
    assert not [m for m in detail["messages"] if m["author_sub"] == "rita" and m["author"] == "reviewer"]
    assert not [a for a in detail["audit"]
                if a["actor_sub"] == "rita" and a["action"] in ("review", "disburse", "read_payment_info")]


def test_the_same_staff_may_act_on_someone_elses_grant(api: Any, own: dict[str, Any], admin_token: str) -> None:
    """The rule is about one's own grant, not the permissions: rita reviews and pays ada."""
    ada = token("ada")
    grant_id = accepted_grant(api, own["slug"], ada, own["rita"])
    assert api.put(mine(own["slug"], "/payment-info"), PAYMENT, token=ada).status == 200
    receipt = uploaded_receipt(api, own["slug"], ada)["id"]
    assert api.post(manage(own["slug"], f"/receipts/{receipt}/approve"), token=own["rita"]).status == 200
    assert api.get(manage(own["slug"], f"/travel-grants/{grant_id}/payment-info"), token=own["rita"]).status == 200
    paid = api.post(manage(own["slug"], f"/travel-grants/{grant_id}/disburse"), {"disbursed_amount": "420.50"},
                    token=own["rita"])
    assert paid.status == 200, paid.body


def test_receipts_of_a_disbursed_grant_are_settled(api: Any, own: dict[str, Any], admin_token: str) -> None:
    slug = own["slug"]
    assert api.get(manage(slug, f"/travel-grants/{own['grant']}/payment-info"), token=admin_token).status == 200
    paid = api.post(manage(slug, f"/travel-grants/{own['grant']}/disburse"), {"disbursed_amount": "420.50"},
                    token=admin_token)
    assert paid.status == 200, paid.body
    for receipt, action, body in ((own["approved"], "flag", {"reason": "late"}), (own["pending"], "approve", None),
                                  (own["pending"], "flag", {"reason": "late"})):
        reply = api.post(manage(slug, f"/receipts/{receipt}/{action}"), body, token=admin_token)
        assert reply.status == 409, (action, reply.body)
        assert reply.error_code == "invalid_state"
    statuses = {r["id"]: r["status"] for r in api.get(mine(slug, "/receipts"), token=own["rita"]).body["receipts"]}
    assert statuses == {own["approved"]: "approved", own["pending"]: "pending"}


def test_the_receipt_queue_never_hands_reviewers_their_own(api: Any, own: dict[str, Any], admin_token: str) -> None:
    """rita's own pending receipt is the only one queued: `next` has nothing for her, for others it does."""
    for _ in range(5):
        assert api.get(manage(own["slug"], "/receipts/next"), token=own["rita"]).status == 204
    mine_next = api.get(manage(own["slug"], "/receipts/next"), token=admin_token)
    assert mine_next.status == 200 and mine_next.body["id"] == own["pending"]
