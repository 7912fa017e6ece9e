"""HTTP middleware: the last line that guarantees the error shape and CORS headers.

Views already answer their own errors (see routing.py); this catches what happens
outside them: Chalice's own 405/415/500 responses, bodies over 256 KiB on any route,
and the CORS origin check for the configured frontend origins.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalice import Response

from ..config import settings
from .failures import HttpError, MethodNotAllowed, PayloadTooLarge, UnsupportedMediaType, to_api_error
from .routing import MAX_BODY_BYTES, error_response

_CHALICE_ERRORS: dict[str, type[HttpError]] = {
    "MethodNotAllowedError": MethodNotAllowed,
    "UnsupportedMediaType": UnsupportedMediaType,
}
CORS_HEADERS = {
    "Access-Control-Allow-Methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
    "Access-Control-Allow-Headers": "Authorization,Content-Type,If-Match",
    "Access-Control-Expose-Headers": "ETag,Retry-After",
    "Access-Control-Max-Age": "600",
}


def _translate_chalice_error(response: Response) -> Response:
    body = response.body
    if isinstance(body, str) and body.startswith("{"):
        try:
            body = json.loads(body)
        except ValueError:
            return response
    if not (isinstance(body, dict) and "Code" in body and "error" not in body):
        return response
    error_cls = _CHALICE_ERRORS.get(body["Code"])
    if error_cls is not None:
        error = error_cls()
    elif response.status_code >= 500:
        error = HttpError("An internal error occurred.", code="internal_error", status=500)
    else:
        error = HttpError(str(body.get("Message") or "Bad request."), status=response.status_code)
    translated = error_response(error)
    for name in ("Allow",):
        if name in response.headers:
            translated.headers[name] = response.headers[name]
    return translated


def _add_cors(request: Any, response: Response) -> None:
    origin = (request.headers or {}).get("origin") if request is not None else None
    if origin and origin in settings().allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        response.headers.update(CORS_HEADERS)
    else:  # never describe another origin's access to this caller
        for name in [h for h in response.headers if h.lower().startswith("access-control-")]:
            del response.headers[name]


def http_middleware(request: Any, get_response: Callable[[Any], Response]) -> Response:
    try:
        content_length = int((request.headers or {}).get("content-length") or 0)
    except ValueError:
        content_length = 0
    try:
        if content_length > MAX_BODY_BYTES or len(request.raw_body or b"") > MAX_BODY_BYTES:
            response = error_response(PayloadTooLarge())
        else:
            response = _translate_chalice_error(get_response(request))
    except Exception as exc:  # noqa: BLE001 - nothing leaves without the error shape
        response = error_response(to_api_error(exc, getattr(request, "path", "")))
    _add_cors(request, response)
    return response
