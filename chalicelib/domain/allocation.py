"""The committee's proposed allocation: which candidates to fund within a budget.

An exact optimiser, not a greedy guess: a 0/1 knapsack with floor constraints, solved as a
mixed-integer programme by HiGHS (`highspy`, imported only by `solve`, so nothing else pays
for loading it). For candidates i with cost c_i (cents) and mean score m_i:

    maximise   sum m_i x_i                    x_i in {0, 1}
    subject to sum c_i x_i <= capacity        capacity = budget / (1 - expected decline rate)
               sum_{i matches f} c_i x_i >= share_f * sum c_i x_i     for each floor f

Every coefficient is an integer (means in score units, shares in ten-thousandths, money in
cents), so every row's activity is an integer and the solver's tolerances cannot let a
solution break the budget or a floor; the answer is checked again exactly here all the same.
The objective is an integer too, so an absolute gap below 1 is a proof of optimality. Means
are counted exactly in units of 1/L, L the least common multiple of the candidates' numbers
of scores (sixths with two or three reviewers each): the objective is the true sum of means,
and a coarse unit is what lets the solver prove it quickly (in hundredths, with amounts to
the dollar, it often cannot within seconds). Only when L passes 100 are means rounded to
hundredths.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .money import money_words

FLOOR_FIELDS = ("first_time", "international", "application_type")
#: Shares and rates are given to at most this many decimals (they become integers of 1/10^n).
SHARE_PLACES = 4
SHARE_SCALE = 10 ** SHARE_PLACES
#: The solver stops here and answers the best allocation found (`optimal: false`).
DEFAULT_TIME_LIMIT = 6.0
#: Integer objective: a proven gap below one hundredth of a score point is no gap at all.
_ABS_GAP = 0.5


@dataclass(frozen=True)
class Floor:
    """The funded grants matching `field == equals` take at least `min_share` of the funded money."""

    field: str
    equals: Any
    min_share: Decimal

    @property
    def label(self) -> str:
        """How the committee names it: "the first-time floor", "the speaker floor"..."""
        if self.field == "first_time":
            name = "first-time" if self.equals else "returning-attendee"
        elif self.field == "international":
            name = "international" if self.equals else "non-international"
        else:
            name = str(self.equals).replace("_", " ")
        return f"the {name} floor"

    def matches(self, candidate: Candidate) -> bool:
        return candidate.attributes.get(self.field) == self.equals

    @property
    def share_units(self) -> int:
        return int(self.min_share * SHARE_SCALE)


@dataclass(frozen=True)
class Candidate:
    """A grant the committee may fund: its cost (cents; 0 for a ticket), its mean score as an
    integer number of score units (see `score_units`), the attributes floors look at, and the
    mean as people read it ("3.33")."""

    grant_id: str
    cost: int
    score: int
    attributes: dict[str, Any]
    shown: str = ""

    @property
    def mean_words(self) -> str:
        """The mean as shown (hundredths when no text was given)."""
        return self.shown or f"{self.score / 100:.2f}"


@dataclass(frozen=True)
class Allocation:
    funded: frozenset[str]
    optimal: bool
    capacity: int
    funded_total: int
    reasons: dict[str, str]


class FloorsImpossible(ValueError):
    """The floors cannot all hold unless nothing that costs money is funded."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def capacity(budget_cents: int, decline_rate: Decimal) -> int:
    """The money that may be offered: the budget over the share of offers expected to be taken."""
    if budget_cents <= 0:
        return 0
    return int((Decimal(budget_cents) / (1 - decline_rate)).to_integral_value(rounding=ROUND_FLOOR))


def floor_problems(candidates: Sequence[Candidate], floors: Sequence[Floor]) -> dict[str, str]:
    """Floors that could only hold by funding nothing that costs money, in words, by request field."""
    problems: dict[str, str] = {}
    for n, floor in enumerate(floors):
        if floor.min_share > 0 and not any(c.cost > 0 and floor.matches(c) for c in candidates):
            problems[f"floors[{n}]"] = (f"no candidate with a requested amount matches {floor.label}, so it "
                                        f"could only be met by funding no money at all")
    by_field: dict[str, dict[Any, Decimal]] = {}
    for floor in floors:  # floors on one field with different values count disjoint grants
        values = by_field.setdefault(floor.field, {})
        values[floor.equals] = max(values.get(floor.equals, Decimal(0)), floor.min_share)
    for field, values in by_field.items():
        if len(values) > 1 and sum(values.values()) > 1:
            problems["floors"] = (f"the floors on {field} ask for {sum(values.values()) * 100:.0f}% of the "
                                  f"funded money together; they must not ask for more than 100%")
    return problems


def feasible(chosen: Sequence[Candidate], floors: Sequence[Floor], capacity_cents: int) -> bool:
    """The exact check of an allocation: within capacity, every floor met."""
    total = sum(c.cost for c in chosen)
    if total > capacity_cents:
        return False
    return all(sum(c.cost for c in chosen if f.matches(c)) * SHARE_SCALE >= f.share_units * total for f in floors)


def solve(candidates: Sequence[Candidate], floors: Sequence[Floor], capacity_cents: int,
          time_limit: float = DEFAULT_TIME_LIMIT) -> Allocation:
    """The allocation with the highest total score; `optimal` only when HiGHS proved it."""
    problems = floor_problems(candidates, floors)
    if problems:
        raise FloorsImpossible(problems)
    free = [c for c in candidates if c.cost == 0]  # tickets cost nothing: always funded
    paid = [c for c in candidates if 0 < c.cost <= capacity_cents]
    chosen, optimal = _solve_paid(paid, floors, capacity_cents, time_limit) if paid else ([], True)
    funded = free + chosen
    ids = frozenset(c.grant_id for c in funded)
    total = sum(c.cost for c in funded)
    return Allocation(funded=ids, optimal=optimal, capacity=capacity_cents, funded_total=total,
                      reasons=reasons(candidates, floors, ids, capacity_cents, optimal))


def _groups(paid: Sequence[Candidate], floors: Sequence[Floor]) -> list[list[Candidate]]:
    """Candidates the model cannot tell apart (same cost, score and floors matched), each
    group one integer variable: thousands of interchangeable binaries would make the solver
    prove the same thing once per permutation. Within a group the order given (the ranking)
    decides who is funded first."""
    groups: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in paid:
        groups.setdefault((c.cost, c.score, *(f.matches(c) for f in floors)), []).append(c)
    return list(groups.values())


def _solve_paid(paid: Sequence[Candidate], floors: Sequence[Floor], capacity_cents: int,
                time_limit: float) -> tuple[list[Candidate], bool]:
    import highspy  # a few MB of native code: loaded by the request that allocates, never at INIT

    groups = _groups(paid, [f for f in floors if f.min_share > 0])
    n = len(groups)
    heads = [g[0] for g in groups]
    unit = math.gcd(*(c.cost for c in heads))  # whole dollars, or fifties: smaller numbers, same model
    highs = highspy.Highs()
    for name, value in (("output_flag", False), ("log_to_console", False), ("time_limit", float(time_limit)),
                        ("mip_rel_gap", 0.0), ("mip_abs_gap", _ABS_GAP), ("threads", 1), ("random_seed", 0)):
        highs.setOptionValue(name, value)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = [float(c.score) for c in heads]
    lp.col_lower_ = [0.0] * n
    lp.col_upper_ = [float(len(g)) for g in groups]
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    # Rows: the budget, then one per floor: sum (10^4 * matches_i - share) * c_i x_i >= 0.
    rows = [[float(c.cost // unit) for c in heads]]
    lower, upper = [-inf], [float(capacity_cents // unit)]
    for floor in floors:
        if floor.min_share <= 0:
            continue
        rows.append([float(((SHARE_SCALE if floor.matches(c) else 0) - floor.share_units) * (c.cost // unit))
                     for c in heads])
        lower.append(0.0)
        upper.append(inf)
    lp.num_row_ = len(rows)
    lp.row_lower_, lp.row_upper_ = lower, upper
    starts, index, value = [], [], []
    for j in range(n):  # column-wise: each group's coefficient in each row
        starts.append(len(index))
        for r, row in enumerate(rows):
            if row[j] != 0.0:
                index.append(r)
                value.append(row[j])
    starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = starts, index, value
    highs.passModel(lp)
    start = _greedy(paid, floors, capacity_cents)
    if start:
        picked = {c.grant_id for c in start}
        solution = highspy.HighsSolution()
        solution.col_value = [float(sum(c.grant_id in picked for c in g)) for g in groups]
        solution.value_valid = True
        highs.setSolution(solution)
    highs.run()
    status = highs.getModelStatus()
    values = list(highs.getSolution().col_value) if highs.getInfo().primal_solution_status else []
    chosen = [c for g, v in zip(groups, values, strict=False) for c in g[:round(v)]]
    if len(values) != n or not feasible(chosen, floors, capacity_cents):
        return start, False
    if sum(c.score for c in start) > sum(c.score for c in chosen):
        return start, False
    return chosen, status == highspy.HighsModelStatus.kOptimal


def _greedy(paid: Sequence[Candidate], floors: Sequence[Floor], capacity_cents: int) -> list[Candidate]:
    """A feasible start for the solver: best score per cent first while it fits, then the
    weakest grants that match none of the floors still short are dropped until every floor
    holds. Only a hint; HiGHS improves on it."""
    chosen: list[Candidate] = []
    total = 0
    for c in sorted(paid, key=lambda c: (-c.score / c.cost, c.cost)):
        if total + c.cost <= capacity_cents:
            chosen.append(c)
            total += c.cost
    matched = [sum(c.cost for c in chosen if f.matches(c)) for f in floors]
    weakest_first = sorted(chosen, key=lambda c: (c.score / c.cost, -c.cost))
    kept = dict.fromkeys(range(len(weakest_first)))  # insertion-ordered: weakest first
    while kept:
        short = [n for n, f in enumerate(floors) if matched[n] * SHARE_SCALE < f.share_units * total]
        if not short:
            break
        drop = next((i for i in kept if not any(floors[n].matches(weakest_first[i]) for n in short)), next(iter(kept)))
        del kept[drop]
        gone = weakest_first[drop]
        total -= gone.cost
        for n, f in enumerate(floors):
            if f.matches(gone):
                matched[n] -= gone.cost
    return [weakest_first[i] for i in kept]


# -- why a grant is not funded, in the committee's words ---------------------------------------

def reasons(candidates: Sequence[Candidate], floors: Sequence[Floor], funded: frozenset[str],
            capacity_cents: int, optimal: bool) -> dict[str, str]:
    """For each candidate left out: the sentence a committee member reads beside it."""
    chosen = [c for c in candidates if c.grant_id in funded]
    room = _Room(chosen, floors, capacity_cents)
    left = capacity_cents - room.total
    line = funded_line(candidates, funded)
    out: dict[str, str] = {}
    for c in candidates:
        if c.grant_id in funded:
            continue
        if c.cost > left:
            does_not_fit = f"{money_words(c.cost)} needed, {money_words(max(left, 0))} left"
            if c.cost > capacity_cents:
                out[c.grant_id] = (f"does not fit: {money_words(c.cost)} needed, more than the whole "
                                   f"{money_words(capacity_cents)} to offer")
            elif line is not None and c.score < line.score:
                out[c.grant_id] = (f"score {c.mean_words} is below the funded line of "
                                   f"{line.mean_words}, and it does not fit: {does_not_fit}")
            elif broken := room.broken_by_swapping_in(c):
                if any(f.matches(c) for f in broken):  # it counts for the floor, but less than what it would displace
                    out[c.grant_id] = (f"does not fit: {does_not_fit}; dropping lower-scored grants to make room "
                                       f"would leave {_and(f.label for f in broken)} unmet")
                else:
                    out[c.grant_id] = f"kept out to meet {_and(f.label for f in broken)} ({does_not_fit})"
            else:
                out[c.grant_id] = (f"does not fit: {does_not_fit}; the grants funded instead score "
                                   f"more together")
            continue
        if broken := room.broken_by_adding(c):
            out[c.grant_id] = "kept out to meet " + _and(f.label for f in broken)
        elif not optimal:
            out[c.grant_id] = "not reached: the solver stopped at its time limit before considering it"
        else:
            out[c.grant_id] = "funding it would not raise the total score"
    return out


class _Room:
    """The funded grants' money, in all and per floor, and the swap a committee member would
    try first: drop the lowest-scoring funded grants until a left-out one fits (prefix sums,
    so each question is a bisection, not a pass over the funded grants)."""

    def __init__(self, chosen: Sequence[Candidate], floors: Sequence[Floor], capacity_cents: int) -> None:
        self.floors = floors
        self.capacity = capacity_cents
        self.total = sum(c.cost for c in chosen)
        self.matched = [sum(c.cost for c in chosen if f.matches(c)) for f in floors]
        weakest_first = sorted((c for c in chosen if c.cost > 0), key=lambda c: (c.score, -c.cost))
        self.dropped_cost = list(itertools.accumulate((c.cost for c in weakest_first), initial=0))
        self.dropped_matched = [list(itertools.accumulate((c.cost if f.matches(c) else 0 for c in weakest_first),
                                                          initial=0)) for f in floors]

    def _short(self, total: int, matched: Sequence[int]) -> list[Floor]:
        return [f for f, m in zip(self.floors, matched, strict=True) if m * SHARE_SCALE < f.share_units * total]

    def broken_by_adding(self, c: Candidate) -> list[Floor]:
        return self._short(self.total + c.cost, [m + (c.cost if f.matches(c) else 0)
                                                 for f, m in zip(self.floors, self.matched, strict=True)])

    def broken_by_swapping_in(self, c: Candidate) -> list[Floor]:
        need = self.total + c.cost - self.capacity  # what the dropped grants must free
        k = min(bisect.bisect_left(self.dropped_cost, need), len(self.dropped_cost) - 1)
        matched = [m - dropped[k] + (c.cost if f.matches(c) else 0)
                   for f, m, dropped in zip(self.floors, self.matched, self.dropped_matched, strict=True)]
        return self._short(self.total - self.dropped_cost[k] + c.cost, matched)


def _and(items: Any) -> str:
    words = list(dict.fromkeys(items))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def funded_line(candidates: Sequence[Candidate], funded: frozenset[str]) -> Candidate | None:
    """The funded grant that costs money with the lowest mean score (None when none does)."""
    paid = [c for c in candidates if c.grant_id in funded and c.cost > 0]
    return min(paid, key=lambda c: c.score) if paid else None


def share_of(candidates: Sequence[Candidate], funded: frozenset[str], floor: Floor) -> Decimal:
    """The share of the funded money that went to grants matching `floor` (0 when none was funded)."""
    chosen = [c for c in candidates if c.grant_id in funded]
    total = sum(c.cost for c in chosen)
    if not total:
        return Decimal(0)
    matched = sum(c.cost for c in chosen if floor.matches(c))
    return (Decimal(matched) / Decimal(total)).quantize(Decimal("0.0001"))


#: Past this many units per score point, means are rounded to hundredths instead.
MAX_SCORE_UNITS = 100


def score_units(scores: Sequence[Sequence[int]]) -> list[int]:
    """Each candidate's mean score as a whole number of units (see the module's docstring):
    exact when the counts' least common multiple is at most MAX_SCORE_UNITS, else hundredths
    (rounded half up). The same unit for every candidate of one proposal."""
    counts = {len(s) for s in scores if s}
    unit = math.lcm(*counts) if counts else 1
    if unit > MAX_SCORE_UNITS:
        return [(sum(s) * 200 // len(s) + 1) // 2 if s else 0 for s in scores]
    return [sum(s) * unit // len(s) if s else 0 for s in scores]
