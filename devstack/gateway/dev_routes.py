"""Local-only `/dev/` routes for the web app's sign-in: the demo users and dev tokens.

Served by the local gateway (devstack/gateway/server.py, `DEV_ROUTES`) in front of the Chalice
app, never by the app itself, so they cannot exist in the Lambda package
(tests/web/test_dev_routes.py asserts both). The gateway adds CORS for the configured
frontend origins only, as for every dev route.

- `GET /dev/users` -> `{"users": [{"role", "sub", "name", "email", "permissions"}]}`
- `POST /dev/token` `{"sub", "name"?, "email"?, "permissions"?}` -> `{"token", "expires_at"}`
"""

from __future__ import annotations

import json
import time
from typing import Any

from chalicelib.auth import PERMISSIONS, mint_dev_token
from chalicelib.config import settings
from chalicelib.domain.locale import SUPPORTED

from .dev_http import DevRequest, error_response, json_response, method_not_allowed

#: A dev token's lifetime: a working day, like the CLI's.
TOKEN_TTL_SECONDS = 12 * 3600
_MAX_TEXT = 200

Response = dict[str, Any]


def demo_users() -> list[dict[str, Any]]:
    from devstack.run import DEMO_USERS  # the one list the stack prints tokens for and seeds data with

    return [{"role": role, "sub": u["sub"], "name": u["name"], "email": u["email"], "permissions": list(u["perms"])}
            for role, u in DEMO_USERS.items()]


def users(request: DevRequest) -> Response:
    """`GET /dev/users`: the demo users the sign-in page offers."""
    return method_not_allowed(request, "GET") or json_response(200, {"users": demo_users()})


def token(request: DevRequest) -> Response:
    """`POST /dev/token`: a dev token with the claims asked for (never cached)."""
    refused = method_not_allowed(request, "POST")
    if refused is not None:
        return refused
    try:
        claims = json.loads(request.body or b"")
    except ValueError:
        claims = None
    if not isinstance(claims, dict):
        return error_response(400, "bad_request", "The request body must be a JSON object.")
    fields: dict[str, list[str]] = {}
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > _MAX_TEXT:
        fields["sub"] = ["Enter a user id of 1 to 200 characters."]
    for name in ("name", "email"):
        value = claims.get(name, "")
        if not isinstance(value, str) or len(value) > _MAX_TEXT:
            fields[name] = [f"{name.capitalize()} must be text of at most 200 characters."]
    verified = claims.get("email_verified", True)  # false: try what an unverified address does
    if not isinstance(verified, bool):
        fields["email_verified"] = ["email_verified must be true or false."]
    permissions = claims.get("permissions", [])
    if not isinstance(permissions, list) or any(p not in PERMISSIONS for p in permissions):
        fields["permissions"] = [f"Permissions must be a list of: {', '.join(PERMISSIONS)}."]
    locale = claims.get("locale")
    if locale is not None and locale not in SUPPORTED:
        fields["locale"] = [f"Locale must be one of: {', '.join(SUPPORTED)}."]
    if fields or not isinstance(sub, str):
        return error_response(422, "validation_error", "Some fields are not valid.", fields)
    now = int(time.time())
    minted = mint_dev_token(settings().auth_dev_secret, sub.strip(), name=claims.get("name", ""),
                            email=claims.get("email", ""), email_verified=verified, permissions=permissions,
                            ttl_seconds=TOKEN_TTL_SECONDS, now=now, locale=locale)
    return json_response(200, {"token": minted, "expires_at": now + TOKEN_TTL_SECONDS})
