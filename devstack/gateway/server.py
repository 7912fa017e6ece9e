"""Chalice's local API Gateway emulation, answering like our deployed gateway does.

Deployed, API Gateway's MISSING_AUTHENTICATION_TOKEN response (unknown route or method)
is mapped to a 404 in the API's error shape (see infra/); this gives `chalice local` and
`chalice.test.Client` the same answer instead of Chalice's 403. CORS preflights go to
the app's own OPTIONS routes, as they do deployed.

The HTTP server in front of it never answers with Python's HTML error pages: any request
method (TRACE, QUERY, ...) goes through the same gateway as GET does, so a known route
answers 405 `method_not_allowed` with `Allow` and an unknown one 404, exactly as for an
unregistered standard method; malformed requests and oversized headers (over 64 KiB in
total, or one line over 64 KiB) answer in the error shape too (431), as do NUL bytes in the
path (400) and chunked bodies (411, see http_edges.py). The listen backlog
and one thread per connection hold hundreds of concurrent clients without a reset.

Local-only routes (never in the Lambda app) are registered in `DEV_ROUTES`; they answer
loopback hosts on this server's port and the stack's own origins only (dev_guard.py).
"""

from __future__ import annotations

import json
from functools import partial
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    ThreadedHTTPServer,
)

from . import dev_guard, dev_routes, mailbox, schedules
from .dev_http import DevHandler, DevRequest, error_response, json_response, response
from .http_edges import EdgeCheckedHandler, QuietDisconnects

__all__ = ["DEV_ROUTES", "DevHandler", "DevRequest", "error_response", "json_response", "make_server",
           "register_dev_route", "response", "use_contract_gateway"]

NOT_FOUND_BODY = json.dumps({"error": {"code": "not_found", "message": "No such route."}})
#: The most header bytes (all lines together) the server reads, like a front proxy's limit.
MAX_HEADER_BYTES = 64 * 1024
#: Pending connections the kernel queues before accept(): the default (5) resets clients
#: under a burst; the kernel caps it at net.core.somaxconn.
LISTEN_BACKLOG = 1024
#: Codes for the errors the HTTP layer itself answers (before any route runs).
_HTTP_ERROR_CODES = {
    400: "bad_request", 404: "not_found", 408: "request_timeout", 411: "length_required", 413: "payload_too_large",
    414: "uri_too_long", 431: "request_header_fields_too_large", 501: "not_implemented",
    505: "http_version_not_supported",
}


#: Local-only routes (never in the Lambda app): exact path -> handler. Other devstack
#: modules add theirs with `register_dev_route` (or by adding to the dict at import).
DEV_ROUTES: dict[str, DevHandler] = {
    "/dev/users": dev_routes.users,  # the web app's local sign-in
    "/dev/token": dev_routes.token,
    "/dev/mailbox": mailbox.mailbox_json,
    "/dev/mailbox.html": mailbox.mailbox_html,
    "/dev/schedules/run": schedules.run,  # every @app.schedule once, as if at `now`
}


def register_dev_route(path: str, handler: DevHandler) -> None:
    DEV_ROUTES[path] = handler


def _cors(origin: str | None) -> dict[str, str]:
    """CORS headers for an allowed origin (the web app calls dev routes from its own port)."""
    from chalicelib.config import settings

    if not origin or origin not in settings().allowed_origins:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
            "Access-Control-Allow-Headers": "Authorization,Content-Type", "Access-Control-Max-Age": "600"}


def handle_dev_route(handler: DevHandler, method: str, path: str, headers: Any, body: bytes | None,
                     port: int | None = None) -> dict[str, Any]:
    """`port`: the server's own (its Host must name it); None for the in-process test client."""
    from chalicelib.config import settings

    route, _, query = path.partition("?")
    request = DevRequest(method, route, parse_qs(query), dict(headers or {}), body)
    refused = dev_guard.refusal(request.headers, port, settings().allowed_origins)
    if refused is not None:
        refused["headers"]["Cache-Control"] = "no-store"
        return refused
    cors = _cors(request.header("Origin"))
    if method == "OPTIONS":
        return response(204, b"", headers=cors)
    try:
        result = handler(request)
    except Exception as exc:  # noqa: BLE001 - a dev route answers in the error shape, never a traceback
        result = error_response(502, "dev_route_failed", f"{type(exc).__name__}: {exc}")
    # Their answers (tokens, the demo users, the mailbox) change from one call to the next.
    result["headers"] = {"Cache-Control": "no-store", **result.get("headers", {}), **cors}
    return result


class ContractGateway(LocalGateway):
    def __init__(self, app_object: Any, config: Config, port: int | None = None) -> None:
        super().__init__(app_object, config)
        self.port = port

    def handle_request(self, method: str, path: str, headers: Any, body: bytes | None) -> dict[str, Any]:
        dev = DEV_ROUTES.get(path.split("?", 1)[0])  # local-only routes (never in the Lambda app)
        if dev is not None:
            return handle_dev_route(dev, method, path, headers, body, self.port)
        try:
            self.event_converter._route_matcher.match_route(path)
        except ValueError:
            return {"statusCode": 404, "headers": {"Content-Type": "application/json"},
                    "multiValueHeaders": {}, "body": NOT_FOUND_BODY}
        return super().handle_request(method, path, headers, body)


class ContractRequestHandler(EdgeCheckedHandler, ChaliceRequestHandler):
    def __init__(self, request: bytes, client_address: Any, server: Any, app_object: Any, config: Config) -> None:
        self.local_gateway = ContractGateway(app_object, config, port=int(server.server_address[1]))
        super(ChaliceRequestHandler, self).__init__(request, client_address, server)

    def __getattr__(self, name: str) -> Any:
        """`do_TRACE`, `do_QUERY`, ...: every method goes to the gateway, which answers 405/404."""
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        size = sum(len(name) + len(value) + 4 for name, value in self.headers.items())
        if size > MAX_HEADER_BYTES:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            f"The request headers are larger than {MAX_HEADER_BYTES // 1024} KiB.")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The HTTP layer's own errors (bad request line, oversized headers...) in the error shape."""
        status = HTTPStatus(code)
        if code == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE:
            message = f"The request headers are too large (at most {MAX_HEADER_BYTES // 1024} KiB)."
        body = json.dumps({"error": {"code": _HTTP_ERROR_CODES.get(code, "bad_request"),
                                     "message": message or status.phrase}}).encode()
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # an unparseable request line: still send a status line
            self.request_version = "HTTP/1.0"
        self.send_response(code, status.phrase)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the stack prints its own summary lines."""


class ContractHTTPServer(QuietDisconnects, ThreadedHTTPServer):
    """One daemon thread per connection and a deep listen backlog."""

    request_queue_size = LISTEN_BACKLOG


def local_config() -> Config:
    return Config.create(chalice_stage="local", app_name="conference-grants")


def make_server(app: Any, host: str, port: int) -> LocalDevServer:
    """A threaded HTTP server running the Chalice app object as chalice local does."""
    if not isinstance(app, LocalChalice):
        # What `chalice local` does: make `current_request` per thread for the threaded server.
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice
    return LocalDevServer(app, local_config(), host, port, handler_cls=partial(ContractRequestHandler),
                          server_cls=ContractHTTPServer)


def use_contract_gateway(client: Any, app: Any) -> Any:
    """Give a chalice.test.Client the same gateway behaviour (tests)."""
    client.http._local_gateway = ContractGateway(app, local_config())
    return client
