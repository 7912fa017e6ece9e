"""Turning a request body into a model, or into ONE 422 that lists every field problem.

Two things pydantic does not do for us:
- Its messages are written for programmers ("String should have at least 1 character");
  `field_message` words them for the people filling in a form ("must not be blank").
- When a field has a type error, model-level rules never run, so a client fixes the types
  and only then learns about the cross-field rules. `validate_model` therefore validates the
  fields that DID parse on their own (through a copy of the model whose fields are all
  optional) and adds the model's cross-field problems (`RequestModel.field_problems`) to
  the type errors, so one response names everything that is wrong.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError, create_model

from ..errors import ValidationFailed

ROOT = "__root__"


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values)


def field_message(err: dict[str, Any]) -> str:
    """One pydantic error as a short phrase about the field ("must not be blank")."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    message = str(err.get("msg", "Invalid value."))
    if kind == "missing":
        return "is required"
    if kind == "string_too_short":
        return "must not be blank" if ctx.get("min_length") == 1 else f"must be at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "extra_forbidden":
        return "is not a field of this request"
    if kind == "literal_error":
        return f"must be one of: {ctx.get('expected', '').replace(chr(39), '')}"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind in ("string_type",):
        return "must be text"
    if kind in ("list_type",):
        return "must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object"
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return "must be a date and time like 2026-05-14T09:00:00 (a zone is optional)"
    if kind == "string_pattern_mismatch":
        return "contains characters that are not allowed"
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message


def pydantic_fields(exc: ValidationError) -> dict[str, list[str]]:
    """Per-field messages from a pydantic error ('__root__' for whole-object rules)."""
    fields: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != ROOT) or ROOT
        message = field_message(dict(err))
        if message not in fields.get(loc, []):
            fields.setdefault(loc, []).append(message)
    return fields


def merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> dict[str, list[str]]:
    for name, messages in more.items():
        for message in messages:
            if message not in into.setdefault(name, []):
                into[name].append(message)
    return into


@lru_cache(maxsize=128)
def partial_model(model: type[BaseModel]) -> type[BaseModel]:
    """`model` with every field optional (defaults None), keeping each field's own checks
    and validators: what is left of a body once its broken fields are taken out."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation  # type: ignore[misc]
        fields[name] = (kind | None, None)
    return create_model(f"{model.__name__}Partial", __base__=model, **fields)  # type: ignore[call-overload]


def problems_of(instance: BaseModel) -> dict[str, list[str]]:
    rules = getattr(instance, "field_problems", None)
    return dict(rules()) if callable(rules) else {}


def rest_of(model: type[BaseModel], data: Any, fields: dict[str, list[str]],
            context: dict[str, Any] | None = None) -> BaseModel | None:
    """The body's valid fields as a partial instance (None if even that fails)."""
    if not isinstance(data, dict):
        return None
    broken = {name.split(".")[0] for name in fields}
    rest = {k: v for k, v in data.items() if k not in broken}
    try:
        return partial_model(model).model_validate(rest, context=context)
    except (ValidationError, TypeError):
        return None


def validate_model(model: type[BaseModel], data: Any, context: dict[str, Any] | None = None) -> Any:
    """The validated model, or ValidationFailed with the type errors AND the cross-field rules."""
    try:
        instance = model.model_validate(data, context=context)
    except ValidationError as exc:
        fields = pydantic_fields(exc)
        rest = rest_of(model, data, fields, context)
        if rest is not None:
            merge(fields, {k: v for k, v in problems_of(rest).items() if k not in fields})
        raise ValidationFailed(fields) from None
    problems = problems_of(instance)
    if problems:
        raise ValidationFailed(problems)
    return instance
