"""Response models: what each route answers, described for the OpenAPI document.

Views return plain data (the services' dicts); these classes only describe it, and nothing
validates a response against them on a request. So they are not imported when the app
starts: a cold start would pay for ~40 pydantic classes no request uses (`make bench`'s cold
process rows measure `import app` against its dependencies). Routes name their response model (`response="GrantOut"`)
and `resolve` finds it here when the OpenAPI document is built; a test checks every name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import ResponseModel

#: The modules that define response models, one per area of the API.
AREAS = ("base", "activities", "grants", "receipts", "conferences", "pretalx", "scoring", "tickets")


def resolve(name: str) -> type[ResponseModel]:
    """The response model called `name` (KeyError when no area defines one)."""
    from .base import ResponseModel

    for area in AREAS:
        found = getattr(importlib.import_module(f"{__name__}.{area}"), name, None)
        if isinstance(found, type) and issubclass(found, ResponseModel):
            return found
    raise KeyError(f"no response model named {name!r}")
