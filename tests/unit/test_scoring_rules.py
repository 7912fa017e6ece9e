"""Scoring rules with no AWS: counters, calibration by hand, rounding, visibility, countries."""

from __future__ import annotations

import math

from chalicelib.domain import scoring as rules


def test_counter_deltas_for_new_replaced_and_removed_scores():
    assert rules.counter_deltas(None, 4) == (1, 4, 16)
    assert rules.counter_deltas(4, 2) == (0, -2, -12)
    assert rules.counter_deltas(2, None) == (-1, -2, -4)


def test_reviewer_spread_and_z_scores():
    rita = rules.ReviewerCounters(count=3, total=9, squares=35)  # 5, 3, 1
    assert rita.mean == 3 and math.isclose(rita.spread, math.sqrt(8 / 3))
    assert math.isclose(rita.z(5), 2 / math.sqrt(8 / 3))
    assert rules.ReviewerCounters(2, 8, 32).z(4) == 0  # no spread
    assert rules.ReviewerCounters(1, 5, 25).z(5) == 0  # a single score


def test_calibrated_summary_by_hand():
    counters = {"rita": rules.ReviewerCounters(3, 9, 35), "ravi": rules.ReviewerCounters(2, 8, 32)}
    assert rules.summary({"rita": 5, "ravi": 4}, counters) == {"count": 2, "mean": "4.50", "calibrated": "0.612"}
    assert rules.summary({"rita": 1}, counters) == {"count": 1, "mean": "1.00", "calibrated": "-1.225"}
    assert rules.summary({"rita": 3, "ravi": 4}, counters)["calibrated"] == "0.000"  # never "-0.000"
    assert rules.summary({}, counters) == {"count": 0, "mean": None, "calibrated": None}


def test_visibility_and_blind_review():
    closed = rules.ReviewSettings(scoring_open=False)
    assert not rules.may_see_reviews(False, rules.ReviewSettings()) and rules.may_see_reviews(True, rules.ReviewSettings())
    assert rules.may_see_reviews(False, closed)
    blind = rules.ReviewSettings(blind=True)
    assert rules.hides_identity(blind, "submitted") and not rules.hides_identity(blind, "rejected")
    assert not rules.hides_identity(rules.ReviewSettings(), "submitted")


def test_scale_country_and_ranking_order():
    assert rules.score_problem(6, 5) and rules.score_problem(0, 5) and rules.score_problem(5, 5) is None
    assert rules.country_of("Lagos, Nigeria") == "Nigeria" and rules.country_of("Pittsburgh") == "Pittsburgh"
    assert rules.country_of("") == ""
    rows = [({"calibrated": "0.100", "mean": "3.00"}, "2026-01-02", "b"),
            ({"calibrated": "0.100", "mean": "4.00"}, "2026-01-03", "a"),
            ({"calibrated": "0.100", "mean": "4.00"}, "2026-01-01", "first"),
            ({"calibrated": "-1.000", "mean": "5.00"}, "2026-01-01", "last")]
    assert rules.ranked(rows) == ["first", "a", "b", "last"]


def test_no_transition_leads_back_into_scoring():
    """The scoring queue is removed when a grant leaves the scorable statuses and never re-created."""
    from chalicelib.domain.grants import APPLICANT_ACTIONS, REVIEWER_TRANSITIONS

    for source, targets in REVIEWER_TRANSITIONS.items():
        if source not in rules.SCORABLE_STATUSES:
            assert not targets & rules.SCORABLE_STATUSES, source
    for action in APPLICANT_ACTIONS.values():
        if action.target in rules.SCORABLE_STATUSES:
            assert action.sources <= rules.SCORABLE_STATUSES, action.name
