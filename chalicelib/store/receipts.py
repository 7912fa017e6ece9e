"""Receipt items and the writes that must be atomic with their grant.

Layout (see keys.py): a receipt lives in its grant's partition,
`GRANT#{conf}#{grant}` / `RCPT#{receipt}`, so the grant, its receipts and its payment
record come back in one Query. While a receipt is `pending` it also carries the sparse
GSI2 key `RCPTQ#{conf}` / `{created}#{id}`: the reviewers' queue is that index, and an
item leaves the queue by losing the key, in the same write that decides it.

Every state change is a conditional write on the status it starts from, and creation
and deletion move the grant's `receipt_count` in the same transaction, so the count can
never drift and receipts can never be added to a grant that is not open for them.
"""

from __future__ import annotations

import random
from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..config import settings
from ..domain import receipts as rules
from ..domain.grants import receipts_open, receipts_open_condition
from . import table
from .base import GSI2, BaseMeta, TableModel, now_iso
from .grants import GrantItem, GrantPartition, query_partition
from .keys import (
    GRANT_SK,
    PAYMENT_SK,
    RECEIPT_PREFIX,
    after,
    by_age,
    grant_pk,
    receipt_queue_pk,
    receipt_sk,
)
from .transact import Cancelled, Transaction

#: How many queued receipts the reviewer's "next" picks from at random.
QUEUE_SAMPLE = 50


queue_pk = receipt_queue_pk


class ReceiptQueueIndex(GlobalSecondaryIndex["ReceiptItem"]):
    class Meta:
        index_name = GSI2
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class ReceiptItem(TableModel):
    class Meta(BaseMeta):
        pass

    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="receipt")
    receipt_id = UnicodeAttribute()
    conference = UnicodeAttribute()
    grant_id = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    user_email = UnicodeAttribute(null=True)
    user_name = UnicodeAttribute(null=True)
    receipt_type = UnicodeAttribute()
    amount_cents = NumberAttribute()
    date = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    declared_size = NumberAttribute()
    s3_key = UnicodeAttribute()
    status = UnicodeAttribute()
    size = NumberAttribute(null=True)
    #: ETag of the object that passed verification: a later event for another ETag means
    #: the object was replaced (while the presigned POST was still valid) and is re-checked.
    etag = UnicodeAttribute(null=True)
    uploaded_at = UnicodeAttribute(null=True)
    flagged_reason = UnicodeAttribute(null=True)
    reviewed_by = UnicodeAttribute(null=True)
    reviewed_by_name = UnicodeAttribute(null=True)
    reviewed_at = UnicodeAttribute(null=True)
    #: Set when the grant was paid while this receipt was undecided: it left the queue for good.
    grant_settled = BooleanAttribute(null=True)
    #: The reviewed copy of the file (domain.receipts.sealed_key) and its ETag, written by the
    #: first decision: what reviewers download from then on, whatever reaches `s3_key` later.
    sealed_key = UnicodeAttribute(null=True)
    sealed_etag = UnicodeAttribute(null=True)
    #: Replacement: the flagged receipt this one replaces, and (on the flagged one) its successor.
    replaces = UnicodeAttribute(null=True)
    replaced_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    queue = ReceiptQueueIndex()


def grant_open_condition() -> Any:
    """Receipts and payment info only for an accepted grant with money approved."""
    return receipts_open_condition(GrantItem)


class GrantClosed(Exception):
    """The grant is missing, not accepted, or has no approved amount."""


class StateConflict(Exception):
    """The receipt is missing or no longer in the status the write started from."""


class TooManyReceipts(Exception):
    """The grant already holds MAX_RECEIPTS_PER_GRANT receipts."""


class NotReplaceable(Exception):
    """The receipt named in `replaces` is not (or no longer) flagged."""


def create(item: ReceiptItem, audit: Any = None) -> None:
    """Put a new receipt and count it on its grant, if the grant is open for receipts (1 request).

    The count is capped in the same condition, so a grant cannot collect unbounded
    receipts (and presigned uploads) however many requests race. With `item.replaces`, the
    flagged receipt it replaces becomes `replaced` in the same transaction (only if it is
    still flagged). `audit(tx)` adds the audit entry to the transaction.
    """
    room = GrantItem.receipt_count.does_not_exist() | (GrantItem.receipt_count < rules.MAX_RECEIPTS_PER_GRANT)
    now = item.created_at
    tx = Transaction()
    tx.update("grant", GrantItem(item.pk, GRANT_SK), [GrantItem.receipt_count.add(1)],
              grant_open_condition() & room, return_old=True)
    tx.put("receipt", item, ReceiptItem.pk.does_not_exist())
    if item.replaces:
        tx.update("replaced", ReceiptItem(item.pk, receipt_sk(item.replaces)), [
            ReceiptItem.status.set(rules.REPLACED), ReceiptItem.replaced_by.set(item.receipt_id),
            ReceiptItem.updated_at.set(now)], ReceiptItem.status.is_in(*rules.REPLACEABLE))
    if audit is not None:
        audit(tx)
    try:
        tx.commit()
    except Cancelled as exc:
        grant = exc.old("grant", GrantItem)
        if exc.failed("replaced") and not exc.failed("grant"):
            raise NotReplaceable() from exc
        if grant is not None and _open(grant):
            raise TooManyReceipts() from exc
        raise GrantClosed() from exc


def _open(grant: GrantItem) -> bool:
    return receipts_open(grant.status, int(grant.approved_cents or 0))


def get(conf: str, grant_id: str, receipt_id: str, consistent: bool = False) -> ReceiptItem | None:
    return table.get(ReceiptItem, grant_pk(conf, grant_id), receipt_sk(receipt_id), consistent=consistent)


def delete(item: ReceiptItem) -> None:
    """Delete a receipt the reviewers have not decided on, and uncount it (1 request)."""
    tx = Transaction()
    tx.delete("receipt", item, ReceiptItem.status.is_in(*rules.DELETABLE))
    tx.update("grant", GrantItem(item.pk, GRANT_SK), [GrantItem.receipt_count.add(-1)], GrantItem.pk.exists())
    try:
        tx.commit()
    except Cancelled as exc:
        raise StateConflict() from exc


def _update_if(item: ReceiptItem, actions: list[Any], condition: Any) -> bool:
    """A conditional update; False (nothing written) when the condition does not hold."""
    try:
        table.update(item, actions, condition)
    except table.ConditionFailed:
        return False
    return True


def mark_uploaded(item: ReceiptItem, size: int, etag: str | None) -> bool:
    """awaiting_upload -> pending, entering the reviewers' queue. False if someone else did it first,
    or if its grant was paid meanwhile (it then never enters the queue)."""
    now = now_iso()
    return _update_if(item, [
        ReceiptItem.status.set(rules.PENDING),
        ReceiptItem.size.set(size),
        ReceiptItem.etag.set(etag) if etag else ReceiptItem.etag.remove(),
        ReceiptItem.uploaded_at.set(now),
        ReceiptItem.updated_at.set(now),
        ReceiptItem.gsi2pk.set(queue_pk(item.conference)),
        ReceiptItem.gsi2sk.set(by_age(now, item.receipt_id)),
    ], (ReceiptItem.status == rules.AWAITING_UPLOAD) & ReceiptItem.grant_settled.does_not_exist())


def _same_object(item: ReceiptItem) -> Any:
    """Condition: the item still describes the object this caller inspected (same status and ETag).

    Verification reads S3 and then writes; a stale writer (an old event, a slow `complete`)
    must not overwrite what a newer one recorded about a newer object.
    """
    same_etag = ReceiptItem.etag == item.etag if item.etag else ReceiptItem.etag.does_not_exist()
    return (ReceiptItem.status == item.status) & same_etag


def record_replacement(item: ReceiptItem, size: int, etag: str | None) -> bool:
    """A verified object replaced the verified one: remember its size and ETag."""
    actions = [ReceiptItem.size.set(size), ReceiptItem.updated_at.set(now_iso())]
    actions.append(ReceiptItem.etag.set(etag) if etag else ReceiptItem.etag.remove())
    return _update_if(item, actions, _same_object(item))


def back_to_awaiting_upload(item: ReceiptItem) -> bool:
    """pending -> awaiting_upload (its object was replaced by a bad one, or is gone)."""
    if item.status != rules.PENDING:
        return False
    return _update_if(item, [
        ReceiptItem.status.set(rules.AWAITING_UPLOAD),
        ReceiptItem.size.remove(),
        ReceiptItem.etag.remove(),
        ReceiptItem.uploaded_at.remove(),
        ReceiptItem.gsi2pk.remove(),
        ReceiptItem.gsi2sk.remove(),
        ReceiptItem.updated_at.set(now_iso()),
    ], _same_object(item))


class GrantSettled(Exception):
    """The receipt's grant is already disbursed: its receipts can no longer be decided on."""


def decide(item: ReceiptItem, status: str, sources: tuple[str, ...], reviewer_sub: str,
           reviewer_name: str | None, reason: str | None, seal: tuple[str, str] | None = None,
           audit: Any = None) -> None:
    """A reviewer's approve/flag: leaves the queue; guarded by the statuses it may come from
    and, in the same transaction, by its grant not being disbursed yet (the payment was
    made on the receipts as they were)."""
    now = now_iso()
    actions = [
        ReceiptItem.status.set(status),
        ReceiptItem.reviewed_by.set(reviewer_sub),
        ReceiptItem.reviewed_at.set(now),
        ReceiptItem.updated_at.set(now),
        ReceiptItem.gsi2pk.remove(),
        ReceiptItem.gsi2sk.remove(),
        ReceiptItem.flagged_reason.set(reason) if reason else ReceiptItem.flagged_reason.remove(),
        ReceiptItem.reviewed_by_name.set(reviewer_name) if reviewer_name else ReceiptItem.reviewed_by_name.remove(),
    ]
    if seal is not None:  # the first decision seals the file it was made on
        actions += [ReceiptItem.sealed_key.set(seal[0]), ReceiptItem.sealed_etag.set(seal[1])]
    # The grant counts its approved receipts (for the payers' list): an approval adds one, a
    # flag of an approved receipt takes one back. A flag's effect depends on the status it
    # starts from, so it is pinned to the status this caller read.
    delta = approved_delta(item.status, status)
    receipt_condition = (ReceiptItem.status == item.status if status != rules.APPROVED
                         else ReceiptItem.status.is_in(*sources))
    # Decided on the object this caller sealed (or that was sealed before): the same ETag.
    receipt_condition &= (ReceiptItem.etag == item.etag) if item.etag else ReceiptItem.etag.does_not_exist()
    tx = Transaction()
    # The grant's guard and the receipt's update are one transaction: a disbursement that
    # lands between the reviewer's read and this write cannot be followed by a decision.
    grant_condition = GrantItem.pk.exists() & (GrantItem.status != rules.GRANT_DISBURSED)
    if delta:
        tx.update("grant", GrantItem(item.pk, GRANT_SK), [GrantItem.approved_receipts.add(delta)], grant_condition,
                  return_old=True)
    else:
        tx.check("grant", GrantItem, item.pk, GRANT_SK, grant_condition, return_old=True)
    tx.update("receipt", item, actions, receipt_condition)
    if audit is not None:
        audit(tx)
    try:
        tx.commit()
    except Cancelled as exc:
        grant = exc.old("grant", GrantItem)
        if exc.failed("grant") and grant is not None and grant.status == rules.GRANT_DISBURSED:
            raise GrantSettled() from exc
        raise StateConflict() from exc
    # What the update wrote, applied to the caller's copy (a transaction returns no item).
    item.status, item.reviewed_by, item.reviewed_at, item.updated_at = status, reviewer_sub, now, now
    item.gsi2pk = item.gsi2sk = None
    item.flagged_reason = reason or None
    item.reviewed_by_name = reviewer_name or None
    if seal is not None:
        item.sealed_key, item.sealed_etag = seal


def approved_delta(from_status: str | None, to_status: str) -> int:
    """How a decision from `from_status` to `to_status` changes the grant's approved count."""
    return int(to_status == rules.APPROVED) - int(from_status == rules.APPROVED)


def grant_exists(conf: str, grant_id: str) -> bool:
    """Whether the grant exists (one GetItem; for telling "no grant" from "grant not open")."""
    return table.get(GrantItem, grant_pk(conf, grant_id), GRANT_SK) is not None


def random_pending(conf: str, exclude_sub: str | None = None) -> ReceiptItem | None:
    """A random receipt from the oldest QUEUE_SAMPLE pending ones the caller may decide on (1 Query
    on the sparse index, more pages only while a page held none of them). Only decidable receipts
    are in the queue (a paid grant's leftovers leave it); `exclude_sub`'s own are filtered out by
    the Query itself, however many there are."""
    only = (ReceiptItem.user_sub != exclude_sub) if exclude_sub is not None else None
    sample = [r for r in table.query(ReceiptItem, ReceiptItem.gsi2pk == queue_pk(conf), index=GSI2,
                                     limit=QUEUE_SAMPLE, only=only)
              if r.status == rules.PENDING and not r.grant_settled]
    return random.choice(sample) if sample else None


def grant_partition(conf: str, grant_id: str, *, with_payment: bool = True) -> GrantPartition:
    """The grant, its receipts and (optionally) its payment item in one Query.

    The sort-key range `GRANT`..`RCPT$` ('$' sorts right after '#') skips the audit trail;
    messages in between are filtered out server-side.
    """
    wanted = "sk = :grant OR begins_with(sk, :rcpt)" + (" OR sk = :payment" if with_payment else "")
    values: dict[str, Any] = {
        ":pk": {"S": grant_pk(conf, grant_id)}, ":grant": {"S": GRANT_SK}, ":rcpt": {"S": RECEIPT_PREFIX},
        ":hi": {"S": after(RECEIPT_PREFIX)},
    }
    if with_payment:
        values[":payment"] = {"S": PAYMENT_SK}
    return query_partition({
        "TableName": settings().table_name,
        "KeyConditionExpression": "pk = :pk AND sk BETWEEN :grant AND :hi",
        "FilterExpression": wanted,
        "ExpressionAttributeValues": values,
    })


def receipt_from_raw(raw: dict[str, Any]) -> ReceiptItem:
    return ReceiptItem.from_raw_data(raw)


def receipts_of(part: GrantPartition) -> list[ReceiptItem]:
    """The partition's receipts, oldest first."""
    return sorted((receipt_from_raw(r) for r in part.receipts), key=lambda r: (r.created_at, r.receipt_id))


def approved_count(receipts: list[ReceiptItem]) -> int:
    """How many of `receipts` are approved (what the grant's `approved_receipts` counts)."""
    return sum(r.status == rules.APPROVED for r in receipts)
