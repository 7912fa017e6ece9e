"""A local Pretalx look-alike: serves a dataset over HTTP the way the v1 API does.

- `/api/events/{event}/{rooms|submission-types|submissions|speakers|slots}/`
- Pagination `{"count", "next", "previous", "results"}` with absolute `next` links;
  rooms page with `limit`/`offset`, the others with `page`/`page_size` (as in the schema),
  and at most `max_page_size` items per page, so a PyCon needs several pages.
- Ids instead of nested objects unless `?expand=speakers`, `?expand=submission_type` or
  both (`expand=speakers,submission_type`) on submissions.
- Slots carry `is_visible` as the dataset says (Pretalx hides unconfirmed talks' slots from
  the public schedule); the `Pretalx-Version` request header is recorded.
- `legacy_token`: the token is pinned to pretalx's LEGACY API (every token migrated from a
  pre-2025 install): without `Pretalx-Version: v1`, `/submission-types/` and `/slots/` answer 400.
- `types_forbidden`: the token may not read `/submission-types/` (403), as migrated read tokens.
- Used by the tests (faults, request counting) and by `make run` (the demo schedule).
- `?state=` filters submissions; `Authorization: Token <token>` is required when a token is set.
- `faults`: a FIFO of things to do instead of answering (status codes, `Retry-After`,
  slow answers), optionally only for one collection; `requests` records what was asked.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .loopback_fake import LoopbackFake

COLLECTIONS = ("rooms", "submission-types", "submissions", "speakers", "slots")


@dataclass
class Fault:
    status: int = 500
    retry_after: str | None = None
    sleep: float = 0.0  # seconds to wait before answering (timeouts)
    collection: str | None = None  # only requests for this collection
    body: bytes | None = None


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    at: float
    version: str | None = None  # the Pretalx-Version header, if sent


@dataclass
class FakePretalx(LoopbackFake):
    dataset: dict[str, list[dict[str, Any]]]
    event: str = "pycon-test-2026"
    token: str | None = "pretalx-secret-token"
    max_page_size: int = 50
    honour_expand: bool = True
    legacy_token: bool = False
    types_forbidden: bool = False
    faults: list[Fault] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)

    def start(self, port: int = 0) -> FakePretalx:
        self._serve("127.0.0.1", port)
        return self

    def count(self, collection: str | None = None) -> int:
        return sum(1 for r in self.requests if collection is None or f"/{collection}/" in r.path)

    # -- request handling -------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str = "GET") -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        self.requests.append(Seen(parts.path, query, handler.headers.get("Authorization"), time.monotonic(),
                                  handler.headers.get("Pretalx-Version")))
        segments = [s for s in parts.path.split("/") if s]
        collection = segments[3] if len(segments) == 4 else None
        fault = self._take_fault(collection)
        if fault is not None:
            if fault.sleep:
                time.sleep(fault.sleep)
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return self._send(handler, fault.status, fault.body or b'{"detail": "injected"}', headers)
        if self.token and handler.headers.get("Authorization") != f"Token {self.token}":
            return self._send(handler, 401, b'{"detail": "Invalid token."}')
        if len(segments) != 4 or segments[:2] != ["api", "events"] or segments[2] != self.event \
                or collection not in COLLECTIONS:
            return self._send(handler, 404, b'{"detail": "Not found."}')
        if self.types_forbidden and collection == "submission-types":
            return self._send(handler, 403, b'{"detail": "You do not have permission to perform this action."}')
        if self.legacy_token and collection in ("submission-types", "slots") \
                and handler.headers.get("Pretalx-Version") != "v1":
            return self._send(handler, 400, b'{"detail": "This endpoint is not available in the LEGACY API."}')
        items = self._items(collection, query)
        if collection == "rooms":
            limit = min(int(query.get("limit", ["20"])[0]), self.max_page_size)
            offset = int(query.get("offset", ["0"])[0])
            page = items[offset:offset + limit]
            nxt = {"limit": limit, "offset": offset + limit} if offset + limit < len(items) else None
            prev = {"limit": limit, "offset": max(0, offset - limit)} if offset else None
        else:
            size = min(int(query.get("page_size", ["20"])[0]), self.max_page_size)
            number = int(query.get("page", ["1"])[0])
            page = items[(number - 1) * size:number * size]
            nxt = {"page_size": size, "page": number + 1} if number * size < len(items) else None
            prev = {"page_size": size, "page": number - 1} if number > 1 else None
        keep = [(k, v) for k, vs in query.items() if k not in ("limit", "offset", "page", "page_size") for v in vs]

        def link(params: dict[str, int] | None) -> str | None:
            if params is None:
                return None
            return f"{self.url}{parts.path}?" + urlencode(keep + list(params.items()))

        body = {"count": len(items), "next": link(nxt), "previous": link(prev), "results": page}
        self._send(handler, 200, json.dumps(body).encode())

    def _take_fault(self, collection: str | None) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.collection in (None, collection):
                return self.faults.pop(index)
        return None

    def _items(self, collection: str, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        items = list(self.dataset.get(collection, []))
        if collection == "submissions":
            states = query.get("state")
            if states:  # a malformed (non-string) state is served as is, like a buggy Pretalx would
                items = [s for s in items if not isinstance(s.get("state"), str) or s.get("state") in states]
            expand = {name.strip() for value in query.get("expand", []) for name in value.split(",")}
            if self.honour_expand and "speakers" in expand:
                speakers = {s["code"]: s for s in self.dataset.get("speakers", [])}
                items = [{**s, "speakers": [speakers.get(c, c) if isinstance(c, str) else c for c in s["speakers"]
                                            if not isinstance(c, str) or c in speakers]}
                         if isinstance(s.get("speakers"), list) else s for s in items]
            if self.honour_expand and "submission_type" in expand:
                types = {t["id"]: t for t in self.dataset.get("submission-types", [])}
                items = [{**s, "submission_type": types.get(s.get("submission_type"), s.get("submission_type"))}
                         if isinstance(s.get("submission_type"), int | str | None) else s for s in items]
        return items

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass
