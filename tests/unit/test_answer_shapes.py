"""The answer check every API test runs (tests/answer_shapes.py) finds each kind of disagreement."""

from __future__ import annotations

from chalicelib.api.responses import resolve
from tests.answer_shapes import disagreements


def _grant_row(**overrides):
    row = {"id": "g", "user": {"sub": "s", "email": "e", "name": "n", "email_verified": True}, "status": "submitted",
           "request_type": "ticket_only", "application_type": "general", "requested_amount": "0.00",
           "approved_amount": None, "receipt_count": 0, "created_at": "t", "updated_at": "t"}
    row.update(overrides)
    return row


def test_an_answer_its_model_describes_passes() -> None:
    assert disagreements(resolve("GrantListItem"), _grant_row()) == []


def test_a_missing_field_a_wrong_type_and_an_unknown_status_are_found() -> None:
    row = _grant_row(status="lost", receipt_count="many")
    del row["created_at"]
    found = " | ".join(disagreements(resolve("GrantListItem"), row))
    assert "created_at" in found and "receipt_count" in found and "status" in found


def test_an_undeclared_field_is_found_at_any_depth() -> None:
    row = _grant_row(secret=1, user={"sub": "s", "email": "e", "name": "n", "email_verified": True, "token": "x"})
    assert disagreements(resolve("GrantListItem"), row) == ["secret: not declared by GrantListItem",
                                                            "user.token: not declared by GrantListItem"]
    page = {"grants": [_grant_row(extra=True)], "stats": None, "budget": None, "next_token": None}
    assert "grants[0].extra: not declared by GrantListOut" in disagreements(resolve("GrantListOut"), page)
