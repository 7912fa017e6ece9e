"""Money: exact decimals in, two-decimal strings out, integer cents in the database.

Cents let DynamoDB add and subtract totals atomically (`ADD`) without float drift.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
MONEY_PATTERN = r"^\d+(\.\d{1,2})?$"


#: The published pattern, in ASCII only: `re`'s `\\d` would also take full-width or Arabic-Indic digits.
_MONEY_TEXT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_MONEY_HINT = "must be an amount such as 1500.00"


def parse_money(value: Any) -> Decimal:
    """The one money parser: a finite JSON number, or a string matching MONEY_PATTERN in ASCII.

    JSON numbers reach us as `int` or `Decimal` (the body is parsed with
    `parse_float=Decimal`); `float` only from Python callers. Strings must match the
    published pattern exactly: no spaces, signs, underscores, exponents, trailing dots
    or non-ASCII digits, all of which `Decimal()` would otherwise accept.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(_MONEY_HINT)
    if isinstance(value, str):
        if len(value) > 40 or not _MONEY_TEXT.fullmatch(value):
            raise ValueError(_MONEY_HINT)
        amount = Decimal(value)
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    else:
        raise ValueError(_MONEY_HINT)
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount < 0:
        raise ValueError("must not be negative")
    if amount >= Decimal("1e12"):  # before quantize: huge values exceed Decimal's precision there
        raise ValueError("is too large")
    if amount != amount.quantize(CENT, rounding="ROUND_DOWN"):
        raise ValueError("must have at most two decimals")
    return amount.quantize(CENT).copy_abs()  # JSON -0 is 0, never "-0.00"


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


def money_words(cents: int) -> str:
    """An amount for people to read (messages, e-mails): "$1,200.00", as the web app shows it.

    The API's fields stay plain decimal strings ("1200.00"); this is only for prose.
    """
    return f"${from_cents(cents):,.2f}"


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
