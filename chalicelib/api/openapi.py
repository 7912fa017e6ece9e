"""OpenAPI 3.1 document generated from the route table and the pydantic models.

Built from `routing.ROUTES`, the same list the views are registered from, so every route
is documented with its request/response schemas and security, and nothing else is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..auth import PERMISSIONS
from . import responses
from .responses.base import ErrorBody
from .routing import ROUTES, RouteSpec

_PARAM_RE = re.compile(r"{([^}]+)}")
_REASONS = {
    200: "OK", 201: "Created", 204: "No content", 400: "Malformed body", 401: "Missing or invalid token",
    403: "Missing permission", 404: "Not found or feature disabled", 409: "Not allowed in the current state",
    412: "Stale version", 413: "Body over 256 KiB", 415: "Content-Type other than JSON or text",
    422: "Validation error", 429: "Too many requests, retry later (see Retry-After)", 502: "Upstream failure", 503: "Busy, retry later (see Retry-After)",
}
#: Answers any operation may give before its view runs: the middleware's size limit, Chalice's
#: content-type check, and throttling/unavailable AWS dependencies turned into 503 + Retry-After.
_ANY_OPERATION = {413, 415, 503}


#: Every permission a token may carry: operations name theirs in `x-permissions`, and the web
#: app's own list is type-checked against this enum, so the two cannot drift apart.
_PERMISSION_SCHEMA = {"type": "string", "enum": list(PERMISSIONS), "title": "Permission",
                      "description": "A permission a token carries in its `permissions` claim."}


def _collect_models() -> list[type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody}
    for spec in ROUTES:
        response = responses.resolve(spec.response) if spec.response else None
        for model in (spec.body, response, spec.query):
            if model is not None:
                models[model.__name__] = model
    return list(models.values())


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop}
        for name, prop in schema.get("properties", {}).items()
    ]


def _operation(spec: RouteSpec, refs: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": spec.name,
        "summary": spec.summary or spec.name.replace("_", " "),
        "tags": list(spec.tags),
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}
            for name in _PARAM_RE.findall(spec.path)
        ],
        "responses": {},
    }
    if spec.query is not None:
        operation["parameters"] += _query_parameters(spec.query)
    operation["parameters"] += [
        {"name": name, "in": "header", "required": False, "schema": {"type": "string", "maxLength": 100},
         "description": description}
        for name, description in spec.request_headers
    ]
    if spec.auth == "required":
        operation["security"] = [{"bearerAuth": []}]
    elif spec.auth == "optional":
        operation["security"] = [{}, {"bearerAuth": []}]
    else:
        operation["security"] = []
    if spec.permissions:
        operation["x-permissions"] = list(spec.permissions)
    if spec.features:
        operation["x-features"] = list(spec.features)
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(spec.body.__name__, "validation")]}},
        }
    for status in (spec.status, *spec.also):
        operation["responses"][str(status)] = _success(spec, status, refs)
    error_statuses = set(spec.errors) | _ANY_OPERATION
    if spec.auth == "required":
        error_statuses.add(401)
    if spec.permissions:
        error_statuses.add(403)
    if spec.body is not None:
        error_statuses.update({400, 422})
    if spec.query is not None:
        error_statuses.add(422)
    if spec.features or "{slug}" in spec.path:
        error_statuses.add(404)
    for status in sorted(error_statuses):
        response: dict[str, Any] = {
            "description": _REASONS.get(status, "Error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
        }
        if status in (429, 503):
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}
        operation["responses"][str(status)] = response
    return operation


def _success(spec: RouteSpec, status: int, refs: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    success: dict[str, Any] = {"description": _REASONS.get(status, "OK")}
    if spec.response_headers:
        success["headers"] = {name: {"schema": {"type": "string"}, "description": description}
                              for name, description in spec.response_headers}
    if status == 204:
        return success
    if spec.content_type != "application/json":
        success["content"] = {spec.content_type: {"schema": {"type": "string"}}}
    elif spec.response is not None:
        success["content"] = {"application/json": {"schema": refs[(spec.response, "serialization")]}}
    return success


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    models = _collect_models()
    inputs = [(m, "validation") for m in models] + [(m, "serialization") for m in models]
    key_map, definitions = models_json_schema(inputs, ref_template="#/components/schemas/{model}")
    refs = {(model.__name__, mode): schema for (model, mode), schema in key_map.items()}
    paths: dict[str, dict[str, Any]] = {}
    for spec in ROUTES:
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Conference travel grants and activities API",
            "version": "1.0.0",
            "description": "Every error uses the shape {\"error\": {\"code\", \"message\", \"fields\"?}}.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": {**definitions.get("$defs", {}), "Permission": _PERMISSION_SCHEMA},
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
