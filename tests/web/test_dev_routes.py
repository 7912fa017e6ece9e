"""`GET /dev/users` and `POST /dev/token` on the local gateway: the web app's local sign-in."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from devstack.run import DEMO_USERS
from tests.support.clients import HttpApi
from tests.support.pretalx import isolate_from_scheduled_sync

WEB_ORIGIN = "http://127.0.0.1:5173"  # allowed by tests/conftest.py's ALLOWED_ORIGINS


def test_users_lists_every_demo_role_with_its_permissions(live_stack: HttpApi) -> None:
    reply = requests.get(f"{live_stack.base_url}/dev/users", headers={"Origin": WEB_ORIGIN}, timeout=5)
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == WEB_ORIGIN
    assert reply.headers["Cache-Control"] == "no-store"
    users = {u["role"]: u for u in reply.json()["users"]}
    assert {"attendee", "applicant", "reviewer", "organiser", "payer", "admin"} <= set(users)
    for role, user in users.items():
        assert user["sub"] == DEMO_USERS[role]["sub"] and user["permissions"] == DEMO_USERS[role]["perms"]
    assert users["payer"]["permissions"] == ["disburse_travel_grant"]


def test_token_is_accepted_by_the_api_with_the_claims_asked_for(live_stack: HttpApi) -> None:
    body = {"sub": "web-custom-1", "name": "Cus Tom", "email": "tom@example.com", "permissions": ["manage_conference"]}
    reply = requests.post(f"{live_stack.base_url}/dev/token", json=body, headers={"Origin": WEB_ORIGIN}, timeout=5)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Access-Control-Allow-Origin"] == WEB_ORIGIN
    assert reply.headers["Cache-Control"] == "no-store"  # a token must never sit in a cache
    token, expires_at = reply.json()["token"], reply.json()["expires_at"]
    assert isinstance(expires_at, int)
    # manage_conference lists conferences; without it the API answers 403
    assert live_stack.get("/manage/conferences", token=token).status == 200
    plain = requests.post(f"{live_stack.base_url}/dev/token", json={"sub": "web-custom-2"}, timeout=5).json()["token"]
    assert live_stack.get("/manage/conferences", token=plain).status == 403


def test_token_email_is_verified_unless_asked_otherwise(live_stack: HttpApi) -> None:
    import jwt

    def claims(body: dict[str, Any]) -> dict[str, Any]:
        token = requests.post(f"{live_stack.base_url}/dev/token", json=body, timeout=5).json()["token"]
        return jwt.decode(token, options={"verify_signature": False})

    assert claims({"sub": "web-v", "email": "v@example.com"})["email_verified"] is True
    assert claims({"sub": "web-u", "email": "u@example.com", "email_verified": False})["email_verified"] is False
    assert claims({"sub": "web-l", "locale": "es"})["locale"] == "es"  # as an identity provider's `locale` claim
    assert "locale" not in claims({"sub": "web-n"})


def _post(live_stack: HttpApi, data: Any) -> requests.Response:
    return requests.post(f"{live_stack.base_url}/dev/token", data=data,
                         headers={"Content-Type": "application/json"}, timeout=5)


def test_bad_token_requests_get_4xx_in_the_error_shape(live_stack: HttpApi) -> None:
    cases = {
        b"not json": (400, "bad_request", None),
        b"[1]": (400, "bad_request", None),
        b'{"sub": ""}': (422, "validation_error", "sub"),
        b'{"sub": "x", "permissions": ["root"]}': (422, "validation_error", "permissions"),
        b'{"sub": "x", "name": 5}': (422, "validation_error", "name"),
        b'{"sub": "x", "email_verified": "no"}': (422, "validation_error", "email_verified"),
        b'{"sub": "x", "locale": "fr"}': (422, "validation_error", "locale"),
    }
    for data, (status, code, field) in cases.items():
        reply = _post(live_stack, data)
        assert reply.status_code == status, (data, reply.text)
        error = reply.json()["error"]
        assert error["code"] == code and error["message"]
        assert reply.headers["Cache-Control"] == "no-store"
        if field:
            assert field in error["fields"]
    wrong_method = requests.get(f"{live_stack.base_url}/dev/token", timeout=5)
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "method_not_allowed"


def test_cors_preflight_is_answered_for_allowed_origins_only(live_stack: HttpApi) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = requests.options(f"{live_stack.base_url}/dev/token", headers={"Origin": WEB_ORIGIN, **preflight}, timeout=5)
    assert ok.status_code == 204 and ok.headers["Access-Control-Allow-Origin"] == WEB_ORIGIN
    assert "Content-Type" in ok.headers["Access-Control-Allow-Headers"]
    other = requests.options(f"{live_stack.base_url}/dev/token",
                             headers={"Origin": "https://evil.example", **preflight}, timeout=5)
    assert "Access-Control-Allow-Origin" not in other.headers


# -- DNS rebinding and cross-site requests: the dev routes mint admin tokens ---------------------

DEV_PATHS = ("/dev/users", "/dev/token", "/dev/mailbox", "/dev/mailbox.html", "/dev/schedules/run")


def _port(live_stack: HttpApi) -> int:
    return int(live_stack.base_url.rsplit(":", 1)[1])


def _call(live_stack: HttpApi, path: str, headers: dict[str, str]) -> requests.Response:
    if path == "/dev/token":
        return requests.post(f"{live_stack.base_url}{path}", json={"sub": "rebound", "permissions": ["manage_conference"]},
                             headers=headers, timeout=5)
    if path == "/dev/schedules/run":  # as if long ago: nothing is due, so it changes nothing
        return requests.post(f"{live_stack.base_url}{path}", json={"now": "2000-01-01T00:00:00Z"}, headers=headers,
                             timeout=120)
    return requests.get(f"{live_stack.base_url}{path}", headers=headers, timeout=5)


def test_a_foreign_host_name_is_misdirected(live_stack: HttpApi) -> None:
    """A page on attacker.example whose name now resolves to 127.0.0.1 sends its own Host."""
    port = _port(live_stack)
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.attacker.example:{port}",
                 f"attacker.example@127.0.0.1:{port}", f"127.0.0.1:{port}/x", "",
                 f"localhost:{port + 1}", "localhost"):
        for path in DEV_PATHS:
            reply = _call(live_stack, path, {"Host": host})
            assert reply.status_code == 421, (host, path, reply.status_code, reply.text[:200])
            assert reply.json()["error"]["code"] == "misdirected_request" and reply.json()["error"]["message"]
            assert "token" not in reply.json()


def test_loopback_host_names_with_the_stack_port_are_served(live_stack: HttpApi, monkeypatch: pytest.MonkeyPatch) -> None:
    # /dev/schedules/run runs every sync: keep them off the fake Pretalx and pretix servers of
    # tests that have ended (each would wait for its connection timeouts).
    from chalicelib.pretix import tickets

    isolate_from_scheduled_sync(monkeypatch)
    monkeypatch.setattr(tickets, "list_conferences", lambda: [])
    port = _port(live_stack)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        for path in DEV_PATHS:
            assert _call(live_stack, path, {"Host": host}).status_code == 200, (host, path)


def test_cross_site_requests_are_refused(live_stack: HttpApi) -> None:
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Origin": "http://127.0.0.1:1"},  # another loopback port: not the stack's web app
                    {"Sec-Fetch-Site": "cross-site"}):
        for path in DEV_PATHS:
            reply = _call(live_stack, path, headers)
            assert reply.status_code == 403, (headers, path, reply.status_code)
            assert reply.json()["error"]["code"] == "forbidden" and "token" not in reply.json()


def test_the_web_app_and_tools_still_get_their_tokens(live_stack: HttpApi) -> None:
    """The web app's origin (another loopback port; `cross-site` when one uses localhost and the
    other 127.0.0.1) and clients that send no Origin (curl, the e2e setup) are served."""
    for headers in ({"Origin": WEB_ORIGIN, "Sec-Fetch-Site": "same-site"},
                    {"Origin": "http://localhost:3000", "Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}):
        reply = _call(live_stack, "/dev/token", headers)
        assert reply.status_code == 200 and reply.json()["token"], headers
