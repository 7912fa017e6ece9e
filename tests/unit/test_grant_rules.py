"""Grant state machine, actions flags, stats deltas and application rules (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain import grants as rules

D = Decimal


def valid(**overrides):
    values = {"request_type": "ticket_and_grant", "requested_amount": D("100"), "days_attending": [],
              "travel_plans_airfare_amount": D("0"), "travel_plans_airfare_description": "",
              "travel_plans_lodging_amount": D("0"), "travel_plans_lodging_description": ""}
    values.update(overrides)
    return values


def test_valid_application_has_no_problems():
    assert rules.application_problems(valid(), D("3000"), []) == {}


@pytest.mark.parametrize("amount,ok", [("0", False), ("0.99", False), ("1", True), ("3000", True), ("3000.01", False)])
def test_requested_amount_bounds(amount, ok):
    problems = rules.application_problems(valid(requested_amount=D(amount)), D("3000"), [])
    assert (problems == {}) is ok
    if not ok:
        assert list(problems) == ["requested_amount"]


def test_ticket_only_has_no_amount_bounds():
    assert rules.application_problems(valid(request_type="ticket_only", requested_amount=D("0")), D("10"), []) == {}


def test_descriptions_needed_for_amounts():
    problems = rules.application_problems(valid(travel_plans_airfare_amount=D("1"),
                                                travel_plans_lodging_amount=D("2"),
                                                travel_plans_lodging_description="  "), D("3000"), [])
    assert set(problems) == {"travel_plans_airfare_description", "travel_plans_lodging_description"}


def test_days_must_be_offered():
    assert rules.application_problems(valid(days_attending=["2026-05-13"]), D("3000"), ["2026-05-13"]) == {}
    assert "days_attending" in rules.application_problems(valid(days_attending=["2026-05-12"]), D("3000"),
                                                          ["2026-05-13"])


def test_reviewer_transitions_match_the_contract():
    allowed = {(s, t) for s in rules.STATUSES for t in rules.STATUSES if rules.reviewer_can_move(s, t)}
    assert allowed == {("submitted", "info_needed"), ("submitted", "offered"), ("submitted", "rejected"),
                       ("info_needed", "offered"), ("info_needed", "rejected"), ("need_more", "offered"),
                       ("need_more", "rejected"), ("offered", "rejected"),
                       ("submitted", "waitlisted"), ("info_needed", "waitlisted"), ("waitlisted", "offered"),
                       ("waitlisted", "rejected"), ("expired", "offered")}


def test_applicant_actions_match_the_contract():
    allowed = {(a, s) for a in rules.APPLICANT_ACTIONS for s in rules.STATUSES if rules.applicant_can(a, s)}
    assert allowed == {("accept", "offered"), ("decline", "offered"), ("withdraw", "submitted"),
                       ("withdraw", "info_needed"), ("provide-info", "info_needed"), ("request-more", "offered"),
                       ("withdraw", "waitlisted"), ("withdraw", "accepted")}
    assert not rules.applicant_can("teleport", "offered")


@pytest.mark.parametrize("status", rules.STATUSES)
def test_actions_flags(status):
    flags = rules.actions_for(status, 1000)
    assert flags["edit"] == (status in ("submitted", "info_needed"))
    assert flags["withdraw"] == (status in ("submitted", "info_needed", "waitlisted", "accepted"))
    assert flags["accept"] == flags["decline"] == flags["request_more"] == (status == "offered")
    assert flags["provide_info"] == (status == "info_needed")
    assert flags["upload_receipts"] == flags["payment_info"] == (status == "accepted")
    assert rules.actions_for(status, 0)["upload_receipts"] is False
    assert rules.actions_for(status, None)["payment_info"] is False


def test_stats_deltas():
    assert rules.stats_deltas(None, ("submitted", 500, 0)) == {"total": 1, "submitted": 1, "total_requested_cents": 500}
    assert rules.stats_deltas(("submitted", 500, 0), ("offered", 500, 300)) == {
        "submitted": -1, "offered": 1, "total_approved_cents": 300}
    assert rules.stats_deltas(("offered", 500, 300), ("rejected", 500, 300)) == {
        "offered": -1, "rejected": 1, "total_approved_cents": -300}
    assert rules.stats_deltas(("offered", 500, 300), ("need_more", 800, 300)) == {
        "offered": -1, "need_more": 1, "total_requested_cents": 300}
    assert rules.stats_deltas(("accepted", 5, 3), ("accepted", 5, 3)) == {}


def test_disbursement_deltas_move_the_grant_and_count_the_money():
    # accepted and disbursed are both committed: the approved total stays, the paid total grows
    assert rules.disbursement_deltas(500, 300, 250) == {"accepted": -1, "disbursed": 1, "total_disbursed_cents": 250}


def test_budget_view():
    assert rules.budget_view(None, D("1"), D("0")) is None
    assert rules.budget_view(D("100"), D("30"), D("10")) == {"budget": D("100"), "committed": D("30"),
                                                            "disbursed": D("10"), "remaining": D("70"),
                                                            "limit": D("100")}


# -- rules with their DynamoDB conditions beside them ------------------------------------------

def _condition_parts(condition) -> tuple[str, set[str], list]:
    names: dict[str, str] = {}
    values: dict[str, object] = {}
    expression = condition.serialize(names, values)
    return expression, set(names), list(values.values())


def test_reviewer_transitions_are_the_table_in_status_order() -> None:
    assert rules.reviewer_transitions("submitted") == ["info_needed", "offered", "rejected", "waitlisted"]
    assert rules.reviewer_transitions("offered") == ["rejected"]
    assert rules.reviewer_transitions("accepted") == [] and rules.reviewer_transitions("unknown") == []


def test_the_question_is_needed_only_when_moving_to_info_needed() -> None:
    assert rules.needs_question("submitted", "info_needed")
    assert not rules.needs_question("info_needed", "info_needed")
    assert not rules.needs_question("submitted", "offered")


@pytest.mark.parametrize("status,locked", [("accepted", True), ("disbursed", True), ("offered", False),
                                           ("need_more", False), ("submitted", False)])
def test_amounts_lock_once_agreed_or_paid(status, locked) -> None:
    assert rules.amount_locked(status) is locked


def test_readiness_says_what_is_missing() -> None:
    assert rules.readiness_problem("offered", True, 1) == "Only an accepted grant can be disbursed (this one is offered)."
    assert "payment details" in rules.readiness_problem("accepted", False, 1)
    assert "receipt" in rules.readiness_problem("accepted", True, 0)
    assert rules.readiness_problem("accepted", True, 1) is None and rules.ready_for_disbursement("accepted", True, 1)


def test_receipts_open_and_readable() -> None:
    assert rules.receipts_open("accepted", 100) and not rules.receipts_open("accepted", 0)
    assert not rules.receipts_open("disbursed", 100) and rules.receipts_readable("disbursed", 100)
    assert not rules.receipts_readable("offered", 100)


def test_each_condition_tests_its_predicates_attributes() -> None:
    from chalicelib.store.grants import GrantItem

    expression, names, values = _condition_parts(rules.receipts_open_condition(GrantItem))
    assert names == {"status", "approved_cents"} and {"S": "accepted"} in values and {"N": "0"} in values
    _, names, values = _condition_parts(rules.ready_condition(GrantItem))
    assert names == {"status", "has_payment_info", "approved_receipts"} and {"BOOL": True} in values
    expression, names, values = _condition_parts(rules.still_in(GrantItem, "offered"))
    assert names == {"status"} and values == [{"S": "offered"}] and "=" in expression
    expression, _, values = _condition_parts(rules.still_in(GrantItem, {"submitted", "info_needed"}))
    assert " IN " in expression and values == [{"S": "info_needed"}, {"S": "submitted"}]
