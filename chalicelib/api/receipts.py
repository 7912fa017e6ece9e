"""Receipts, payment details and disbursement: applicant routes and the reviewers' side.

Applicant routes sit under the caller's own grant (the grant id is derived from the
token's subject, never taken from the request), so they cannot reach anyone else's
receipts or payment details. Reviewer routes need `review_receipt`; reading decrypted
payment details and recording a disbursement need `disburse_travel_grant`.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..policies import not_own_grant
from ..services import disbursement, payment_info
from ..services import receipts as service
from .grant_review import grant_found
from .models.base import NotYetQuery
from .models.receipts import (
    DisburseIn,
    EmptyIn,
    FlagIn,
    PaymentInfoIn,
    ReceiptIn,
)
from .routing import Ctx, endpoint, json_response

bp = Blueprint(__name__)
APPLICANT = ("travel_grants", "public_ui")
TAGS = ("receipts",)
PAYMENT_TAGS = ("payment info",)
MINE = "/conferences/{slug}/travel-grant"
MANAGE = "/manage/conferences/{slug}"
#: Payment details (masked or not) must not stay in a browser's or proxy's cache.
NO_STORE = {"Cache-Control": "no-store"}
NO_STORE_DOC = {"Cache-Control": "`no-store`: payment details are never cached."}


def _receipt_found(ctx: Ctx, params: dict[str, str]) -> None:
    service.ensure_receipt(params["slug"], params["receipt_id"])


def _own_receipt_found(ctx: Ctx, params: dict[str, str]) -> None:
    service.ensure_own_receipt(params["slug"], ctx.user, params["receipt_id"])


# -- applicant: receipts -------------------------------------------------------------------


@endpoint(bp, f"{MINE}/receipts", "POST", body=ReceiptIn, response="ReceiptCreated", status=201, features=APPLICANT,
          tags=TAGS, errors=(401, 404, 409, 422))
def receipts_create(ctx: Ctx, slug: str) -> Any:
    """Declare a receipt and get a presigned POST to upload its file straight to S3 (valid 300 s)."""
    return service.create_receipt(slug, ctx.user, ctx.body)


@endpoint(bp, f"{MINE}/receipts", "GET", response="ReceiptList", features=APPLICANT, tags=TAGS, errors=(401, 404, 409))
def receipts_list(ctx: Ctx, slug: str) -> Any:
    """The caller's receipts and the total of those uploaded."""
    return service.list_receipts(slug, ctx.user)


@endpoint(bp, f"{MINE}/receipts/{{receipt_id}}/complete", "POST", body=EmptyIn, response="ReceiptOut",
          features=APPLICANT, tags=TAGS, errors=(401, 404, 422), found=_own_receipt_found)
def receipts_complete(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """Verify the uploaded file (size, real type) and queue the receipt for review."""
    return service.complete_receipt(slug, ctx.user, receipt_id)


@endpoint(bp, f"{MINE}/receipts/{{receipt_id}}", "GET", response="ReceiptOut", features=APPLICANT, tags=TAGS,
          errors=(401, 404))
def receipts_get_own(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """One of the caller's receipts, with `download_url` to its file (presigned GET, 300 s)."""
    return service.own_receipt(slug, ctx.user, receipt_id)


@endpoint(bp, f"{MINE}/receipts/{{receipt_id}}", "DELETE", status=204, features=APPLICANT, tags=TAGS,
          errors=(401, 404, 409))
def receipts_delete(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """Delete a receipt and its file, unless a reviewer approved or flagged it."""
    service.delete_receipt(slug, ctx.user, receipt_id)


# -- applicant: payment details ---------------------------------------------------------------


@endpoint(bp, f"{MINE}/payment-info", "PUT", body=PaymentInfoIn, response="PaymentInfoOut", features=APPLICANT,
          tags=PAYMENT_TAGS, errors=(401, 404, 409, 422), response_headers=NO_STORE_DOC)
def payment_info_put(ctx: Ctx, slug: str) -> Any:
    """Save (replace) payment details, encrypted at rest; answers the masked view."""
    return json_response(payment_info.save_payment_info(slug, ctx.user, ctx.body.model_dump()), 200, NO_STORE)


@endpoint(bp, f"{MINE}/payment-info", "GET", response="PaymentInfoOut", features=APPLICANT, tags=PAYMENT_TAGS,
          query=NotYetQuery, errors=(401, 404), also=(204,), response_headers=NO_STORE_DOC)
def payment_info_get(ctx: Ctx, slug: str) -> Any:
    """The caller's payment details, masked (none saved: 404, or 204 with `empty_ok=true`)."""
    masked = payment_info.masked_payment_info(slug, ctx.user, empty_ok=bool(ctx.query.empty_ok))
    return None if masked is None else json_response(masked, 200, NO_STORE)


# -- reviewers: receipts ---------------------------------------------------------------------------


@endpoint(bp, f"{MANAGE}/receipts/next", "GET", permissions="review_receipt", response="ReviewerReceipt",
          tags=TAGS, errors=(401, 403, 404), also=(204,),
          summary="A random pending receipt (204 when the queue is empty)")
def receipts_next(ctx: Ctx, slug: str) -> Any:
    return service.next_pending(slug, ctx.user)


@endpoint(bp, f"{MANAGE}/receipts/{{receipt_id}}", "GET", permissions="review_receipt", response="ReviewerReceipt",
          tags=TAGS, errors=(401, 403, 404), policy=not_own_grant("review receipts of"))
def receipts_review_get(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """A receipt with its grant, applicant and a download URL valid for 300 s."""
    return service.reviewer_receipt(slug, receipt_id)


@endpoint(bp, f"{MANAGE}/receipts/{{receipt_id}}/approve", "POST", permissions="review_receipt", body=EmptyIn,
          response="ReviewerReceipt", tags=TAGS, errors=(401, 403, 404, 409, 422),
          policy=not_own_grant("approve receipts of"), found=_receipt_found)
def receipts_approve(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """Approve a pending (or previously flagged) receipt."""
    return service.decide(slug, ctx.user, receipt_id, approve=True)


@endpoint(bp, f"{MANAGE}/receipts/{{receipt_id}}/flag", "POST", permissions="review_receipt", body=FlagIn,
          response="ReviewerReceipt", tags=TAGS, errors=(401, 403, 404, 409, 422),
          policy=not_own_grant("flag receipts of"), found=_receipt_found)
def receipts_flag(ctx: Ctx, slug: str, receipt_id: str) -> Any:
    """Flag a receipt with a reason the applicant will see."""
    return service.decide(slug, ctx.user, receipt_id, approve=False, reason=ctx.body.reason)


# -- payers ----------------------------------------------------------------------------------------------


@endpoint(bp, f"{MANAGE}/travel-grants/{{grant_id}}/disburse", "POST", permissions="disburse_travel_grant",
          body=DisburseIn, response="DisburseOut", tags=("travel grants",),
          errors=(401, 403, 404, 409, 422), policy=not_own_grant("disburse"), found=grant_found)
def grants_disburse(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """Record the payment of a grant ready for disbursement, by a payer who read its current payment details.

    Above `payout_suggestion` only with an `override_reason` (409 exceeds_receipts); payment
    details changed since the caller last revealed them: 409 payment_details_changed.
    """
    return disbursement.disburse(slug, grant_id, ctx.user, ctx.body.disbursed_amount, reference=ctx.body.reference,
                                 override_reason=ctx.body.override_reason)


@endpoint(bp, f"{MANAGE}/travel-grants/{{grant_id}}/payment-info", "GET", permissions="disburse_travel_grant",
          response="PaymentInfoOut", tags=PAYMENT_TAGS, errors=(401, 403, 404, 409),
          policy=not_own_grant("read the payment details of"), response_headers=NO_STORE_DOC)
def grants_payment_info_read(ctx: Ctx, slug: str, grant_id: str) -> Any:
    """The decrypted payment details of a grant ready for disbursement, or one the caller paid (else 403).

    Each read is written to the grant's audit trail, with the version read (what disburse checks).
    """
    return json_response(payment_info.read_for_disbursement(slug, grant_id, ctx.user), 200, NO_STORE)
