"""Receipt, payment and disbursement facts shown on the reviewer's grant detail.

Owned by the receipts issue; the reviewer detail (grant_review) calls `grant_extras`
with the items of the grant's partition it already read in its one Query.
"""

from __future__ import annotations

from typing import Any


def grant_extras(conf: str, grant_id: str, partition_items: list[Any]) -> dict[str, Any]:
    """`receipts`, `has_payment_info`, `ready_for_disbursement`, `disbursed_*` for one grant."""
    return {
        "receipts": [],
        "has_payment_info": False,
        "ready_for_disbursement": False,
        "disbursed_amount": None,
        "disbursed_at": None,
        "disbursed_by": None,
    }
