"""Money: exact decimals in, two-decimal strings out, integer cents in the database.

Cents let DynamoDB add and subtract totals atomically (`ADD`) without float drift.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
MONEY_PATTERN = r"^\d+(\.\d{1,2})?$"


def parse_money(value: Any) -> Decimal:
    """Accept a JSON number or a numeric string with at most two decimals, never negative."""
    if isinstance(value, bool) or value is None:
        raise ValueError("must be an amount such as 1500.00")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        value = value.strip()
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError("must be an amount such as 1500.00") from None
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount < 0:
        raise ValueError("must not be negative")
    if amount >= Decimal("1e12"):  # before quantize: huge values exceed Decimal's precision there
        raise ValueError("is too large")
    if amount != amount.quantize(CENT, rounding="ROUND_DOWN"):
        raise ValueError("must have at most two decimals")
    return amount.quantize(CENT)


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_cents(cents: int | None) -> Decimal | None:
    if cents is None:
        return None
    return (Decimal(int(cents)) / 100).quantize(CENT)


def format_money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount.quantize(CENT):.2f}"


def cents_to_str(cents: int | None) -> str | None:
    return format_money(from_cents(cents))


Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema({
        "oneOf": [{"type": "string", "pattern": MONEY_PATTERN}, {"type": "number", "minimum": 0}],
        "description": "Amount with at most two decimals; responses use a string like \"1500.00\".",
    }, mode="validation"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "example": "1500.00"}, mode="serialization"),
]
