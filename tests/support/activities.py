"""Activities and signups as the API tests drive them: paths, a signup, one's own list."""

from __future__ import annotations

from typing import Any

from tests.support.clients import Api


def path(conf: str, activity: str = "", suffix: str = "") -> str:
    base = f"/conferences/{conf}/activities"
    return base + (f"/{activity}" if activity else "") + suffix


def sign_up(api: Api, conf: str, activity: str, token: str) -> dict[str, Any]:
    reply = api.post(path(conf, activity, "/signup"), {}, token=token)
    assert reply.status == 201, reply.body
    return reply.body


def my_signups(api: Api, conf: str, token: str | None) -> Any:
    return api.get(f"/conferences/{conf}/my/signups", token=token)
