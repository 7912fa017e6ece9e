"""Serves the built web app (web/dist) on its own origin, as CloudFront does deployed.

- `/config.json`: `{"apiUrl", "auth": {"mode": "local"}, "defaultConference"}` for this stack;
- files under web/dist as they are (hashed `/assets/*` cached for a year);
- any other path: `index.html` (SPA fallback), so deep links from e-mails work;
- the security headers of the deployed distribution (CSP, frame-ancestors 'none', no-sniff);
- NUL bytes in paths, chunked bodies and clients that hang up: see http_edges.py.

When the app has not been built (no web/dist/index.html), pages say how to build it.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from devstack.gateway.http_edges import EdgeCheckedHandler, QuietDisconnects

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
NOT_BUILT = b"<!doctype html><title>Not built</title><p>The web app is not built: run <code>make web-build</code>.</p>"


def security_headers(connect_src: list[str]) -> dict[str, str]:
    """The headers the deployed distribution sends (see infra/): the app needs nothing looser."""
    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self' " + " ".join(connect_src),
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY"}


class WebHTTPServer(QuietDisconnects, ThreadingHTTPServer):
    daemon_threads = True


class WebHandler(EdgeCheckedHandler, BaseHTTPRequestHandler):
    site: WebServer  # set on the per-server subclass

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/config.json":
            return self._send(200, json.dumps(self.site.config).encode(), "application/json", "no-store", send_body)
        file = self._file(path)
        if file is not None:
            immutable = path.startswith("/assets/")
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return self._send(200, file.read_bytes(), kind, cache, send_body)
        if path.startswith("/assets/"):  # a missing hashed asset is a 404, not the app shell
            return self._send(404, b"Not found", "text/plain", "no-store", send_body)
        index = self.site.dist / "index.html"
        body = index.read_bytes() if index.is_file() else NOT_BUILT
        return self._send(200 if index.is_file() else 503, body, "text/html; charset=utf-8", "no-cache", send_body)

    def _file(self, path: str) -> Path | None:
        if path in ("", "/"):
            return None
        root = self.site.dist.resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def _send(self, status: int, body: bytes, kind: str, cache: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in self.site.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the stack prints its own summary lines."""


class WebServer:
    """The static server. Binds on creation (`port=0` picks a free port) so the stack can
    allow its origin before the API starts; `start()` gives it the API's URL and serves."""

    def __init__(self, port: int = 8080, *, host: str = "127.0.0.1", dist: Path = DIST) -> None:
        self.dist = dist
        self.config: dict[str, Any] = {}
        self.headers: dict[str, str] = {}
        handler = type("BoundWebHandler", (WebHandler,), {"site": self})
        self.server = WebHTTPServer((host, port), handler)
        self._thread = threading.Thread(target=self.server.serve_forever, name="web", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origins(self) -> list[str]:
        """The origins a browser may use for this server (both loopback spellings)."""
        return [self.url, f"http://localhost:{self.port}"]

    def start(self, api_url: str, *, connect_src: list[str] | None = None,
              default_conference: str | None = None) -> WebServer:
        self.config = {"apiUrl": api_url, "auth": {"mode": "local"}}
        if default_conference:
            self.config["defaultConference"] = default_conference
        self.headers = security_headers([api_url, *(connect_src or [])])
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self.server.shutdown()
        self.server.server_close()
