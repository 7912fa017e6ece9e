"""The budget and deadline rules without AWS: predicates, and their conditions built beside them."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import budget, deadlines
from chalicelib.store.grant_entries import GrantStatsItem
from chalicelib.store.grants import GrantItem


def test_the_limit_is_the_budget_plus_the_overcommitment_rounded_down():
    assert budget.limit_cents(None, 50) is None
    assert budget.limit_cents(100000, 0) == 100000
    assert budget.limit_cents(100000, 15) == 115000
    assert budget.limit_cents(99999, 10) == 109998  # 109998.9 cents: never above what the percentage allows


@pytest.mark.parametrize(("committed", "increase", "limit", "fits"), [
    (0, 100, None, True), (900, 100, 1000, True), (901, 100, 1000, False), (5000, -100, 1000, True),
    (0, 1001, 1000, False),
])
def test_fits(committed, increase, limit, fits):
    assert budget.fits(committed, increase, limit) is fits


def test_the_budget_condition_mirrors_the_predicate():
    committed = GrantStatsItem.total_approved_cents
    assert budget.within_budget_condition(committed, 100, None) is None
    assert budget.within_budget_condition(committed, 0, 1000) is None
    condition = budget.within_budget_condition(committed, 100, 1000)
    names, values = {}, {}
    text = condition.serialize(names, values)
    assert "<=" in text and values[next(iter(values))] == {"N": "900"}
    impossible = budget.within_budget_condition(committed, 2000, 1000).serialize({}, {})
    assert "attribute_not_exists" in impossible and "attribute_exists" in impossible


def test_respond_by_is_the_end_of_the_day_in_the_conference_timezone():
    # an offer at 02:00 UTC on March 9 is still March 8 in New York; 7 days later, across the DST change
    assert deadlines.respond_by("2026-03-09T02:00:00Z", 7, "America/New_York") == "2026-03-16T03:59:59.999999Z"
    assert deadlines.respond_by("2026-01-01T12:00:00Z", None, "UTC") is None
    assert deadlines.respond_by("2026-01-01T12:00:00Z", 3, "UTC", date(2026, 2, 1)) == "2026-02-01T23:59:59.999999Z"
    assert deadlines.chosen_day_problem(date(2025, 12, 31), "2026-01-01T12:00:00Z", "UTC")
    assert deadlines.chosen_day_problem(date(2026, 1, 1), "2026-01-01T12:00:00Z", "UTC") is None


def test_offer_open_and_overdue_meet_at_the_deadline():
    deadline = "2026-02-01T23:59:59.999999Z"
    assert deadlines.offer_open(deadline, "2026-02-01T23:59:59.999999Z")
    assert not deadlines.offer_open(deadline, "2026-02-02T00:00:00.000000Z")
    assert deadlines.overdue(deadline, "2026-02-02T00:00:00.000000Z") and not deadlines.overdue(None, "2099-01-01")
    assert deadlines.offer_open(None, "2099-01-01T00:00:00.000000Z")
    text = deadlines.offer_open_condition(GrantItem.respond_by, "2026-02-02T00:00:00.000000Z").serialize({}, {})
    assert "attribute_not_exists" in text and ">=" in text


def test_the_reminder_is_due_once_between_its_time_and_the_deadline():
    deadline = "2026-02-10T23:59:59.999999Z"
    assert deadlines.reminder_at(deadline, 3) == "2026-02-07T23:59:59.999999Z"
    assert deadlines.reminder_at(deadline, 0) is None
    assert not deadlines.reminder_due(deadline, 3, False, "2026-02-07T00:00:00.000000Z")
    assert deadlines.reminder_due(deadline, 3, False, "2026-02-08T00:00:00.000000Z")
    assert not deadlines.reminder_due(deadline, 3, True, "2026-02-08T00:00:00.000000Z")
    assert not deadlines.reminder_due(deadline, 3, False, "2026-02-11T00:00:00.000000Z")
    # the due index holds the reminder's time until it is sent, then the deadline
    assert deadlines.next_due(deadline, 3, "2026-02-01T00:00:00.000000Z", False) == "2026-02-07T23:59:59.999999Z"
    assert deadlines.next_due(deadline, 3, "2026-02-01T00:00:00.000000Z", True) == deadline
    assert deadlines.next_due(None, 3, "2026-02-01T00:00:00.000000Z", False) is None


def test_a_scheduled_event_gives_its_time_as_now():
    from chalicelib.events.clock import event_now

    assert event_now({"time": "2030-05-01T10:00:00Z"}) == "2030-05-01T10:00:00.000000Z"
    assert event_now({"time": "not a time"}).endswith("Z")
    assert event_now({}).endswith("Z")
