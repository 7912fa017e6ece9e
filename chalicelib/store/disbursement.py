"""The disbursement write: accepted -> disbursed, proven against the receipts and payment record.

One TransactWriteItems: the grant moves guarded by its status and approved amount, the
approved receipt must still be approved and the payment record must still exist, the
conference's stats and the audit trail change in the same request. Two payers racing
cannot both disburse, and a receipt flagged in between makes it fail, not half-happen.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.grants import ACCEPTED, DISBURSED
from ..domain.receipts import APPROVED
from . import grants
from .grants import GrantItem
from .keys import PAYMENT_SK, grant_pk
from .payment import PaymentItem
from .receipts import ReceiptItem


def disburse(conf: str, grant_id: str, *, approved_cents: int, cents: int, receipt_sk: str, payer_sub: str,
             payer_name: str, deltas: Mapping[str, int], now: str) -> None:
    """Record the payment; raises grants.WriteRefused when the grant is no longer ready."""
    tx = grants.new_transaction()
    tx.update("grant", GrantItem(*grants.grant_key(conf, grant_id)), [
        GrantItem.status.set(DISBURSED),
        GrantItem.gsi2pk.set(grants.status_pk(conf, DISBURSED)),
        GrantItem.disbursed_cents.set(cents),
        GrantItem.disbursed_at.set(now),
        GrantItem.disbursed_by.set(payer_sub),
        GrantItem.disbursed_by_name.set(payer_name) if payer_name else GrantItem.disbursed_by_name.remove(),
        GrantItem.version.add(1),
        GrantItem.updated_at.set(now),
    ], (GrantItem.status == ACCEPTED) & (GrantItem.approved_cents == approved_cents))
    tx.check("receipt", ReceiptItem, grant_pk(conf, grant_id), receipt_sk, ReceiptItem.status == APPROVED)
    tx.check("payment", PaymentItem, grant_pk(conf, grant_id), PAYMENT_SK, PaymentItem.pk.exists())
    grants.add_stats_update(tx, conf, deltas)
    grants.append_audit(tx, conf, grant_id, payer_sub, "disburse", {"disbursed_cents": cents},
                        actor_name=payer_name)
    grants.commit(tx)
