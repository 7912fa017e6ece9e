"""Small shared pieces for the local-only `/dev/` routes (see gateway.DEV_ROUTES)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DevRequest:
    """What a local-only route handler gets."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes | None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


#: A local-only route: takes the request, returns a Lambda-proxy-shaped response dict.
DevHandler = Callable[[DevRequest], dict[str, Any]]


def response(status: int, body: str | bytes, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A Lambda-proxy-shaped response for a dev route."""
    return {"statusCode": status, "headers": {"Content-Type": content_type, **(headers or {})},
            "multiValueHeaders": {}, "body": body}


def json_response(status: int, body: Any) -> dict[str, Any]:
    return response(status, json.dumps(body))


def error_response(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The API's error shape, for dev routes and the HTTP layer (`fields`: per-field problems)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return json_response(status, {"error": error})


def method_not_allowed(request: DevRequest, *allowed: str) -> dict[str, Any] | None:
    """A 405 naming the allowed methods when `request` uses another one, else None."""
    if request.method in allowed:
        return None
    refused = error_response(405, "method_not_allowed", f"Use {' or '.join(allowed)} on {request.path}.")
    refused["headers"]["Allow"] = ", ".join(allowed)
    return refused
