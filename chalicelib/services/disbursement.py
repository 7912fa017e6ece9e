"""Recording that a grant was paid: accepted -> disbursed, with amount, time, who, reference.

Ready means accepted, payment details present and at least one approved receipt. The
read decides *whether* to try; the write proves it: one TransactWriteItems that moves the
grant guarded by its status, re-checks that every approved receipt the payout was judged
on is still approved, that the payment details are still the version this payer read,
takes the grant's undecided receipts out of the queue, updates the conference stats and
appends the audit entry (amount, reference, reason, suggestion, details version).

Order of refusals: `not_ready` first, then the amount's own rules (422), then
`exceeds_receipts` (above the suggestion without a reason), then
`payment_details_changed` (the payer has not read the details as they are now).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..auth import Principal
from ..domain import receipts as receipt_rules
from ..domain.grants import DISBURSED, disbursement_deltas, payout_suggestion_cents, readiness_problem
from ..domain.money import cents_to_str, money_words, to_cents
from ..errors import Conflict, NotFound, field_error
from ..store import disbursement as disbursement_store
from ..store import payment as payment_store
from ..store import receipts as receipt_store
from ..store.base import now_iso, public_timestamp
from .receipts import approved_total_cents

ATTEMPTS = 3


def not_ready(message: str) -> Conflict:
    return Conflict(message, code="not_ready")


def details_changed() -> Conflict:
    return Conflict("The payment details changed since you last revealed them (or you have not revealed them): "
                    "reveal them again, check them, then record the payment.", code="payment_details_changed")


def disburse(conf: str, grant_id: str, payer: Principal, amount: Decimal, reference: str | None = None,
             override_reason: str | None = None) -> dict[str, Any]:
    if not receipt_rules.is_grant_id(grant_id):
        raise NotFound("No such grant.")
    reason = (override_reason or "").strip()
    for _ in range(ATTEMPTS):
        part = receipt_store.grant_partition(conf, grant_id)
        grant = part.grant
        if grant is None:
            raise NotFound("No such grant.")
        receipts = receipt_store.receipts_of(part)
        approved = [r for r in receipts if r.status == receipt_rules.APPROVED]
        problem = readiness_problem(grant.status, part.payment is not None, len(approved))
        if problem:
            raise not_ready(problem)
        cents = to_cents(amount)
        approved_cents = grant.approved_cents or 0
        if cents <= 0:
            raise field_error("disbursed_amount", "must be greater than 0")
        if cents > approved_cents:
            raise field_error("disbursed_amount", f"must not exceed the approved amount {cents_to_str(approved_cents)}")
        receipts_cents = approved_total_cents(approved)
        suggestion = payout_suggestion_cents(approved_cents, receipts_cents)
        if cents > suggestion and not reason:
            raise Conflict(f"{money_words(cents)} is more than the suggested payout of {money_words(suggestion)} "
                           f"(approved receipts: {money_words(receipts_cents)}); give a reason to pay more.",
                           code="exceeds_receipts")
        payment = payment_store.from_raw(part.payment)
        now = now_iso()
        audit: dict[str, Any] = {"disbursed_cents": cents, "payout_suggestion_cents": suggestion,
                                 "approved_receipts_cents": receipts_cents,
                                 "payment_details_version": payment.version}
        if reference:
            audit["reference"] = reference
        if reason and cents > suggestion:
            audit["override_reason"] = reason
        try:
            disbursement_store.disburse(
                conf, grant_id, approved_cents=approved_cents, cents=cents,
                approved_receipt_sks=[r.sk for r in approved],
                leftover_receipt_sks=[r.sk for r in receipts if r.status in (receipt_rules.PENDING,
                                                                              receipt_rules.AWAITING_UPLOAD)],
                payment_version=payment.version, payer_sub=payer.sub, payer_name=payer.name or "",
                deltas=disbursement_deltas(grant.requested_cents, approved_cents, cents), audit=audit, now=now)
        except disbursement_store.Refused as refused:
            if refused.grant_moved:
                raise not_ready("The grant changed meanwhile and is no longer ready for disbursement.") from None
            if refused.failed == {"payment_read"}:
                raise details_changed() from None
            continue  # a receipt or the details changed meanwhile: judge again on what is there now
        return {
            "id": grant_id,
            "status": DISBURSED,
            "approved_amount": cents_to_str(approved_cents),
            "disbursed_amount": cents_to_str(cents),
            "disbursed_at": public_timestamp(now),
            "disbursed_by": payer.sub,
            "disbursed_by_name": payer.name or None,
            "reference": reference or None,
            "version": grant.version + 1,
        }
    raise not_ready("The grant kept changing meanwhile; reload it and try again.")
