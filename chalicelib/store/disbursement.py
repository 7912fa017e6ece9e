"""The disbursement write: accepted -> disbursed, proven against the receipts and payment record.

One TransactWriteItems: the grant moves guarded by its status and approved amount; every
approved receipt the payout was judged on must still be approved (a flag in between fails
it); the payment record must still hold the version the payer read, and the payer's read
record must name that version; the grant's receipts still pending or awaiting their upload
leave the reviewers' queue (they can no longer be decided on); the conference's stats and
the audit trail change in the same request. Two payers racing cannot both disburse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..domain.grants import ACCEPTED, DISBURSED, still_in
from ..domain.receipts import APPROVED
from ..policies import payer_may_read_condition
from . import grants
from . import payment as payment_store
from .grants import GrantItem
from .keys import GRANT_SK, grant_pk
from .receipts import ReceiptItem
from .transact import Cancelled


class Refused(Exception):
    """The disbursement's transaction was cancelled; `reasons` names the items that failed."""

    def __init__(self, failed: set[str]) -> None:
        super().__init__(", ".join(sorted(failed)))
        self.failed = failed

    @property
    def grant_moved(self) -> bool:
        return "grant" in self.failed

    @property
    def details_changed(self) -> bool:
        return bool({"payment", "payment_read"} & self.failed)


def payer_may_read(sub: str) -> Any:
    """Condition on the grant: a payer may read its payment details (policies.payer_may_read_condition)."""
    return GrantItem.pk.exists() & payer_may_read_condition(GrantItem, sub)


def disburse(conf: str, grant_id: str, *, approved_cents: int, cents: int, approved_receipt_sks: Sequence[str],
             leftover_receipt_sks: Sequence[str], payment_version: int, payer_sub: str, payer_name: str,
             deltas: Mapping[str, int], audit: Mapping[str, Any], now: str) -> None:
    """Record the payment; raises Refused naming what no longer holds."""
    pk = grant_pk(conf, grant_id)
    tx = grants.new_transaction()
    tx.update("grant", GrantItem(pk, GRANT_SK), [
        GrantItem.status.set(DISBURSED),
        GrantItem.gsi2pk.set(grants.status_pk(conf, DISBURSED)),
        GrantItem.disbursed_cents.set(cents),
        GrantItem.disbursed_at.set(now),
        GrantItem.disbursed_by.set(payer_sub),
        GrantItem.disbursed_by_name.set(payer_name) if payer_name else GrantItem.disbursed_by_name.remove(),
        GrantItem.version.add(1),
        GrantItem.updated_at.set(now),
    ], still_in(GrantItem, ACCEPTED) & (GrantItem.approved_cents == approved_cents))
    for sk in approved_receipt_sks:
        tx.check(f"receipt:{sk}", ReceiptItem, pk, sk, ReceiptItem.status == APPROVED)
    for sk in leftover_receipt_sks:
        tx.update(f"leftover:{sk}", ReceiptItem(pk, sk), [
            ReceiptItem.gsi2pk.remove(), ReceiptItem.gsi2sk.remove(), ReceiptItem.grant_settled.set(True),
            ReceiptItem.updated_at.set(now)], ReceiptItem.pk.exists())
    payment_store.read_by(tx, conf, grant_id, payer_sub, payment_version)
    grants.add_stats_update(tx, conf, deltas)
    grants.append_audit(tx, conf, grant_id, payer_sub, "disburse", audit, actor_name=payer_name)
    try:
        tx.commit()
    except Cancelled as exc:
        raise Refused({name for name, reason in exc.reasons.items() if reason.code}) from exc
