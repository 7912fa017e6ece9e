"""Small clients that speak JSON to the app, in-process or over HTTP, with the same API."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]
    raw: bytes

    @property
    def error_code(self) -> str | None:
        return self.body.get("error", {}).get("code") if isinstance(self.body, dict) else None


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _headers(token: str | None, headers: dict[str, str] | None, has_body: bool) -> dict[str, str]:
    merged = {"Content-Type": "application/json"} if has_body else {}
    if token:
        merged["Authorization"] = f"Bearer {token}"
    merged.update(headers or {})
    return merged


def _body(json_body: Any, raw: bytes | str | None) -> bytes | str | None:
    if raw is not None:
        return raw
    if json_body is None:
        return None
    return json.dumps(json_body)


class _Verbs:
    def request(self, method: str, path: str, json_body: Any = None, *, token: str | None = None,
                headers: dict[str, str] | None = None, raw: bytes | str | None = None) -> Reply:
        raise NotImplementedError

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def delete(self, path: str, **kw: Any) -> Reply:
        return self.request("DELETE", path, **kw)

    def post(self, path: str, json_body: Any = None, **kw: Any) -> Reply:
        return self.request("POST", path, json_body, **kw)

    def put(self, path: str, json_body: Any = None, **kw: Any) -> Reply:
        return self.request("PUT", path, json_body, **kw)

    def patch(self, path: str, json_body: Any = None, **kw: Any) -> Reply:
        return self.request("PATCH", path, json_body, **kw)


class Api(_Verbs):
    """In-process through chalice.test.Client (the app's real code, the real emulator)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def request(self, method: str, path: str, json_body: Any = None, *, token: str | None = None,
                headers: dict[str, str] | None = None, raw: bytes | str | None = None) -> Reply:
        body = _body(json_body, raw)
        response = self._client.http.request(method, path, headers=_headers(token, headers, body is not None),
                                             body=body if body is not None else b"")
        raw_out = response.body if isinstance(response.body, bytes) else str(response.body or "").encode()
        return Reply(response.status_code, _decode(raw_out), dict(response.headers), raw_out)


class HttpApi(_Verbs):
    """Over real HTTP against the threaded local server (concurrency tests, local stack)."""

    def __init__(self, base_url: str, pump: Any = None) -> None:
        self.base_url = base_url
        self.pump = pump
        self._session = requests.Session()

    def request(self, method: str, path: str, json_body: Any = None, *, token: str | None = None,
                headers: dict[str, str] | None = None, raw: bytes | str | None = None) -> Reply:
        body = _body(json_body, raw)
        response = requests.request(method, self.base_url + path, data=body,
                                    headers=_headers(token, headers, body is not None), timeout=60)
        return Reply(response.status_code, _decode(response.content), dict(response.headers), response.content)


def every_signup(client: _Verbs, url: str, token: str | None) -> Reply:
    """A signup list with every page followed (`next_token`): the first page's reply with all rows."""
    separator = "&" if "?" in url else "?"
    first = client.get(f"{url}{separator}limit=200", token=token)
    reply = first
    while reply.status == 200 and reply.body.get("next_token"):
        reply = client.get(f"{url}{separator}limit=200&next_token={reply.body['next_token']}", token=token)
        assert reply.status == 200, reply.body
        first.body["signups"].extend(reply.body["signups"])
    return first


def wait_until(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll until `predicate()` is truthy (for stream-driven effects); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
