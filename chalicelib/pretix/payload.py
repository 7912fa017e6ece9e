"""Typed parsing of what pretix sends, at the boundary, before any of it is used.

pretix is another system: its answers are input like any request body. Vouchers and items
are validated with pydantic (the fields we read; unknown ones pass through), and a bad
document becomes `PretixUnavailable` naming the field, never a KeyError deep inside.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..domain.text import clean_display_text


class PretixError(Exception):
    """Base of the client's errors; the message is in words, fit to show an organiser."""


class PretixUnavailable(PretixError):
    """pretix could not be reached, timed out, or answered 5xx/nonsense: the outcome of a write is unknown."""


class PretixRefused(PretixError):
    """pretix answered a 4xx: it understood and said no (bad token, missing item, validation)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Voucher(_Model):
    id: int
    code: Annotated[str, Field(min_length=1, max_length=255)]
    max_usages: int = 1
    redeemed: int = 0
    item: int | None = None
    tag: str | None = None
    comment: str | None = None


class Item(_Model):
    id: int
    name: str
    active: bool = True


def _name(value: Any) -> str:
    """pretix names are multilingual objects (`{"en": "Ticket"}`) or strings."""
    if isinstance(value, dict):
        value = value.get("en") or next((v for v in value.values() if isinstance(v, str) and v), "")
    return clean_display_text(value if isinstance(value, str) else "", max_length=200)


def parse_voucher(raw: Any) -> Voucher:
    try:
        return Voucher.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(p) for p in error.get("loc", ()))
        raise PretixUnavailable(f"pretix sent an invalid voucher ({field}: {error.get('msg', 'invalid')}).") from None


def parse_item(raw: Any) -> Item:
    if not isinstance(raw, dict):
        raise PretixUnavailable("pretix sent an invalid item.")
    try:
        return Item.model_validate({**raw, "name": _name(raw.get("name"))})
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(p) for p in error.get("loc", ()))
        raise PretixUnavailable(f"pretix sent an invalid item ({field}: {error.get('msg', 'invalid')}).") from None


def refusal_words(status: int, body: Any) -> str:
    """pretix's 4xx answer in words: `{"detail": ...}`, `{"field": ["msg"]}` or
    `{"non_field_errors": [...]}` flattened to one sentence (bounded)."""
    parts: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            messages = value if isinstance(value, list) else [value]
            text = "; ".join(str(m) for m in messages if isinstance(m, str | int))
            if not text:
                continue
            parts.append(text if key in ("detail", "non_field_errors") else f"{key}: {text}")
    elif isinstance(body, list):
        parts = [str(m) for m in body if isinstance(m, str)]
    words = " ".join(parts) or "no reason given"
    return clean_display_text(f"pretix answered HTTP {status}: {words}", max_length=500)
