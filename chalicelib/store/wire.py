"""DynamoDB's wire format (AttributeValue maps) to plain Python, numbers as Decimal.

The same mapping as boto3's `TypeDeserializer` (a unit test checks the two agree), kept
here because importing boto3 costs ~45 ms (it pulls in s3transfer and multiprocessing) and
the API's plain reads and the stream handler are on the cold-start path; PynamoDB needs
only botocore.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Inexact, Rounded
from typing import Any

#: DynamoDB numbers: up to 38 significant digits, exponent -130..126 (boto3 uses the same context).
DYNAMODB_CONTEXT = Context(Emin=-128, Emax=126, prec=38, traps=[Inexact, Rounded])


def to_python(value: Mapping[str, Any]) -> Any:
    """One AttributeValue (`{"S": "x"}`, `{"N": "1"}`, `{"M": {...}}`, …) as a Python value."""
    if len(value) != 1:
        raise ValueError(f"not a DynamoDB attribute value: {value!r:.80}")
    ((kind, raw),) = value.items()
    if kind == "S":
        return raw
    if kind == "N":
        return DYNAMODB_CONTEXT.create_decimal(raw)
    if kind == "BOOL":
        return bool(raw)
    if kind == "NULL":
        return None
    if kind == "B":
        return bytes(raw)
    if kind == "M":
        return item_to_python(raw)
    if kind == "L":
        return [to_python(v) for v in raw]
    if kind == "SS":
        return set(raw)
    if kind == "NS":
        return {DYNAMODB_CONTEXT.create_decimal(v) for v in raw}
    if kind == "BS":
        return {bytes(v) for v in raw}
    raise ValueError(f"unknown DynamoDB type {kind!r}")


def item_to_python(item: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A whole item (attribute name -> AttributeValue) as a dict."""
    return {name: to_python(value) for name, value in item.items()}
