"""Shared request-model bases and field types used by every area of the API.

No `from __future__ import annotations` in the model modules: pydantic would evaluate every
annotation string when the class is created, at each cold start (~4 ms for the API's models).
"""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ...domain.text import check_display_text

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise ValueError("must be a date like 2026-05-14")
    return date.fromisoformat(value.strip())


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _single_line(value: str) -> str:
    return check_display_text(value)


def _multi_line(value: str) -> str:
    return check_display_text(value, multiline=True)


def text(max_length: int, *, required: bool = False, multiline: bool = False) -> Any:
    """A stripped string type with a length cap (and non-blank when required).

    Every free-text field is display text (domain.text): control, invisible and bidi
    characters are refused (422 naming the field); `multiline` fields keep line feeds and tabs.
    """
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=max_length),
        AfterValidator(_multi_line if multiline else _single_line),
    ]


def empty_list() -> list[Any]:
    """`default_factory` for list fields; use it (or any Python function) instead of the builtin `list`.

    Pydantic inspects a default factory's signature when it builds a model's validator (on the
    first request that uses the model: see `defer_build`). A builtin has no Python signature,
    so `inspect` parses its text signature with `tokenize` and `ast`, compiling tokenize's large
    regular expression: ~4-5 ms once per process, paid by a cold container's first apply or
    conference save (tests/unit/test_cold_models.py).
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """`default_factory` for dict fields, for the same reason as `empty_list`."""
    return {}


class RequestModel(BaseModel):
    """Request bodies: unknown fields are rejected so a typo never silently does nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    def field_problems(self) -> dict[str, list[str]]:
        """Cross-field rules, as {field: [messages]} naming the field to fix.

        Run on the parsed body, and also on whatever parsed when other fields did not (see
        api/validation.py): so write them to skip a rule whose fields are None.
        """
        return {}


class NotYetQuery(RequestModel):
    """For pages that expect "nothing yet" as a normal answer (no 404 in the browser's console)."""

    empty_ok: bool | None = Field(None, description=(
        "true: answer 204 No Content instead of 404 when there is nothing yet (other 404s stay 404)."))


class PageQuery(RequestModel):
    limit: int = Field(50, ge=1, le=200)
    next_token: str | None = Field(None, max_length=2048)

    @classmethod
    def _coerce(cls, data: Any) -> Any:
        return data
