"""The allocation optimiser against brute force: every subset of small random cases."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import allocation as alloc

TYPES = ("general", "speaker", "community")


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[alloc.Candidate], list[alloc.Floor], int]:
    n = draw(st.integers(0, 9))
    candidates = []
    for i in range(n):
        cost = draw(st.one_of(st.just(0), st.integers(1, 40).map(lambda d: d * 5000)))
        score = draw(st.integers(100, 500))
        candidates.append(alloc.Candidate(f"g{i}", cost, score, {
            "first_time": draw(st.sampled_from([True, False, None])), "international": draw(st.booleans()),
            "application_type": draw(st.sampled_from(TYPES))}))
    floors = draw(st.lists(st.one_of(
        st.builds(alloc.Floor, st.just("first_time"), st.just(True), st.sampled_from(
            [Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.8")])),
        st.builds(alloc.Floor, st.just("international"), st.booleans(), st.sampled_from(
            [Decimal("0.1"), Decimal("0.333"), Decimal("0.6")])),
        st.builds(alloc.Floor, st.just("application_type"), st.sampled_from(TYPES), st.sampled_from(
            [Decimal("0.2"), Decimal("0.4")]))), max_size=2))
    capacity = draw(st.integers(0, 20)) * 10000 + draw(st.integers(0, 9999))
    return candidates, floors, capacity


def best_by_brute_force(candidates, floors, capacity) -> int:
    best = 0
    for r in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, r):
            if alloc.feasible(subset, floors, capacity):
                best = max(best, sum(c.score for c in subset))
    return best


@settings(max_examples=150, deadline=None)
@given(cases())
def test_matches_brute_force_over_every_subset(case):
    candidates, floors, capacity = case
    try:
        result = alloc.solve(candidates, floors, capacity)
    except alloc.FloorsImpossible:
        assert alloc.floor_problems(candidates, floors)
        return
    chosen = [c for c in candidates if c.grant_id in result.funded]
    assert alloc.feasible(chosen, floors, capacity)
    assert result.optimal
    assert sum(c.score for c in chosen) == best_by_brute_force(candidates, floors, capacity)
    assert result.funded_total == sum(c.cost for c in chosen) <= capacity
    assert set(result.reasons) == {c.grant_id for c in candidates} - result.funded
    assert all(result.reasons.values())


def cand(gid: str, dollars: int, score: float, **attrs) -> alloc.Candidate:
    base = {"first_time": False, "international": False, "application_type": "general"}
    return alloc.Candidate(gid, dollars * 100, round(score * 100), {**base, **attrs})


def test_decline_rate_stretches_the_budget():
    assert alloc.capacity(100000, Decimal("0")) == 100000
    assert alloc.capacity(100000, Decimal("0.2")) == 125000
    assert alloc.capacity(100000, Decimal("0.9")) == 1000000
    assert alloc.capacity(-5, Decimal("0.5")) == 0
    candidates = [cand("a", 1000, 4.5), cand("b", 250, 4.0)]
    assert alloc.solve(candidates, [], alloc.capacity(100000, Decimal("0"))).funded == {"a"}
    assert alloc.solve(candidates, [], alloc.capacity(100000, Decimal("0.2"))).funded == {"a", "b"}


def test_floor_keeps_a_better_grant_out_and_says_so():
    candidates = [cand("top", 1000, 5.0), cand("first", 600, 3.0, first_time=True), cand("next", 500, 4.0)]
    floor = alloc.Floor("first_time", True, Decimal("0.4"))
    plain = alloc.solve(candidates, [], 150000)
    assert plain.funded == {"top", "next"} and plain.optimal
    floored = alloc.solve(candidates, [floor], 150000)
    assert floored.funded == {"first", "next"}
    assert alloc.share_of(candidates, floored.funded, floor) >= Decimal("0.4")
    assert floored.reasons["top"] == "kept out to meet the first-time floor ($1,000.00 needed, $400.00 left)"
    fits = alloc.solve([cand("first", 600, 3.0, first_time=True), cand("extra", 300, 4.0)],
                       [alloc.Floor("first_time", True, Decimal("0.7"))], 150000)
    assert fits.funded == {"first"} and fits.reasons["extra"] == "kept out to meet the first-time floor"


def test_reasons_in_words():
    candidates = [cand("a", 1000, 4.0), cand("b", 1800, 3.2), cand("c", 1800, 4.5), cand("d", 5000, 5.0),
                  cand("t", 0, 1.0)]
    result = alloc.solve(candidates, [], 280000)
    assert result.funded == {"a", "c", "t"} and result.funded_total == 280000
    assert result.reasons["b"] == ("score 3.20 is below the funded line of 4.00, and it does not fit: "
                                   "$1,800.00 needed, $0.00 left")
    assert result.reasons["d"] == "does not fit: $5,000.00 needed, more than the whole $2,800.00 to offer"
    other = alloc.solve([cand("a", 1000, 3.0), cand("b", 1000, 3.0), cand("c", 1500, 4.9)], [], 200000)
    assert other.funded == {"a", "b"}
    assert other.reasons["c"] == ("does not fit: $1,500.00 needed, $0.00 left; the grants funded instead "
                                  "score more together")


def test_impossible_floors_are_refused_in_words():
    candidates = [cand("a", 1000, 4.0, first_time=True), cand("b", 1000, 4.0)]
    with pytest.raises(alloc.FloorsImpossible) as refused:
        alloc.solve(candidates, [alloc.Floor("first_time", True, Decimal("0.6")),
                                 alloc.Floor("first_time", False, Decimal("0.6"))], 100000)
    assert "120%" in refused.value.problems["floors"]
    with pytest.raises(alloc.FloorsImpossible) as refused:
        alloc.solve(candidates, [alloc.Floor("application_type", "speaker", Decimal("0.1"))], 100000)
    assert "no candidate with a requested amount matches the speaker floor" in refused.value.problems["floors[0]"]


def test_time_limit_answers_the_best_found_not_optimal():
    import random

    rng = random.Random(7)
    candidates = [cand(f"g{i}", rng.randint(100, 3000), rng.randint(100, 500) / 100,
                       first_time=rng.random() < 0.3) for i in range(400)]
    floors = [alloc.Floor("first_time", True, Decimal("0.35"))]
    result = alloc.solve(candidates, floors, sum(c.cost for c in candidates) // 3, time_limit=0.01)
    chosen = [c for c in candidates if c.grant_id in result.funded]
    assert alloc.feasible(chosen, floors, sum(c.cost for c in candidates) // 3)
    assert not result.optimal and chosen


def test_means_are_counted_exactly_in_a_common_unit():
    assert alloc.score_units([[4, 5], [3, 4, 4], [5]]) == [27, 22, 30]  # sixths: 4.5, 3.67, 5
    assert alloc.score_units([]) == []
    many = [[1] * 7, [2] * 9, [3] * 11, [4, 5]]  # lcm 1386: rounded hundredths instead
    assert alloc.score_units(many) == [100, 200, 300, 450]
    # rounded, 3.67 + 3.67 would beat 3.33 + 4.00 (7.34 > 7.33); exactly, both pairs make 22/3: a tie
    units = alloc.score_units([[3, 4, 4], [3, 4, 4], [3, 3, 4], [4, 4, 4]])
    assert units == [11, 11, 10, 12] and units[0] + units[1] == units[2] + units[3]
