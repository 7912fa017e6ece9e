"""The payment record of a grant: `GRANT#{conf}#{grant}` / `PAYMENT`.

The item holds the sealed envelope (every field value encrypted under one KMS data key,
the key id beside it) and the masked view the applicant reads back, never a plaintext
account number, routing number or e-mail. It is written in one transaction with a
condition on the grant, so payment details can only be attached to an open grant.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from . import table
from .base import BaseMeta, TableModel, now_iso
from .grants import GrantItem
from .keys import GRANT_SK, PAYMENT_SK, grant_pk
from .receipts import GrantClosed, grant_open_condition
from .transact import Cancelled, Transaction


class PaymentItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="payment")
    conference = UnicodeAttribute()
    grant_id = UnicodeAttribute()
    payment_method = UnicodeAttribute()
    #: `chalicelib.crypto.seal` output: {"v", "key_id", "edk", "fields": {name: {"n", "c"}}}.
    envelope = JSONAttribute()
    #: The applicant's view: secrets masked (see domain.payment.masked_view).
    masked = JSONAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


def save(conf: str, grant_id: str, method: str, envelope: dict[str, Any], masked: dict[str, Any]) -> PaymentItem:
    """Create or replace the payment record if the grant is open for it (1 request)."""
    now = now_iso()
    pk = grant_pk(conf, grant_id)
    item = PaymentItem(pk, PAYMENT_SK, conference=conf, grant_id=grant_id, payment_method=method,
                       envelope=envelope, masked=masked, created_at=now, updated_at=now)
    actions = [
        PaymentItem.entity.set("payment"),
        PaymentItem.conference.set(conf),
        PaymentItem.grant_id.set(grant_id),
        PaymentItem.payment_method.set(method),
        PaymentItem.envelope.set(envelope),
        PaymentItem.masked.set(masked),
        PaymentItem.created_at.set(PaymentItem.created_at | now),
        PaymentItem.updated_at.set(now),
    ]
    tx = Transaction()
    # The grant notes that payment details exist (the payers' list reads readiness there).
    tx.update("grant", GrantItem(pk, GRANT_SK), [GrantItem.has_payment_info.set(True)], grant_open_condition())
    tx.update("payment", item, actions)
    try:
        tx.commit()
    except Cancelled as exc:
        raise GrantClosed() from exc
    return item


def get(conf: str, grant_id: str) -> PaymentItem | None:
    return table.get(PaymentItem, grant_pk(conf, grant_id), PAYMENT_SK)


def from_raw(raw: dict[str, Any]) -> PaymentItem:
    return PaymentItem.from_raw_data(raw)
