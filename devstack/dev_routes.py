"""Local-only `/dev/` routes for the web app's sign-in: the demo users and dev tokens.

Served by the local gateway (devstack/gateway.py) in front of the Chalice app, never by
the app itself, so they cannot exist in the Lambda package (tests/web/test_dev_routes.py
asserts both). CORS follows the API's: the configured frontend origins only.

- `GET /dev/users` -> `{"users": [{"role", "sub", "name", "email", "permissions"}]}`
- `POST /dev/token` `{"sub", "name"?, "email"?, "permissions"?}` -> `{"token", "expires_at"}`
"""

from __future__ import annotations

import json
import time
from typing import Any

from chalicelib.api.middleware import CORS_HEADERS
from chalicelib.auth import PERMISSIONS, mint_dev_token
from chalicelib.config import settings

#: A dev token's lifetime: a working day, like the CLI's.
TOKEN_TTL_SECONDS = 12 * 3600
PATHS = ("/dev/users", "/dev/token")
_MAX_TEXT = 200

Response = dict[str, Any]


def demo_users() -> list[dict[str, Any]]:
    from .run import DEMO_USERS  # the one list the stack prints tokens for and seeds data with

    return [{"role": role, "sub": u["sub"], "name": u["name"], "email": u["email"], "permissions": list(u["perms"])}
            for role, u in DEMO_USERS.items()]


def handles(path: str) -> bool:
    return path.split("?", 1)[0] in PATHS


def handle(method: str, path: str, headers: Any, body: bytes | None) -> Response:
    """Answer one request to a `/dev/` route (call only when `handles(path)`)."""
    route = path.split("?", 1)[0]
    origin = next((v for k, v in (headers or {}).items() if k.lower() == "origin"), None)
    allowed = "GET" if route == "/dev/users" else "POST"
    if method == "OPTIONS":
        return _respond(204, None, origin)
    if method != allowed:
        return _respond(405, _error("method_not_allowed", f"Use {allowed} on {route}."), origin, {"Allow": allowed})
    if route == "/dev/users":
        return _respond(200, {"users": demo_users()}, origin)
    return _token(body, origin)


def _token(body: bytes | None, origin: str | None) -> Response:
    try:
        claims = json.loads(body or b"")
    except ValueError:
        return _respond(400, _error("bad_request", "The request body must be a JSON object."), origin)
    if not isinstance(claims, dict):
        return _respond(400, _error("bad_request", "The request body must be a JSON object."), origin)
    fields: dict[str, list[str]] = {}
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > _MAX_TEXT:
        fields["sub"] = ["Enter a user id of 1 to 200 characters."]
    for name in ("name", "email"):
        value = claims.get(name, "")
        if not isinstance(value, str) or len(value) > _MAX_TEXT:
            fields[name] = [f"{name.capitalize()} must be text of at most 200 characters."]
    permissions = claims.get("permissions", [])
    if not isinstance(permissions, list) or any(p not in PERMISSIONS for p in permissions):
        fields["permissions"] = [f"Permissions must be a list of: {', '.join(PERMISSIONS)}."]
    if fields:
        return _respond(422, _error("validation_error", "Some fields are not valid.", fields), origin)
    now = int(time.time())
    token = mint_dev_token(settings().auth_dev_secret, sub.strip(), name=claims.get("name", ""),
                           email=claims.get("email", ""), permissions=permissions,
                           ttl_seconds=TOKEN_TTL_SECONDS, now=now)
    return _respond(200, {"token": token, "expires_at": now + TOKEN_TTL_SECONDS}, origin)


def _error(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return {"error": error}


def _respond(status: int, body: Any, origin: str | None, extra: dict[str, str] | None = None) -> Response:
    headers = {"Content-Type": "application/json", "Cache-Control": "no-store", **(extra or {})}
    if origin and origin in settings().allowed_origins:
        headers.update({"Access-Control-Allow-Origin": origin, "Vary": "Origin", **CORS_HEADERS})
    return {"statusCode": status, "headers": headers, "multiValueHeaders": {},
            "body": "" if body is None else json.dumps(body)}
