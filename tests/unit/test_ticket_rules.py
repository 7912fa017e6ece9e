"""Ticket rules without AWS: transitions judged from old/new status, back-off, the voucher code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain import tickets as rules
from chalicelib.events.clock import event_moment as event_now
from chalicelib.pretix.payload import refusal_words


@pytest.mark.parametrize(("old", "new", "arrives", "leaves"), [
    ("offered", "accepted", True, False),
    ("accepted", "disbursed", False, False),
    ("accepted", "withdrawn", False, True),
    ("accepted", "expired", False, True),  # any status outside accepted/disbursed, new ones included
    ("disbursed", "withdrawn", False, True),
    ("offered", "declined", False, False),
    (None, "accepted", True, False),
    ("accepted", None, False, False),
])
def test_transitions_are_judged_from_the_old_and_new_status(old, new, arrives, leaves):
    assert rules.becomes_holder(old, new) is arrives
    assert rules.stops_holding(old, new) is leaves


def test_what_may_be_issued_revoked_and_marked():
    assert rules.may_issue("accepted", "pending") and rules.may_issue("accepted", "failed")
    assert not rules.may_issue("accepted", "issued") and not rules.may_issue("withdrawn", "pending")
    assert not rules.may_issue("accepted", None)
    assert all(rules.may_revoke(s) for s in ("pending", "issued", "failed"))
    assert not rules.may_revoke("redeemed") and not rules.may_revoke("revoked")
    assert rules.may_mark_redeemed("issued") and not rules.may_mark_redeemed("revoked")


def test_back_off_doubles_up_to_six_hours():
    assert [rules.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=5), timedelta(minutes=10),
                                                          timedelta(minutes=20)]
    assert rules.retry_delay(30) == timedelta(hours=6)
    now = datetime(2027, 1, 1, 12, tzinfo=UTC)
    assert rules.retry_due("failed", "2027-01-01T11:59:00.000000Z", now)
    assert not rules.retry_due("failed", "2027-01-01T12:01:00.000000Z", now)
    assert not rules.retry_due("issued", None, now) and rules.retry_due("pending", None, now)


def test_the_voucher_code_is_stable_and_depends_on_the_secret():
    code = rules.voucher_code("token-a", "pycon", "a" * 24)
    assert code == rules.voucher_code("token-a", "pycon", "a" * 24)
    assert code != rules.voucher_code("token-b", "pycon", "a" * 24) != rules.voucher_code("token-a", "pycon", "b" * 24)
    assert code.startswith("TG") and len(code) == 20 and code.isalnum() and code.upper() == code


def test_the_sync_takes_now_from_the_event():
    assert event_now({"time": "2027-05-01T10:00:00Z"}) == datetime(2027, 5, 1, 10, tzinfo=UTC)
    assert abs(event_now({}) - datetime.now(UTC)) < timedelta(seconds=5)
    assert abs(event_now({"time": "not a time"}) - datetime.now(UTC)) < timedelta(seconds=5)


def test_pretix_refusals_read_as_words():
    assert refusal_words(400, {"non_field_errors": ["A voucher with this code already exists."]}) == \
        "pretix answered HTTP 400: A voucher with this code already exists."
    assert refusal_words(400, {"item": ['Invalid pk "9" - object does not exist.']}) == \
        'pretix answered HTTP 400: item: Invalid pk "9" - object does not exist.'
    assert refusal_words(401, {"detail": "Invalid token."}) == "pretix answered HTTP 401: Invalid token."
    assert refusal_words(403, None) == "pretix answered HTTP 403: no reason given"
