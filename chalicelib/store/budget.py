"""The budget's conditions in a grant write (domain.budget): the committed counter on the
stats item, and the conference still holding the budget the limit was computed from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..domain import budget as rules
from .conferences import ConferenceItem
from .grant_entries import GrantStatsItem
from .keys import META_SK, conference_pk
from .transact import Transaction

#: The transaction item names a refusal reports (store.grants.WriteRefused.failed).
STATS_ITEM, SETTINGS_ITEM = "stats", "budget_settings"


class BudgetGuard(NamedTuple):
    """What a grant write adds to stay within the budget (both None: nothing to guard)."""

    stats_condition: Any = None
    check: Callable[[Transaction], None] | None = None
    limit: int | None = None
    increase: int = 0


def guard(conf: str, budget_cents: int | None, overcommit_percent: int, increase_cents: int) -> BudgetGuard:
    """The guard of a change that adds `increase_cents` to committed money."""
    limit = rules.limit_cents(budget_cents, overcommit_percent)
    condition = rules.within_budget_condition(GrantStatsItem.total_approved_cents, increase_cents, limit)
    if condition is None:
        return BudgetGuard(limit=limit, increase=increase_cents)
    settings = rules.settings_unchanged_condition(ConferenceItem.grant_budget_cents, ConferenceItem.overcommit_percent,
                                                  budget_cents, overcommit_percent)

    def check(tx: Transaction) -> None:
        tx.check(SETTINGS_ITEM, ConferenceItem, conference_pk(conf), META_SK, settings)

    return BudgetGuard(condition, check, limit, increase_cents)


def combine(*checks: Callable[[Transaction], None] | None) -> Callable[[Transaction], None] | None:
    """Several `checks` callbacks of store.grants.update as one."""
    present = [c for c in checks if c is not None]
    if not present:
        return None

    def run(tx: Transaction) -> None:
        for check in present:
            check(tx)

    return run
