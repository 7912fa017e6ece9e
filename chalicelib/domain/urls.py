"""Which outbound base URLs a conference may configure (so settings can't reach internals)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_internal_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith((".internal", ".local", ".localhost")) or host == "localhost"
    return not address.is_global


def base_url_problem(url: str, *, local_stage: bool) -> str | None:
    """Why `url` is not an acceptable Pretalx base URL, or None when it is.

    Deployed stages accept only https to a public host name or address; the local stage
    additionally accepts plain http to a loopback address (the test fixtures' server).
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "must be a valid URL"
    if parts.username or parts.password or parts.query or parts.fragment or not host:
        return "must be a plain https URL such as https://pretalx.com"
    if parts.scheme == "http" and local_stage and _is_loopback(host):
        return None
    if parts.scheme != "https":
        return "must use https"
    if _is_internal_address(host) and not (local_stage and _is_loopback(host)):
        return "must point to a public host"
    return None
