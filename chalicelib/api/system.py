"""Health check and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from .routing import Ctx, endpoint

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", auth="none", response="StatusMessage", tags=("system",))
def health(ctx: Ctx) -> Any:
    """Liveness: answers without touching AWS so it stays cheap and always up."""
    return {"status": "ok"}


@endpoint(bp, "/openapi.json", "GET", auth="none", tags=("system",))
def openapi(ctx: Ctx) -> Any:
    """This API as an OpenAPI 3.1 document."""
    # Imported here: the document (and every response model it describes) is built on the
    # first request for it, not on every cold start.
    from .openapi import openapi_document

    return openapi_document()
