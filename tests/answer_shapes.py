"""Every answer has the shape its route declares.

Routes name their response model (`endpoint(response="GrantOut")`) and the services build the
answers as plain data (response models are not loaded at a cold start: chalicelib/api/
responses). So that the two cannot drift apart, the tests run every route through this check:
a success answer must validate against its model (every required field, every type) and carry
no field the model does not declare (recursively, through nested models). A disagreement
fails the test that made the request (`tests/conftest.py::answers_match_their_models`).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

#: Disagreements found while the current test ran: (route, problem).
FOUND: list[tuple[str, str]] = []


def _models_in(annotation: Any) -> Iterator[tuple[type[BaseModel], bool]]:
    """The models an annotation holds: (model, as a list) for `M`, `M | None`, `list[M]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, False
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _models_in(arg)
    elif origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        yield args[0], True


def undeclared(model: type[BaseModel], body: Any, where: str = "") -> list[str]:
    """Fields of `body` that `model` (or a nested model) does not declare."""
    if not isinstance(body, dict):
        return []
    problems = [f"{where}{name}" for name in body if name not in model.model_fields]
    for name, info in model.model_fields.items():
        value = body.get(name)
        for nested, many in _models_in(info.annotation):
            if many and isinstance(value, list):
                for i, element in enumerate(value):
                    problems += undeclared(nested, element, f"{where}{name}[{i}].")
            elif not many and isinstance(value, dict):
                problems += undeclared(nested, value, f"{where}{name}.")
    return problems


def disagreements(model: type[BaseModel], body: Any) -> list[str]:
    """Why `body` is not an answer of `model` (empty: it is)."""
    try:
        model.model_validate(body)
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    else:
        problems = []
    return problems + [f"{name}: not declared by {model.__name__}" for name in undeclared(model, body)]


def check(spec: Any, response: Any) -> None:
    """Record how a route's success answer disagrees with its declared model (if it does)."""
    from chalicelib.api import responses

    status = response.status_code
    content_type = (response.headers or {}).get("Content-Type", "")
    if spec.response is None or not 200 <= status < 300 or status == 204 or "json" not in content_type:
        return
    model = responses.resolve(spec.response)
    body = json.loads(response.body)
    for problem in disagreements(model, body):
        FOUND.append((f"{spec.method} {spec.path}", problem))
