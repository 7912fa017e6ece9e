"""Health check and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from .models.base import StatusMessage
from .openapi import openapi_document
from .routing import Ctx, endpoint

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", auth="none", response=StatusMessage, tags=("system",))
def health(ctx: Ctx) -> Any:
    """Liveness: answers without touching AWS so it stays cheap and always up."""
    return {"status": "ok"}


@endpoint(bp, "/openapi.json", "GET", auth="none", tags=("system",))
def openapi(ctx: Ctx) -> Any:
    """This API as an OpenAPI 3.1 document."""
    return openapi_document()
