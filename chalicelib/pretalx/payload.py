"""Typed parsing of what Pretalx sends, at the boundary, before any of it is used.

Pretalx is another system: its answers are input like any request body. Each item of
each collection is validated here with pydantic (types from shared/pretalx-schema.yml,
with the leniency real instances need: an id or an expanded object wherever an id is,
multilingual `{"en": ...}` or plain strings), and normalised so the mapping can trust it:

- text that people read (titles, names, room and type names, break descriptions) is
  flattened to one language, cleaned of control/invisible characters (the display-text
  rule of domain.text) and cut with an ellipsis when overlong, rather than failing the
  sync over one long title;
- everything else that is wrong (a `position` that is text, `speakers: 5`, a `state`
  that is a list, a `duration` of 10^12 minutes, a start in year 1 that cannot even be
  converted to UTC) makes the whole sync fail with `PretalxUnavailable` naming the
  collection, the item and the field: the API answers 502 and nothing is written.

Unknown fields pass through untouched (the mapping may read more of them later).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from ..domain.text import clean_display_text
from .client import PretalxUnavailable
from .mapping import flatten

#: Longest text kept (characters); longer text ends with an ellipsis.
MAX_TITLE = 300
MAX_NAME = 200
MAX_DESCRIPTION = 500
MAX_SPEAKERS = 50
MAX_ID = 100
#: A slot longer than a month is not a conference slot.
MAX_DURATION_MINUTES = 31 * 24 * 60
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


def _flatten(value: Any) -> str:
    """`mapping.flatten`, strictly: only a string, None or a {language: string} object."""
    values = value.values() if isinstance(value, dict) else (value,)
    if not all(v is None or isinstance(v, str) for v in values):
        raise ValueError("must be a string or a {language: string} object")
    return flatten(value)


def _text(limit: int) -> Any:
    def parse(value: Any) -> str:
        return clean_display_text(_flatten(value), max_length=limit)

    return Annotated[str, BeforeValidator(parse)]


Title = _text(MAX_TITLE)
Name = _text(MAX_NAME)
Description = _text(MAX_DESCRIPTION)
Id = Annotated[int | Annotated[str, Field(max_length=MAX_ID)], Field(union_mode="left_to_right")]


def _moment(value: Any) -> str | None:
    """An ISO 8601 time we can convert to UTC and compute with, kept as Pretalx wrote it."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("must be an ISO 8601 date-time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError("must be an ISO 8601 date-time that can be converted to UTC") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


Moment = Annotated[str | None, BeforeValidator(_moment)]


class _Item(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Named(_Item):
    """An expanded reference: `{"id": 3, "name": {...}}`."""

    id: Id | None = None
    name: Name = ""


class _Speaker(_Item):
    code: Annotated[str, Field(max_length=MAX_ID)] | None = None
    name: Name = ""


class Room(_Item):
    id: Id
    name: Name = ""
    position: Annotated[int, Field(ge=-(2**31), le=2**31)] | None = None
    #: How many people the room seats (per-talk activities take it as their capacity).
    capacity: Annotated[int, Field(ge=0, le=1_000_000)] | None = None


class SubmissionType(_Item):
    id: Id
    name: Name = ""


class Speaker(_Item):
    code: Annotated[str, Field(min_length=1, max_length=MAX_ID)]
    name: Name = ""


class Submission(_Item):
    code: Annotated[str, Field(max_length=MAX_ID)] | None = None
    title: Title = ""
    state: Annotated[str, Field(max_length=MAX_ID)] | None = None
    speakers: list[Annotated[str, Field(max_length=MAX_ID)] | _Speaker] | None = None
    submission_type: Id | _Named | None = None

    @field_validator("speakers")
    @classmethod
    def _few_speakers(cls, value: list[Any] | None) -> list[Any] | None:
        return None if value is None else value[:MAX_SPEAKERS]


class _SubmissionRef(_Item):
    code: Annotated[str, Field(max_length=MAX_ID)] | None = None


class Slot(_Item):
    room: Id | _Named | None = None
    start: Moment = None
    end: Moment = None
    duration: Annotated[int, Field(ge=0, le=MAX_DURATION_MINUTES)] | None = None
    submission: Annotated[str, Field(max_length=MAX_ID)] | _SubmissionRef | None = None
    description: Description = ""


#: Pretalx collection (URL name) -> the model of its items.
MODELS: dict[str, type[_Item]] = {
    "rooms": Room,
    "submission-types": SubmissionType,
    "submissions": Submission,
    "slots": Slot,
    "speakers": Speaker,
}


def _where(collection: str, index: int, raw: Any, error: dict[str, Any]) -> str:
    label = (raw.get("code") or raw.get("id")) if isinstance(raw, dict) else None
    named = isinstance(label, str | int) and not isinstance(label, bool)
    item = f"{collection}[{index}]" + (f" ({str(label)[:40]})" if named else "")
    field = ".".join(str(p) for p in error.get("loc", ()))
    return f"{item}.{field}: {error.get('msg', 'invalid')}" if field else f"{item}: {error.get('msg', 'invalid')}"


def parse_items(collection: str, model: type[_Item], items: list[Any]) -> list[dict[str, Any]]:
    """Every item validated and normalised; PretalxUnavailable naming the first bad field."""
    parsed: list[dict[str, Any]] = []
    for index, raw in enumerate(items):
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            raise PretalxUnavailable(f"Pretalx sent invalid data: {_where(collection, index, raw, errors[0])}.") from None
        # The fields that were sent, validated and normalised; unknown fields as sent.
        parsed.append(item.model_dump(exclude_unset=True))
    return parsed


def parse_collection(name: str, items: list[Any]) -> list[dict[str, Any]]:
    """A collection as the client read it, parsed (collections without a model pass as read)."""
    model = MODELS.get(name)
    return items if model is None else parse_items(name, model, items)
