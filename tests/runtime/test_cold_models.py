"""Cold start: what `import app` (INIT) builds, and what building an API model costs.

Every request model's validator is built at INIT (chalicelib/warmup.py), so no first request
pays for it; response models, which only describe answers for the OpenAPI document, are not
even imported. Pydantic inspects every `default_factory`'s signature when it builds a
model's validator. For a builtin such as `list` or
`dict`, `inspect` has no Python signature to read and parses the builtin's text signature with
`tokenize` and `ast` instead, compiling tokenize's large regular expression: ~4-5 ms once per
process, measured on the bench's first `apply` in a cold process. So API models use
`empty_list` / `empty_dict` (plain Python functions) as factories.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from pydantic import BaseModel


def _app_models() -> Iterator[type[BaseModel]]:
    import importlib

    import app  # noqa: F401 - registers every route, importing every request model
    import chalicelib.pretalx.payload  # noqa: F401 - models the routes do not name
    from chalicelib.api import responses

    for area in responses.AREAS:  # response models load only for the OpenAPI document
        importlib.import_module(f"{responses.__name__}.{area}")

    seen: set[type[BaseModel]] = set()
    todo = list(BaseModel.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("chalicelib."):
            yield cls


def _has_python_signature(factory: object) -> bool:
    """True when `inspect.signature` reads the factory's code, not a builtin's text signature."""
    return inspect.isfunction(inspect.unwrap(factory)) or inspect.ismethod(factory)  # type: ignore[arg-type]


def test_no_api_model_uses_a_builtin_as_default_factory() -> None:
    checked = 0
    offenders = []
    for model in _app_models():
        for name, info in model.model_fields.items():
            if info.default_factory is None:
                continue
            checked += 1
            if not _has_python_signature(info.default_factory):
                offenders.append(f"{model.__module__}.{model.__qualname__}.{name}: {info.default_factory!r}")
    assert checked >= 3, "the models with list/dict defaults were not found"
    assert offenders == [], "use empty_list/empty_dict from api/models/base.py: " + ", ".join(offenders)


def test_factory_defaults_are_fresh_empty_values_per_instance() -> None:
    from chalicelib.api.models.base import empty_dict, empty_list

    assert empty_list() == [] and empty_list() is not empty_list()
    assert empty_dict() == {} and empty_dict() is not empty_dict()


_COLD_IMPORT = """
import gc, json, sys
import app
from pydantic import BaseModel

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

models = [m for m in subclasses(BaseModel) if m.__module__.startswith("chalicelib.")]
print(json.dumps({
    "responses": sorted(name for name in sys.modules if name.startswith("chalicelib.api.responses")),
    "openapi": "chalicelib.api.openapi" in sys.modules,
    "models": len(models),
    "deferred": sorted(m.__qualname__ for m in models if not m.__pydantic_complete__),
    "frozen": gc.get_freeze_count(),
    "plugins": __import__("os").environ.get("PYDANTIC_DISABLE_PLUGINS"),
    "solver": sorted(name for name in ("highspy", "numpy", "chalicelib.domain.allocation",
                                       "chalicelib.services.allocation") if name in sys.modules),
    "calendar": sorted(name for name in ("icalendar",) if name in sys.modules),
}))
"""


def test_a_cold_import_builds_every_request_model_and_loads_no_response_model() -> None:
    """What `import app` (a Lambda cold start) does, in a fresh interpreter: every request
    model's validator is built (the first request that uses one does not pay for it); it
    does not pay for response models (documentation only: loaded for /openapi.json), the
    OpenAPI builder, or a full garbage collection over the import's objects (frozen)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _COLD_IMPORT], cwd=root, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["responses"] == [] and seen["openapi"] is False
    assert seen["models"] >= 20, "the request models were not found"
    assert seen["deferred"] == []
    assert seen["frozen"] > 10_000
    assert seen["plugins"] == "__all__"
    assert seen["solver"] == [], "the allocation's solver loads only on the request that allocates"
    assert seen["calendar"] == [], "icalendar loads only where a calendar is made"


def test_every_route_names_a_response_model_that_exists() -> None:
    import app  # noqa: F401 - registers every route
    from chalicelib.api import responses
    from chalicelib.api.responses.base import ResponseModel
    from chalicelib.api.routing import ROUTES

    named = [spec.response for spec in ROUTES if spec.response]
    assert len(named) >= 30
    for name in named:
        assert issubclass(responses.resolve(name), ResponseModel), name
