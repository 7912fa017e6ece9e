"""Request and response models for receipts, payment details and disbursement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from ...domain import payment as payment_rules
from ...domain import receipts as rules
from ...domain.money import Money
from .base import IsoDate, RequestModel, ResponseModel, text

ContentType = Literal["application/pdf", "image/jpeg", "image/png"]


class ReceiptIn(RequestModel):
    receipt_type: Literal["airfare", "lodging"]
    amount: Money
    date: IsoDate
    description: text(1000, multiline=True) = ""  # type: ignore[valid-type]
    content_type: ContentType
    filename: str = Field(max_length=rules.MAX_FILENAME_LENGTH + 50)
    size: int = Field(ge=1, le=rules.MAX_RECEIPT_BYTES, description="Bytes; at most 10 MiB (10485760).")

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("must be greater than 0")
        return value

    @field_validator("filename", mode="before")
    @classmethod
    def _raw_filename(cls, value: Any) -> Any:
        """Checked before whitespace stripping, so a trailing newline is refused, not trimmed."""
        if isinstance(value, str):
            problems = rules.filename_problems(value, None)
            if problems:
                raise ValueError("; ".join(problems))
        return value

    @field_validator("filename")
    @classmethod
    def _filename_matches_type(cls, value: str, info: ValidationInfo) -> str:
        problems = rules.filename_problems(value, info.data.get("content_type"))
        if problems:
            raise ValueError("; ".join(problems))
        return value


class ReceiptOut(ResponseModel):
    id: str
    receipt_type: str
    amount: str
    date: str
    description: str
    filename: str
    content_type: str
    size: int | None = None
    status: Literal["awaiting_upload", "pending", "approved", "flagged"]
    flagged_reason: str | None = None
    can_delete: bool
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
    total: str


class Applicant(ResponseModel):
    sub: str
    email: str | None = None
    name: str | None = None


class ReviewerReceipt(ReceiptOut):
    grant_id: str
    applicant: Applicant
    reviewed_by: str | None = None
    download_url: str | None = Field(None, description="Presigned GET, valid for download_expires_in seconds.")
    download_expires_in: int


class FlagIn(RequestModel):
    reason: text(1000, required=True, multiline=True)  # type: ignore[valid-type]


class EmptyIn(RequestModel):
    """No fields (an empty body or `{}`)."""


_opt = text(300)


class PaymentInfoIn(RequestModel):
    payment_method: Literal["zelle", "paypal", "ach", "wire", "wise", "check"]
    legal_name: _opt | None = None  # type: ignore[valid-type]
    address_street: _opt | None = None  # type: ignore[valid-type]
    address_city: _opt | None = None  # type: ignore[valid-type]
    address_state: _opt | None = None  # type: ignore[valid-type]
    address_zip: _opt | None = None  # type: ignore[valid-type]
    address_country: _opt | None = None  # type: ignore[valid-type]
    paypal_email: _opt | None = None  # type: ignore[valid-type]
    zelle_email: _opt | None = None  # type: ignore[valid-type]
    wise_email: _opt | None = None  # type: ignore[valid-type]
    bank_name: _opt | None = None  # type: ignore[valid-type]
    bank_account_number: _opt | None = None  # type: ignore[valid-type]
    bank_routing_number: _opt | None = None  # type: ignore[valid-type]
    bank_holder_name: _opt | None = None  # type: ignore[valid-type]
    bank_holder_address: _opt | None = None  # type: ignore[valid-type]
    bank_address: _opt | None = None  # type: ignore[valid-type]
    bank_additional: text(1000, multiline=True) | None = None  # type: ignore[valid-type]


class PaymentInfoOut(ResponseModel):
    """Masked for the applicant; decrypted (every field in clear) for disburse_travel_grant."""

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
    created_at: str | None = None
    updated_at: str | None = None


class DisburseIn(RequestModel):
    disbursed_amount: Money


class DisburseOut(ResponseModel):
    id: str
    status: str
    approved_amount: str
    disbursed_amount: str
    disbursed_at: str
    disbursed_by: str
    version: int


assert set(payment_rules.ALL_FIELDS) <= set(PaymentInfoIn.model_fields)  # the model and the rules agree
