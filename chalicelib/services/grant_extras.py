"""Receipt, payment and disbursement facts shown on the reviewer's grant detail.

The reviewer detail (grant_review) calls `grant_extras` with the items of the grant's
partition it already read in its one Query (plain dicts from store.grants.read_partition),
so these facts cost no extra request. Raw DynamoDB items and PynamoDB models are
accepted too, so the function does not depend on how the caller read the partition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import receipts as rules
from ..domain.grants import ACCEPTED
from ..domain.money import cents_to_str
from ..store import receipts as receipt_store
from ..store.base import public_timestamp
from .receipts import reviewer_view, total_cents

_TYPE_TAGS = frozenset({"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"})


def _is_raw(item: Mapping[str, Any]) -> bool:
    """A low-level DynamoDB item ({"pk": {"S": ...}, ...}) rather than plain values."""
    pk = item.get("pk")
    return isinstance(pk, Mapping) and len(pk) == 1 and next(iter(pk)) in _TYPE_TAGS


def _plain(item: Any) -> dict[str, Any]:
    if hasattr(item, "attribute_values"):
        return {"pk": item.pk, "sk": item.sk, **item.attribute_values}
    if isinstance(item, Mapping) and _is_raw(item):
        sk = item.get("sk", {}).get("S", "")
        model = receipt_store.ReceiptItem if sk.startswith(receipt_store.RECEIPT_PREFIX) else None
        if model is not None:
            return {"pk": item["pk"]["S"], "sk": sk, **model.from_raw_data(dict(item)).attribute_values}
        return {name: next(iter(value.values())) for name, value in item.items() if isinstance(value, Mapping)}
    return dict(item)


def _receipt(values: Mapping[str, Any]) -> receipt_store.ReceiptItem:
    known = receipt_store.ReceiptItem.get_attributes()
    kwargs = {name: values[name] for name in known if name in values and name not in ("pk", "sk")}
    return receipt_store.ReceiptItem(values["pk"], values["sk"], **kwargs)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def grant_extras(conf: str, grant_id: str, partition_items: list[Any]) -> dict[str, Any]:
    """`receipts`, `has_payment_info`, `ready_for_disbursement`, `disbursed_*` for one grant."""
    items = [_plain(i) for i in partition_items]
    grant = next((i for i in items if i.get("sk") == receipt_store.GRANT_SK), {})
    receipts = sorted(
        (_receipt(i) for i in items if str(i.get("sk", "")).startswith(receipt_store.RECEIPT_PREFIX)),
        key=lambda r: (r.created_at, r.receipt_id),
    )
    has_payment = any(i.get("sk") == receipt_store.PAYMENT_SK for i in items)
    approved = any(r.status == rules.APPROVED for r in receipts)
    return {
        # No presigned URLs here: the detail lists receipts; each one's download link comes
        # from GET /manage/conferences/{slug}/receipts/{id} (review_receipt).
        "receipts": [reviewer_view(r, with_download=False) for r in receipts],
        "receipts_total": cents_to_str(total_cents(receipts)),
        "has_payment_info": has_payment,
        "ready_for_disbursement": grant.get("status") == ACCEPTED and has_payment and approved,
        "disbursed_amount": cents_to_str(_int(grant.get("disbursed_cents"))),
        "disbursed_at": public_timestamp(grant.get("disbursed_at")),
        "disbursed_by": grant.get("disbursed_by"),
    }
