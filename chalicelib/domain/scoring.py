"""Scoring rules that need no AWS: who may score which grant, the review settings, the
score summary and the calibrated score.

Each rule here has its DynamoDB condition beside it in store/scores.py (same name,
`*_condition`): the predicate decides what a reviewer is told, the condition decides what
happened when requests race.

Calibration corrects for lenient and harsh reviewers: a score counts as how far it lies
from that reviewer's own mean, in that reviewer's standard deviations (a z-score), across
all their scores in the conference. A reviewer with fewer than two scores, or who gave the
same score every time, has no spread to measure against and counts 0. The grant's
calibrated score is the mean of its reviewers' z-scores. Each reviewer's count, sum and sum
of squares are counters kept in the score's transaction, so this is arithmetic, not a scan.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from .grants import INFO_NEEDED, SUBMITTED

#: The contract's waitlist status (grants the committee still weighs); spelled here until the
#: status table in domain.grants gains it.
WAITLISTED = "waitlisted"
#: Statuses in which a grant may be scored (and is served by next-to-score). Once decided, a
#: grant's scores are frozen. No transition leads from outside this set back into it.
SCORABLE_STATUSES = frozenset({SUBMITTED, INFO_NEEDED, WAITLISTED})

MIN_SCALE, MAX_SCALE = 3, 10
DEFAULT_SCALE = 5
MAX_COMMENT = 4000
MAX_REASON = 1000


class ReviewSettings(NamedTuple):
    """A conference's `review` settings (defaults: scale 5, not blind, scoring open)."""

    scale: int = DEFAULT_SCALE
    blind: bool = False
    scoring_open: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"scale": self.scale, "blind": self.blind, "scoring_open": self.scoring_open}


def reviewer_key(sub: str) -> str:
    """A short, stable key for a reviewer: attribute-safe and bounded whatever the `sub`."""
    return hashlib.sha256(f"reviewer\x00{sub}".encode()).hexdigest()[:20]


def conflicted(conflicts: Iterable[str], key: str) -> bool:
    """The reviewer (by key) declared a conflict on the grant: they may not score it, review it
    or see its scores (store.scores.no_conflict_condition)."""
    return key in conflicts


def scorable(status: str) -> bool:
    """A grant still being weighed (store.scores.scorable_condition)."""
    return status in SCORABLE_STATUSES


def score_problem(score: int, scale: int) -> str | None:
    """Why `score` is not a score on this conference's scale (None when it is)."""
    if not 1 <= score <= scale:
        return f"must be a whole number from 1 to {scale}"
    return None


def hides_identity(review: ReviewSettings, status: str) -> bool:
    """Blind review: reviewers do not learn who applied until the grant is decided."""
    return review.blind and scorable(status)


def may_see_reviews(has_scored: bool, review: ReviewSettings) -> bool:
    """Others' scores and comments are shown once the caller scored the grant, or scoring closed."""
    return has_scored or not review.scoring_open


# -- reviewer counters and calibration ---------------------------------------------------------

class ReviewerCounters(NamedTuple):
    """One reviewer's scores across the conference: how many, their sum and sum of squares."""

    count: int = 0
    total: int = 0
    squares: int = 0

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    @property
    def spread(self) -> float:
        """Population standard deviation (0 with fewer than two scores)."""
        if self.count < 2:
            return 0.0
        variance = self.squares / self.count - self.mean ** 2
        return math.sqrt(variance) if variance > 1e-12 else 0.0

    def z(self, score: int) -> float:
        """How far `score` lies from this reviewer's mean, in their standard deviations (0: no spread)."""
        spread = self.spread
        return (score - self.mean) / spread if spread else 0.0


def counter_deltas(old: int | None, new: int | None) -> tuple[int, int, int]:
    """(count, sum, sum of squares) changes when a reviewer's score goes from `old` to `new`."""
    count = (new is not None) - (old is not None)
    total = (new or 0) - (old or 0)
    squares = (new or 0) ** 2 - (old or 0) ** 2
    return count, total, squares


def calibrated(scores: Mapping[str, int], counters: Mapping[str, ReviewerCounters]) -> float | None:
    """The mean of the grant's reviewers' z-scores (None without scores)."""
    if not scores:
        return None
    zs = [counters.get(key, ReviewerCounters()).z(score) for key, score in scores.items()]
    return sum(zs) / len(zs)


def _rounded(value: float | None, places: str) -> str | None:
    if value is None:
        return None
    rounded = Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return str(abs(rounded) if rounded == 0 else rounded)  # never "-0.000"


def summary(scores: Mapping[str, int], counters: Mapping[str, ReviewerCounters]) -> dict[str, Any]:
    """`{"count", "mean" (2 decimals), "calibrated" (3 decimals)}`; mean and calibrated null without scores."""
    count = len(scores)
    mean = sum(scores.values()) / count if count else None
    return {"count": count, "mean": _rounded(mean, "0.01"),
            "calibrated": _rounded(calibrated(scores, counters), "0.001")}


def rank_key(summary_view: Mapping[str, Any], created_at: str) -> tuple[float, float, str]:
    """Ranking order: calibrated desc, then mean desc, then application time (oldest first)."""
    return (-float(summary_view["calibrated"] or 0), -float(summary_view["mean"] or 0), created_at)


def country_of(travel_from: str) -> str:
    """The last comma-separated part of `travel_from`, as written ("Lagos, Nigeria" -> "Nigeria")."""
    parts = [part.strip() for part in (travel_from or "").split(",")]
    return parts[-1] if parts and parts[-1] else ""


def ranked(rows: Iterable[tuple[Mapping[str, Any], str, Any]]) -> list[Any]:
    """Rows of (summary, created_at, payload) in ranking order; returns the payloads."""
    return [payload for _, _, payload in sorted(rows, key=lambda row: rank_key(row[0], row[1]))]
