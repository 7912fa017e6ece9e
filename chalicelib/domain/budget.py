"""The grant budget holds: the rule that no offer or amount increase takes the money the
conference has committed above its limit, as a Python predicate and, beside it, the
DynamoDB condition that enforces it in the write itself.

`committed` is the stats item's `total_approved_cents` (approved amounts of grants in
offered, need_more, accepted or disbursed; see domain.grants.COMMITTED_STATUSES). The limit
is `grant_budget × (1 + overcommit_percent / 100)`; no budget, no limit. The condition
sits on the stats counter in the same transaction as the change that raises it, so two
offers racing for the last money cannot both pass (never a read-then-write). The limit
comes from the conference as the request read it: `settings_unchanged_condition` checks
that the conference still holds that budget and percentage in the same transaction, so a
stale copy refuses the write instead of judging it against an old limit.
"""

from __future__ import annotations

from typing import Any

MAX_OVERCOMMIT_PERCENT = 100


def limit_cents(budget_cents: int | None, overcommit_percent: int = 0) -> int | None:
    """The most the conference may commit, in cents (None: no budget, no limit). Rounded down,
    so the limit is never above what the percentage allows."""
    if budget_cents is None:
        return None
    return int(budget_cents) * (100 + int(overcommit_percent or 0)) // 100


def fits(committed_cents: int, increase_cents: int, limit: int | None) -> bool:
    """An increase of `increase_cents` keeps committed money within `limit`."""
    return limit is None or increase_cents <= 0 or committed_cents + increase_cents <= limit


def within_budget_condition(committed: Any, increase_cents: int, limit: int | None) -> Any:
    """The DynamoDB twin of `fits`, on the stats item's committed counter (`committed`, a
    PynamoDB attribute): the counter, before the ADD, is at most `limit - increase`. An absent
    counter is zero. None when nothing needs guarding (no limit, or no increase)."""
    if limit is None or increase_cents <= 0:
        return None
    room = limit - increase_cents
    if room < 0:  # the increase alone passes the limit: a condition no item can meet
        return committed.does_not_exist() & committed.exists()
    return committed.does_not_exist() | (committed <= room)


def settings_unchanged_condition(budget_attr: Any, percent_attr: Any, budget_cents: int | None,
                                 overcommit_percent: int) -> Any:
    """The conference item still holds the budget and overcommit percentage the limit was
    computed from (absent attributes mean "no budget" and 0)."""
    same_budget = budget_attr.does_not_exist() if budget_cents is None else budget_attr == int(budget_cents)
    if overcommit_percent:
        return same_budget & (percent_attr == int(overcommit_percent))
    return same_budget & (percent_attr.does_not_exist() | (percent_attr == 0))


def over_budget_message(committed_cents: int, increase_cents: int, limit: int) -> str:
    """What the reviewer is told (amounts in words by the caller's formatter are not needed:
    two decimals read the same in every locale we serve)."""
    left = max(limit - committed_cents, 0)
    return (f"This would commit more than the grant budget allows: {increase_cents / 100:.2f} needed, "
            f"{left / 100:.2f} left.")
