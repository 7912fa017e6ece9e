"""The payment record of a grant: `GRANT#{conf}#{grant}` / `PAYMENT`.

The item holds the sealed envelope (every field value encrypted under one KMS data key,
the key id beside it) and the masked view the applicant reads back, never a plaintext
account number, routing number or e-mail. It is written in one transaction with a
condition on the grant, so payment details can only be attached to an open grant.

Each save adds one to `details_version`. A payer's decrypted read records the version it
returned (`PAYREAD#{sub}`, written with the read's audit entry, on the condition that the
record still holds that version), and a disbursement requires, in its own transaction,
that the payer's read version is the record's current one (store.disbursement).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from . import grants, table
from .base import BaseMeta, TableModel, now_iso
from .grants import GrantItem
from .keys import GRANT_SK, PAYMENT_SK, grant_pk, payment_read_sk
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
    #: 1 on the first save, one more on every save (absent on records from before it: 0).
    details_version = NumberAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    @property
    def version(self) -> int:
        return int(self.details_version or 0)


class PaymentReadItem(TableModel):
    """Which version of the payment details a payer last read (decrypted) on this grant."""

    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="payment_read")
    reader_sub = UnicodeAttribute()
    details_version = NumberAttribute()
    read_at = UnicodeAttribute()


def version_is(version: int) -> Any:
    """Condition: the payment record holds exactly `version` (0: from before versions)."""
    if version:
        return PaymentItem.details_version == version
    return PaymentItem.pk.exists() & PaymentItem.details_version.does_not_exist()


class NotPermitted(Exception):
    """The grant may not be read by this caller (not ready, not paid by them), or is gone."""

    def __init__(self, grant: GrantItem | None) -> None:
        super().__init__("read refused")
        self.grant = grant


def record_read(conf: str, grant_id: str, item: PaymentItem, reader_sub: str, reader_name: str | None,
                grant_condition: Any, audit_details: Mapping[str, Any]) -> None:
    """Write the payer's read (version read + audit entry) in one transaction, conditional on
    `grant_condition` (who may read) and on the record still holding the version decrypted.
    Raises NotPermitted (grant condition) or grants.WriteRefused (the details changed meanwhile)."""
    pk = grant_pk(conf, grant_id)
    now = now_iso()
    tx = Transaction()
    tx.check("grant", GrantItem, pk, GRANT_SK, grant_condition, return_old=True)
    tx.check("payment", PaymentItem, pk, PAYMENT_SK, version_is(item.version))
    tx.put("read", PaymentReadItem(pk, payment_read_sk(reader_sub), reader_sub=reader_sub,
                                   details_version=item.version, read_at=now))
    grants.append_audit(tx, conf, grant_id, reader_sub, "read_payment_info",
                        {**audit_details, "payment_details_version": item.version}, actor_name=reader_name)
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.failed("grant"):
            raise NotPermitted(exc.old("grant", GrantItem)) from exc
        raise grants.WriteRefused() from exc


def read_by(transaction: Transaction, conf: str, grant_id: str, reader_sub: str, version: int) -> None:
    """Add to `transaction`: the payer read exactly `version`, and the record still holds it."""
    pk = grant_pk(conf, grant_id)
    transaction.check("payment", PaymentItem, pk, PAYMENT_SK, version_is(version))
    transaction.check("payment_read", PaymentReadItem, pk, payment_read_sk(reader_sub),
                      PaymentReadItem.details_version == version)


def save(conf: str, grant_id: str, method: str, envelope: dict[str, Any], masked: dict[str, Any],
         audit: tuple[str, str, str | None, Mapping[str, Any]] | None = None,
         expected_version: int | None = None) -> PaymentItem:
    """Create or replace the payment record if the grant is open for it (1 request).

    `audit` = (actor sub, action, actor name, details) is written with it; `expected_version`
    (the version the caller compared against, 0 for none) makes the save conditional on it,
    so the audit's list of changed fields is about the record this save replaced.
    Raises GrantClosed, or grants.WriteRefused when the record changed meanwhile."""
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
        PaymentItem.details_version.add(1),
    ]
    tx = Transaction()
    # The grant notes that payment details exist (the payers' list reads readiness there).
    tx.update("grant", GrantItem(pk, GRANT_SK), [GrantItem.has_payment_info.set(True)], grant_open_condition())
    if expected_version is None:
        tx.update("payment", item, actions)
    elif expected_version:
        tx.update("payment", item, actions, version_is(expected_version))
    else:
        tx.update("payment", item, actions,
                  PaymentItem.pk.does_not_exist() | PaymentItem.details_version.does_not_exist())
    if audit is not None:
        actor, action, name, details = audit
        grants.append_audit(tx, conf, grant_id, actor, action, details, actor_name=name)
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.failed("payment") and not exc.failed("grant"):
            raise grants.WriteRefused() from exc
        raise GrantClosed() from exc
    if expected_version is not None:
        item.details_version = expected_version + 1  # what the conditional ADD wrote
    return item


def get(conf: str, grant_id: str) -> PaymentItem | None:
    return table.get(PaymentItem, grant_pk(conf, grant_id), PAYMENT_SK)


def from_raw(raw: dict[str, Any]) -> PaymentItem:
    return PaymentItem.from_raw_data(raw)
