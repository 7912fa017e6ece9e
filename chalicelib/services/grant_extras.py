"""Receipt, payment and disbursement facts shown on the reviewer's grant detail.

The reviewer detail (grant_review) passes the grant's partition it already read in its
one Query (store.grants.GrantPartition), so these facts cost no extra request.
"""

from __future__ import annotations

from typing import Any

from ..domain import grants as grant_rules
from ..domain import receipts as receipt_rules
from ..domain.money import cents_to_str
from ..store import receipts as receipt_store
from ..store.base import public_timestamp
from ..store.grants import GrantPartition
from .receipts import reviewer_view, total_cents


def ready_for_disbursement(part: GrantPartition) -> bool:
    """The readiness rule (domain.grants) applied to the partition as read."""
    return part.grant is not None and grant_rules.ready_for_disbursement(
        part.grant.status, part.payment is not None, receipt_store.approved_count(receipt_store.receipts_of(part)))


def grant_extras(part: GrantPartition) -> dict[str, Any]:
    """`receipts`, `has_payment_info`, `ready_for_disbursement`, `disbursed_*` for one grant."""
    receipts = receipt_store.receipts_of(part)
    grant = part.grant
    approved_receipts_cents = sum(int(r.amount_cents) for r in receipts if r.status == receipt_rules.APPROVED)
    return {
        # No presigned URLs here: the detail lists receipts; each one's download link comes
        # from GET /manage/conferences/{slug}/receipts/{id} (review_receipt).
        "receipts": [reviewer_view(r, with_download=False) for r in receipts],
        "receipts_total": cents_to_str(total_cents(receipts)),
        "approved_receipts_total": cents_to_str(approved_receipts_cents),
        "payout_suggestion": cents_to_str(grant_rules.payout_suggestion_cents(
            grant.approved_cents if grant else 0, approved_receipts_cents)),
        "has_payment_info": part.payment is not None,
        "ready_for_disbursement": ready_for_disbursement(part),
        "disbursed_amount": cents_to_str(grant.disbursed_cents if grant else None),
        "disbursed_at": public_timestamp(grant.disbursed_at if grant else None),
        "disbursed_by": grant.disbursed_by if grant else None,
        "disbursed_by_name": grant.disbursed_by_name if grant else None,
    }
