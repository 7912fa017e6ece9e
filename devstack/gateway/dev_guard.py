"""Who may call the local-only `/dev/` routes (tokens for any permission, the mailbox).

A web page cannot read another origin's answers, but it can make its own name resolve to
127.0.0.1 (DNS rebinding) and then call the stack as a same-origin page, or send a
cross-site request whose side effects or answer matter. So a `/dev/` route answers only:
  * requests addressed to a loopback name (`127.0.0.1`, `localhost`, `[::1]`) on the
    stack's own port: a rebound page sends its own name in `Host` -> 421;
  * requests with no `Origin` (curl, scripts, the e2e setup), or an `Origin` the stack
    allows (its web app, the API's own page); any other `Origin`, or none but a browser's
    `Sec-Fetch-Site: cross-site`, -> 403.
The web app runs on another loopback port (a cross-site request when one side is spelled
`localhost` and the other `127.0.0.1`), so an allowed `Origin` wins over `Sec-Fetch-Site`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from .dev_http import error_response

_LOOPBACK_HOST = re.compile(r"(?P<name>127\.0\.0\.1|localhost|\[::1\])(?::(?P<port>\d{1,5}))?", re.IGNORECASE)


def _host_and_port(host: str) -> tuple[str, int] | None:
    """('localhost', 8000) from 'localhost:8000' (IPv6 in brackets); None for anything but a
    bare loopback name with an optional port (no user part, path or other name)."""
    match = _LOOPBACK_HOST.fullmatch(host)
    if match is None:
        return None
    return match.group("name").lower().strip("[]"), int(match.group("port") or 80)


def own_origins(port: int) -> list[str]:
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://[::1]:{port}"]


def refusal(headers: Any, port: int | None, allowed_origins: Collection[str]) -> dict[str, Any] | None:
    """The error answer for a request the `/dev/` routes must not serve, else None.

    `port`: the port the server listens on (None: any, for the in-process test client).
    """
    lowered = {str(k).lower(): str(v) for k, v in dict(headers or {}).items()}
    parsed = _host_and_port(lowered.get("host", "").strip())
    if parsed is None or (port is not None and parsed[1] != port):
        return error_response(421, "misdirected_request",
                              "The local /dev/ routes answer only on 127.0.0.1, localhost or [::1] with the "
                              "stack's own port.")
    origin = lowered.get("origin")
    allowed = set(allowed_origins) | set(own_origins(port) if port is not None else [])
    cross_site = lowered.get("sec-fetch-site", "").lower() == "cross-site"
    if (origin is not None and origin not in allowed) or (origin is None and cross_site):
        return error_response(403, "forbidden",
                              "The local /dev/ routes answer the stack's own web app only, not other sites.")
    return None
