"""A local pretix look-alike: the voucher and item endpoints of the REST API, as pretix answers them.

What it speaks (the parts the app uses; answers shaped like pretix 2026.8's, see README):
- `GET    /api/v1/organizers/{org}/events/{event}/vouchers/` with `?code=` (case-insensitive),
  `?tag=` (exact), `?search=` (substring of code, tag or comment), `page`/`page_size`
  pagination `{"count", "next", "previous", "results"}` with absolute `next` links;
- `POST   .../vouchers/` → 201 the voucher; a code that exists (case-insensitively) → 400
  `{"non_field_errors": ["A voucher with this code already exists."]}`; an unknown item →
  400 `{"item": ["Invalid pk \"9\" - object does not exist."]}`; codes are stored upper-case;
- `DELETE .../vouchers/{id}/` → 204, a redeemed voucher → 403, unknown → 404;
- `GET    .../items/`;
- `Authorization: Token <token>` required: anything else → 401 `{"detail": "Invalid token."}`;
- `GET /{org}/{event}/redeem?voucher=CODE`: a tiny shop page (the link e-mails point to);
- `redeem(code)` marks a voucher used, as an order in the shop would.

`faults`: a FIFO of things to do instead of answering (status, delay, optionally only for
one method, or `after`: answer normally, *then* fail — a create that pretix made and whose
answer was lost). `requests` records what was asked. Thread-safe: concurrent creates of one
code make one voucher, like pretix's unique index.
"""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .loopback_fake import LoopbackFake

DEFAULT_ITEMS = ({"id": 1, "name": {"en": "Conference ticket"}, "active": True, "default_price": "300.00"},
                 {"id": 2, "name": {"en": "Tutorial ticket"}, "active": True, "default_price": "150.00"})


@dataclass
class Fault:
    status: int = 500
    sleep: float = 0.0
    method: str | None = None  # only requests with this method
    after: bool = False  # do the work, then answer `status` (the answer "lost")
    body: bytes | None = None


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    body: Any = None


@dataclass
class FakePretix(LoopbackFake):
    methods = ("GET", "POST", "DELETE")
    organizer: str = "pycon"
    event: str = "pycon-test-2026"
    token: str = "pretix-secret-token"
    items: list[dict[str, Any]] = field(default_factory=lambda: [dict(i) for i in DEFAULT_ITEMS])
    max_page_size: int = 50
    vouchers: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    #: Seconds a create holds the lock before it commits (widens races in tests).
    create_delay: float = 0.0

    def start(self, port: int = 0, host: str = "127.0.0.1") -> FakePretix:
        self._lock = threading.Lock()
        self._serve(host, port)
        return self

    def count(self, method: str | None = None) -> int:
        return sum(1 for r in self.requests if method is None or r.method == method)

    def redeem(self, code: str) -> None:
        with self._lock:
            voucher = self._by_code(code)
            if voucher is None:
                raise KeyError(code)
            voucher["redeemed"] += 1

    def vouchers_for(self, comment: str) -> list[dict[str, Any]]:
        return [v for v in self.vouchers if v.get("comment") == comment]

    # -- request handling -------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        body: Any = None
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            try:
                body = json.loads(handler.rfile.read(length))
            except ValueError:
                return self._send(handler, 400, {"detail": "JSON parse error"})
        self.requests.append(Seen(method, parts.path, query, handler.headers.get("Authorization"), body))
        segments = [s for s in parts.path.split("/") if s]
        if method == "GET" and segments == [self.organizer, self.event, "redeem"]:
            return self._shop_page(handler, query.get("voucher", [""])[0])
        fault = self._take_fault(method)
        if fault is not None and not fault.after:
            time.sleep(fault.sleep)
            return self._send(handler, fault.status, None, raw=fault.body or b'{"detail": "injected"}')
        if handler.headers.get("Authorization") != f"Token {self.token}":
            return self._send(handler, 401, {"detail": "Invalid token."})
        prefix = ["api", "v1", "organizers", self.organizer, "events", self.event]
        if segments[:6] != prefix or len(segments) < 7:
            return self._send(handler, 404, {"detail": "Not found."})
        rest = segments[6:]
        if rest == ["items"] and method == "GET":
            status, answer = 200, self._page(parts.path, query, self.items)
        elif rest == ["vouchers"] and method == "GET":
            status, answer = 200, self._page(parts.path, query, self._filtered(query))
        elif rest == ["vouchers"] and method == "POST":
            status, answer = self._create(body if isinstance(body, dict) else {})
        elif len(rest) == 2 and rest[0] == "vouchers" and method == "DELETE":
            status, answer = self._delete(rest[1])
        else:
            status, answer = 404, {"detail": "Not found."}
        if fault is not None:  # the work is done; the answer is lost
            time.sleep(fault.sleep)
            return self._send(handler, fault.status, None, raw=fault.body or b'{"detail": "injected"}')
        self._send(handler, status, answer)

    def _take_fault(self, method: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.method in (None, method):
                return self.faults.pop(index)
        return None

    def _by_code(self, code: str) -> dict[str, Any] | None:
        return next((v for v in self.vouchers if v["code"].upper() == code.upper()), None)

    def _filtered(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        found = list(self.vouchers)
        if "code" in query:
            found = [v for v in found if v["code"].upper() == query["code"][0].upper()]
        if "tag" in query:
            found = [v for v in found if (v.get("tag") or "") == query["tag"][0]]
        if "search" in query:
            text = query["search"][0].lower()
            found = [v for v in found if any(text in (v.get(k) or "").lower() for k in ("code", "tag", "comment"))]
        return found

    def _create(self, body: dict[str, Any]) -> tuple[int, Any]:
        code = str(body.get("code") or "").strip().upper()
        if len(code) < 5:
            return 400, {"code": ["Ensure this field has at least 5 characters."]}
        item = body.get("item")
        if item is not None and not any(i["id"] == item for i in self.items):
            return 400, {"item": [f'Invalid pk "{item}" - object does not exist.']}
        with self._lock:
            if self._by_code(code) is not None:
                return 400, {"non_field_errors": ["A voucher with this code already exists."]}
            time.sleep(self.create_delay)
            voucher = {"id": len(self.vouchers) + 1, "code": code, "max_usages": int(body.get("max_usages") or 1),
                       "redeemed": 0, "valid_until": None, "block_quota": bool(body.get("block_quota")),
                       "allow_ignore_quota": bool(body.get("allow_ignore_quota")),
                       "price_mode": body.get("price_mode", "none"), "value": body.get("value"), "item": item,
                       "variation": None, "quota": None, "tag": body.get("tag") or "",
                       "comment": body.get("comment") or "", "seat": None, "subevent": None}
            self.vouchers.append(voucher)
        return 201, voucher

    def _delete(self, ident: str) -> tuple[int, Any]:
        with self._lock:
            voucher = next((v for v in self.vouchers if str(v["id"]) == ident), None)
            if voucher is None:
                return 404, {"detail": "Not found."}
            if voucher["redeemed"]:
                return 403, {"detail": "This voucher can not be deleted as it has already been used."}
            self.vouchers.remove(voucher)
        return 204, None

    def _page(self, path: str, query: dict[str, list[str]], items: list[dict[str, Any]]) -> dict[str, Any]:
        size = min(int(query.get("page_size", ["50"])[0]), self.max_page_size)
        number = int(query.get("page", ["1"])[0])
        keep = [(k, v) for k, vs in query.items() if k not in ("page", "page_size") for v in vs]

        def link(n: int) -> str:
            return f"{self.url}{path}?" + urlencode([*keep, ("page_size", size), ("page", n)])

        return {"count": len(items), "next": link(number + 1) if number * size < len(items) else None,
                "previous": link(number - 1) if number > 1 else None,
                "results": items[(number - 1) * size:number * size]}

    def _shop_page(self, handler: BaseHTTPRequestHandler, code: str) -> None:
        voucher = self._by_code(code) if code else None
        text = (f"Voucher {voucher['code']}: a free ticket, {'already used' if voucher['redeemed'] else 'ready'}."
                if voucher else "Unknown voucher.")
        page = f"<!doctype html><title>Ticket shop</title><h1>Ticket shop (local)</h1><p>{html.escape(text)}</p>".encode()
        handler.send_response(200 if voucher else 404)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(page)))
        handler.end_headers()
        handler.wfile.write(page)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, answer: Any, raw: bytes | None = None) -> None:
        body = raw if raw is not None else (b"" if answer is None else json.dumps(answer).encode())
        try:
            handler.send_response(status)
            if body:
                handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
