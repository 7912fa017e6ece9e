"""Request models for receipts, payment details and disbursement (responses in api/responses/)."""

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from ...domain import payment as payment_rules
from ...domain import receipts as rules
from ...domain.money import Money
from .base import IsoDate, RequestModel, empty_list, text

ContentType = Literal["application/pdf", "image/jpeg", "image/png"]


class ReceiptIn(RequestModel):
    receipt_type: Literal[rules.RECEIPT_TYPES] = Field(description=(  # type: ignore[valid-type]
        "What was paid for; `other` needs a `description`."))
    amount: Money
    date: IsoDate
    description: text(1000, multiline=True) = ""  # type: ignore[valid-type]
    content_type: ContentType
    filename: str = Field(max_length=rules.MAX_FILENAME_LENGTH + 50)
    size: int = Field(ge=1, le=rules.MAX_RECEIPT_BYTES, description="Bytes; at most 10 MiB (10485760).")
    replaces: str | None = Field(None, max_length=100, description=(
        "The id of a flagged receipt this one replaces: it becomes `replaced` (409 if it is not flagged)."))

    def field_problems(self) -> dict[str, list[str]]:
        if self.receipt_type in rules.DESCRIPTION_REQUIRED and not self.description:
            return {"description": ["Say what this receipt is for: its type is \"other\"."]}
        return {}

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
    keep: list[Literal[payment_rules.SECRET_FIELDS]] = Field(  # type: ignore[valid-type]
        default_factory=empty_list, max_length=len(payment_rules.SECRET_FIELDS), description=(
            "Secret fields (account and routing numbers, e-mails) to keep as saved: the form showed them "
            "masked and the person left them unchanged. Needs `details_version`."))
    details_version: int | None = Field(None, ge=0, description=(
        "The `details_version` of the masked view the form started from. With `keep`, a different current "
        "version (the details were changed meanwhile, e.g. in another tab) → 412 version_conflict."))


class DisburseIn(RequestModel):
    disbursed_amount: Money
    reference: text(200) | None = Field(None, description=(  # type: ignore[valid-type]
        "The payment's reference (bank transfer id, PayPal transaction...), kept in the audit trail."))
    override_reason: text(1000, multiline=True) | None = Field(None, description=(  # type: ignore[valid-type]
        "Why more than payout_suggestion is paid; required then (else 409 exceeds_receipts)."))


assert set(payment_rules.ALL_FIELDS) <= set(PaymentInfoIn.model_fields)  # the model and the rules agree
