"""What both local HTTP servers (the API gateway and the web app's) do at the edges of HTTP.

* A NUL byte in the path (`GET /%00`) is a 400: no file or route has one, and the file
  system would raise on it instead of answering.
* A request body sent with `Transfer-Encoding` (chunked) is refused with 411 Length
  Required: the servers read bodies by `Content-Length` only, so it would otherwise be
  read as empty, and its bytes parsed as the next request on the connection.
* A client that goes away mid-answer (a closed tab, a cancelled fetch) costs one log line,
  not socketserver's 25-line traceback.
"""

from __future__ import annotations

import logging
import sys
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlsplit

log = logging.getLogger("devstack.http")


def request_refusal(path: str, headers: Any) -> tuple[HTTPStatus, str] | None:
    """(status, message) for a request line and headers the servers do not take, else None."""
    if "\x00" in unquote(urlsplit(path).path):
        return HTTPStatus.BAD_REQUEST, "The path holds a NUL character."
    if headers.get("Transfer-Encoding") is not None:
        return (HTTPStatus.LENGTH_REQUIRED,
                "Send the request body with a Content-Length header; chunked bodies are not read.")
    return None


class EdgeCheckedHandler:
    """Mixin for a BaseHTTPRequestHandler: refuses what `request_refusal` names, with its own
    `send_error` (and so its own error body)."""

    def parse_request(self) -> bool:
        if not super().parse_request():  # type: ignore[misc]
            return False
        refused = request_refusal(self.path, self.headers)  # type: ignore[attr-defined]
        if refused is not None:
            self.close_connection = True  # an unread body must not be parsed as a request
            self.send_error(*refused)  # type: ignore[attr-defined]
            return False
        return True


class QuietDisconnects:
    """Mixin for a socketserver server: a client's disconnection is one line, other errors
    keep their traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            host, port = (*tuple(client_address), "?", "?")[:2]
            log.warning("client %s:%s went away mid-answer (%s)", host, port, type(error).__name__)
            return
        super().handle_error(request, client_address)  # type: ignore[misc]
