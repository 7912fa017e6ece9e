"""Recording that a grant was paid: accepted -> disbursed, with amount, time and who.

Ready means accepted, payment details present and at least one approved receipt. The
read decides *whether* to try; the write proves it: one TransactWriteItems that moves
the grant guarded by its status, re-checks that the approved receipt is still approved
and the payment record still exists, updates the conference stats (status counters and
`total_disbursed_cents`) and appends the audit entry. Two payers racing cannot both
disburse, and a receipt flagged in between makes the disbursement fail, not half-happen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..auth import Principal
from ..domain import receipts as receipt_rules
from ..domain.grants import ACCEPTED, DISBURSED, disbursement_deltas
from ..domain.money import cents_to_str, to_cents
from ..errors import Conflict, NotFound, field_error
from ..store import disbursement as disbursement_store
from ..store import grants as grant_store
from ..store import receipts as receipt_store
from ..store.base import now_iso, public_timestamp


def not_ready(message: str) -> Conflict:
    return Conflict(message, code="not_ready")


def disburse(conf: str, grant_id: str, payer: Principal, amount: Decimal) -> dict[str, Any]:
    if not receipt_rules.is_grant_id(grant_id):
        raise NotFound("No such grant.")
    part = receipt_store.grant_partition(conf, grant_id)
    grant = part.grant
    if grant is None:
        raise NotFound("No such grant.")
    approved = [r for r in receipt_store.receipts_of(part) if r.status == receipt_rules.APPROVED]
    if grant.status != ACCEPTED:
        raise not_ready(f"Only an accepted grant can be disbursed (this one is {grant.status}).")
    if part.payment is None:
        raise not_ready("The applicant has not entered payment details yet.")
    if not approved:
        raise not_ready("No receipt of this grant has been approved yet.")
    cents = to_cents(amount)
    approved_cents = grant.approved_cents or 0
    if cents <= 0:
        raise field_error("disbursed_amount", "must be greater than 0")
    if cents > approved_cents:
        raise field_error("disbursed_amount", f"must not exceed the approved amount {cents_to_str(approved_cents)}")

    now = now_iso()
    requested = grant.requested_cents
    deltas = disbursement_deltas(requested, approved_cents, cents)
    try:
        disbursement_store.disburse(conf, grant_id, approved_cents=approved_cents, cents=cents,
                                    receipt_sk=approved[0].sk, payer_sub=payer.sub, payer_name=payer.name or "",
                                    deltas=deltas, now=now)
    except grant_store.WriteRefused:
        raise not_ready("The grant changed meanwhile and is no longer ready for disbursement.") from None
    return {
        "id": grant_id,
        "status": DISBURSED,
        "approved_amount": cents_to_str(approved_cents),
        "disbursed_amount": cents_to_str(cents),
        "disbursed_at": public_timestamp(now),
        "disbursed_by": payer.sub,
        "disbursed_by_name": payer.name or None,
        "version": grant.version + 1,
    }
