"""The committee's proposed allocation: the candidates, the budget, the solver's answer in words.

Writes nothing. Reads the ranked candidates through `scoring.scored_grants` (the ranking's
own read: each grant once, the reviewers' counters once) and, when no budget is given, the
stats item (one GetItem) for what remains. The optimisation itself is domain.allocation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..domain import allocation as rules
from ..domain.conference import Conference
from ..domain.grants import TICKET_ONLY
from ..domain.money import cents_to_str, to_cents
from ..errors import ValidationFailed, field_error
from ..store import grants as grant_store
from ..store import scores as score_store
from ..store.grants import GrantRecord
from . import scoring


def _budget_cents(conference: Conference, given: Decimal | None) -> int:
    if given is not None:
        return to_cents(given)
    if conference.grant_budget is None:
        raise field_error("budget", "give a budget: the conference has no grant budget to take what remains from")
    stats = grant_store.read_stats(conference.slug)
    return max(to_cents(conference.grant_budget) - stats.total_approved_cents, 0)


def _attributes(grant: GrantRecord) -> dict[str, Any]:
    app = grant.application
    return {"first_time": app.get("first_time"), "international": bool(app.get("international")),
            "application_type": str(app.get("application_type") or "general")}


def _candidates(ranked: list[tuple[GrantRecord, dict[str, Any]]]) -> list[rules.Candidate]:
    """Each grant's cost (0 for a ticket) and its mean score counted exactly (domain.allocation)."""
    units = rules.score_units([list(score_store.Scoring.of(grant).scores.values()) for grant, _ in ranked])
    return [rules.Candidate(grant.grant_id, 0 if grant.request_type == TICKET_ONLY else grant.requested_cents,
                            score, _attributes(grant), summary["mean"] or "")
            for (grant, summary), score in zip(ranked, units, strict=True)]


def propose(conference: Conference, body: Any, time_limit: float = rules.DEFAULT_TIME_LIMIT) -> dict[str, Any]:
    """The allocation with the highest total mean score within the budget and the floors."""
    budget_cents = _budget_cents(conference, body.budget)
    floors = [rules.Floor(f.field, f.equals, f.min_share) for f in body.floors]
    for n, floor in enumerate(body.floors):
        if (floor.field == "application_type") == isinstance(floor.equals, bool):
            raise field_error(f"floors[{n}].equals", "must be true or false for first_time and international, "
                                                     "an application type for application_type")
    ranked = scoring.scored_grants(conference, body.statuses, body.min_scores)
    candidates = _candidates(ranked)
    capacity = rules.capacity(budget_cents, body.expected_decline_rate)
    try:
        result = rules.solve(candidates, floors, capacity, time_limit)
    except rules.FloorsImpossible as impossible:
        raise ValidationFailed({k: [v] for k, v in impossible.problems.items()}) from None
    line = rules.funded_line(candidates, result.funded)
    proposal = []
    for (grant, summary), candidate in zip(ranked, candidates, strict=True):
        funded = candidate.grant_id in result.funded
        proposal.append({"grant_id": grant.grant_id, "user": scoring.identity(conference, grant),
                         "amount": cents_to_str(candidate.cost), "scores": summary,
                         "funded": funded, "reason": None if funded else result.reasons[grant.grant_id],
                         "status": grant.status, "request_type": grant.request_type, "version": grant.version,
                         **candidate.attributes})
    return {
        "proposal": proposal, "funded_total": cents_to_str(result.funded_total), "budget": cents_to_str(budget_cents),
        "capacity": cents_to_str(capacity), "funded_count": len(result.funded),
        "funded_line": None if line is None else line.mean_words,
        "floors": [{"field": f.field, "equals": f.equals, "min_share": f"{f.min_share:.4f}",
                    "funded_share": f"{rules.share_of(candidates, result.funded, f):.4f}", "label": f.label}
                   for f in floors],
        "optimal": result.optimal,
    }
