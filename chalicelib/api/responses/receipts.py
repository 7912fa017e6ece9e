"""Receipt, payment-details and disbursement responses."""

from typing import Literal

from pydantic import Field

from ...domain.receipts import MISSING_FILE, STATUSES
from .base import ResponseModel


class ReceiptOut(ResponseModel):
    id: str
    receipt_type: str
    amount: str
    date: str
    description: str
    filename: str
    content_type: str
    size: int | None = None
    status: Literal[(*STATUSES, MISSING_FILE)] = Field(  # type: ignore[valid-type]
        description="missing_file (reviewers only): the reviewed file is missing or changed, so it is not served.")
    flagged_reason: str | None = None
    can_delete: bool
    can_replace: bool = Field(False, description="A flagged receipt not yet replaced: POST a receipt with `replaces`.")
    replaces: str | None = Field(None, description="The flagged receipt this one replaces.")
    replaced_by: str | None = Field(None, description="The receipt that replaced this one.")
    download_url: str | None = Field(None, description="Presigned GET of the file (single-receipt reads only).")
    download_expires_in: int | None = Field(None, description="Seconds download_url stays valid (with download_url).")
    created_at: str
    uploaded_at: str | None = None
    reviewed_at: str | None = None


class UploadForm(ResponseModel):
    url: str
    fields: dict[str, str]
    expires_in: int
    max_size: int


class ReceiptCreated(ResponseModel):
    receipt: ReceiptOut
    upload: UploadForm


class ReceiptList(ResponseModel):
    receipts: list[ReceiptOut]
    total: str = Field(description="Receipts pending review or approved (flagged and replaced ones left out).")
    approved_total: str = Field("0.00", description="Approved receipts only.")


class Applicant(ResponseModel):
    sub: str
    email: str | None = None
    name: str | None = None


class ReviewerReceipt(ReceiptOut):
    grant_id: str
    applicant: Applicant
    reviewed_by: str | None = None
    reviewed_by_name: str | None = Field(None, description="The receipt reviewer's name when they decided.")
    download_url: str | None = Field(None, description="Presigned GET, valid for download_expires_in seconds.")
    download_expires_in: int


class PaymentInfoOut(ResponseModel):
    """Masked for the applicant; decrypted (every field in clear) for disburse_travel_grant."""

    grant_id: str | None = Field(None, description="The grant the details belong to (the payer's read).")
    payment_method: str
    legal_name: str | None = None
    address_street: str | None = None
    address_city: str | None = None
    address_state: str | None = None
    address_zip: str | None = None
    address_country: str | None = None
    paypal_email: str | None = None
    zelle_email: str | None = None
    wise_email: str | None = None
    bank_name: str | None = None
    bank_account_number: str | None = None
    bank_routing_number: str | None = None
    bank_holder_name: str | None = None
    bank_holder_address: str | None = None
    bank_address: str | None = None
    bank_additional: str | None = None
    address_country_name: str | None = Field(None, description="The country's English name (ISO 3166).")
    details_version: int | None = Field(None, description=(
        "Goes up by one on every save; send it back with `keep` when changing the details."))
    created_at: str | None = None
    updated_at: str | None = None


class DisburseOut(ResponseModel):
    id: str
    status: str
    approved_amount: str
    disbursed_amount: str
    disbursed_at: str
    disbursed_by: str
    disbursed_by_name: str | None = None
    reference: str | None = Field(None, description="The payment's reference, as the payer gave it.")
    version: int
