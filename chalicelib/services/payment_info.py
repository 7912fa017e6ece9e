"""Payment details: save (encrypt + store), the applicant's masked view, the payer's decrypted read.

Envelope encryption (chalicelib.crypto): one KMS data key per record, so a save costs
one KMS request, and the grant's identity is the encryption context / GCM associated
data, so a ciphertext copied onto another grant does not open. Reads of the decrypted
record are written to the grant's audit trail *before* the data is returned: a read
that cannot be recorded is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from ..auth import Principal
from ..crypto import DecryptionError, open_envelope, seal
from ..domain import payment as rules
from ..domain.receipts import is_grant_id
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed, VersionConflict
from ..store import grants as grant_store
from ..store import payment as store
from ..store.base import public_timestamp
from ..store.disbursement import payer_may_read
from ..store.keys import grant_id_for
from ..store.receipts import GrantClosed
from .receipts import locked_or_no_grant

log = logging.getLogger(__name__)


def encryption_context(conf: str, grant_id: str) -> dict[str, str]:
    """What a payment envelope is bound to (KMS encryption context and GCM associated data)."""
    return {"purpose": "payment_info", "conference": conf, "grant_id": grant_id}


def _with_timestamps(view: dict[str, Any], item: store.PaymentItem) -> dict[str, Any]:
    country = view.get("address_country")
    return {**view, "address_country_name": rules.COUNTRIES.get(country) if country else None,
            "details_version": item.version,
            "created_at": public_timestamp(item.created_at), "updated_at": public_timestamp(item.updated_at)}


def _kept_values(old: store.PaymentItem | None, conf: str, grant_id: str, keep: list[str],
                 based_on: int | None) -> dict[str, str]:
    """The saved values of the secret fields the form left masked (1 KMS request), from the version
    the form showed: details changed since then would be kept unseen, so that is a 412."""
    if not keep:
        return {}
    if based_on is None:
        raise ValidationFailed({"details_version": ["is required to keep saved values"]})
    if old is None or old.version != based_on:
        raise VersionConflict("Your payment details were changed since this form was opened (in another tab?); "
                              "reload them and try again.")
    try:
        saved = decrypt(old, conf, grant_id)
    except DecryptionError:
        raise Conflict("The stored payment details could not be read back; enter them again in full.",
                       code="payment_info_unreadable") from None
    missing = [field for field in keep if not saved.get(field)]
    if missing:
        raise ValidationFailed({field: ["Nothing is saved for this field yet: enter it."] for field in missing})
    return {field: saved[field] for field in keep}


def save_payment_info(conf: str, user: Principal, values: dict[str, Any]) -> dict[str, Any]:
    """Validate, encrypt every field under one data key, store with the masked view (1 KMS + 1 DynamoDB;
    one more KMS request when saved secrets are kept)."""
    method = values.get("payment_method") or ""
    keep = list(dict.fromkeys(values.get("keep") or []))
    based_on = values.get("details_version")
    grant_id = grant_id_for(conf, user.sub)
    for _ in range(3):
        # The record it replaces: which fields changed goes in the audit trail (names only).
        old = store.get(conf, grant_id)
        merged = {**values, **_kept_values(old, conf, grant_id, keep, based_on)}
        problems = rules.validate(method, merged)
        if problems:
            raise ValidationFailed(problems)
        fields = rules.clean(method, merged)
        masked = rules.masked_view(method, fields)
        details = {"fields": rules.changed_fields(dict(old.masked) if old else None, masked),
                   "payment_method": method}
        action = "payment_details_changed" if old else "payment_details_saved"
        envelope = seal(fields, encryption_context(conf, grant_id))
        try:
            item = store.save(conf, grant_id, method, envelope, masked, audit=(user.sub, action, user.name, details),
                              expected_version=old.version if old else 0)
        except GrantClosed:
            raise locked_or_no_grant(conf, grant_id) from None
        except grant_store.WriteRefused:
            continue  # saved meanwhile (another tab): compare with that one (or refuse what it kept)
        return _with_timestamps(masked, item)
    raise Conflict("Your payment details kept changing; reload and try again.", code="payment_details_changed")


def masked_payment_info(conf: str, user: Principal, empty_ok: bool = False) -> dict[str, Any] | None:
    """The applicant's own record, masked (no KMS call: the masked view is stored); none saved:
    NotFound, or None when the caller expects that (`empty_ok`)."""
    item = store.get(conf, grant_id_for(conf, user.sub))
    if item is None:
        if empty_ok:
            return None
        raise NotFound("No payment details have been saved.")
    return _with_timestamps(dict(item.masked), item)


def decrypt(item: store.PaymentItem, conf: str, grant_id: str) -> dict[str, str]:
    """Open the envelope bound to this grant; anything wrong fails closed as DecryptionError."""
    envelope = item.envelope if isinstance(item.envelope, dict) else {}
    try:
        opened = open_envelope(envelope, encryption_context(conf, grant_id))
    except DecryptionError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as exc:  # a malformed envelope, not just a bad tag
        raise DecryptionError("the envelope is malformed") from exc
    if not isinstance(opened, dict):
        raise DecryptionError("the envelope is malformed")
    return opened


def read_for_disbursement(conf: str, grant_id: str, reader: Principal) -> dict[str, Any]:
    """The decrypted record for someone who pays out, of a grant ready for disbursement (or one
    they paid). The read is recorded first, in one transaction conditional on who may read
    and on the details still being the version decrypted: the audit entry and the version
    this payer has seen (what a disbursement checks)."""
    if not is_grant_id(grant_id):
        raise NotFound("No such grant.")
    item = store.get(conf, grant_id)
    if item is None:
        raise NotFound("This grant has no payment details.")
    try:
        fields = decrypt(item, conf, grant_id)
    except DecryptionError:
        log.warning("payment details of grant %s could not be decrypted", grant_id)
        raise Conflict("The stored payment details could not be decrypted; ask the applicant to enter them again.",
                       code="payment_info_unreadable") from None
    try:
        store.record_read(conf, grant_id, item, reader.sub, reader.name, payer_may_read(reader.sub),
                          {"payment_method": item.payment_method})
    except store.NotPermitted as refused:
        if refused.grant is None:
            raise NotFound("No such grant.") from None
        raise Forbidden("Payment details can be read only while the grant is ready for disbursement, "
                        "or by the person who paid it.") from None
    except grant_store.WriteRefused:
        raise Conflict("The payment details changed while they were being read; read them again.",
                       code="payment_details_changed") from None
    view = rules.full_view(item.payment_method, {k: v for k, v in fields.items() if k in rules.ALL_FIELDS})
    return {**_with_timestamps(view, item), "grant_id": grant_id}
