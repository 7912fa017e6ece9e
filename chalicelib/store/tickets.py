"""Recording a grant's ticket: one request per change (the grant's ticket attributes and an
audit entry in one TransactWriteItems), conditional on the ticket's status as the rule in
domain.tickets allows it. `version` is not touched: a reviewer's If-Match is about the
decision, not about pretix's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pynamodb.expressions.condition import Condition

from ..domain import tickets as rules
from .grants import GrantItem, append_audit, grant_key, new_transaction
from .transact import Cancelled

#: Who the audit trail names for what the ticket machinery does.
SYSTEM_ACTOR = "system:pretix"


def may_issue_condition() -> Condition:
    """domain.tickets.may_issue: still holding a ticket, and none recorded as issued yet."""
    return GrantItem.status.is_in(*sorted(rules.HOLDING_STATUSES)) & GrantItem.ticket_status.is_in(*sorted(rules.TO_ISSUE))


def may_revoke_condition() -> Condition:
    """domain.tickets.may_revoke."""
    return GrantItem.ticket_status.is_in(*sorted(rules.MAY_EXIST))


def may_mark_redeemed_condition() -> Condition:
    """domain.tickets.may_mark_redeemed."""
    return GrantItem.ticket_status == rules.ISSUED


def record(conf: str, grant_id: str, changes: Mapping[str, Any], condition: Condition, *,
           audit_action: str | None = None, audit_details: Mapping[str, Any] | None = None,
           actor_sub: str = SYSTEM_ACTOR, actor_name: str | None = "pretix") -> bool:
    """Set the grant's `ticket_*` attributes (None removes) if `condition` holds; with an audit
    entry when `audit_action` is given. False when the condition failed (nothing written)."""
    actions = [getattr(GrantItem, name).remove() if value is None else getattr(GrantItem, name).set(value)
               for name, value in changes.items()]
    tx = new_transaction()
    tx.update("grant", GrantItem(*grant_key(conf, grant_id)), actions, GrantItem.pk.exists() & condition)
    if audit_action:
        append_audit(tx, conf, grant_id, actor_sub, audit_action, dict(audit_details or {}), actor_name)
    try:
        tx.commit()
    except Cancelled:
        return False
    return True
