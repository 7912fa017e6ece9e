"""Which outbound base URLs a conference may configure (so settings can't reach internals).

The text-level rules live here (pure, no network); `chalicelib.netguard` adds the checks
that need the resolver (what a host name really points to) with the same `address_problem`.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .text import forbidden_characters

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
INTERNAL_SUFFIXES = (".internal", ".local", ".localhost", ".localdomain", ".home.arpa")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    packed = int(address)
    if packed >> 32 == 0 and packed > 1:  # ::a.b.c.d (deprecated IPv4-compatible; not :: or ::1)
        return ipaddress.IPv4Address(packed)
    return None


def address_problem(address: IPAddress, *, allow_loopback: bool) -> str | None:
    """Why the client must not connect to `address`, or None."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return f"{address} is a scoped (link-local) address"
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            problem = address_problem(embedded, allow_loopback=allow_loopback)
            return f"{address} embeds {problem}" if problem else None
    if address.is_loopback:
        return None if allow_loopback else f"{address} is a loopback address"
    if address.is_multicast:
        return f"{address} is a multicast address"
    if address.is_reserved or address.is_unspecified:
        return f"{address} is a reserved address"
    if address.is_link_local:
        return f"{address} is a link-local address"
    if address.is_private:
        return f"{address} is a private address"
    if not address.is_global:
        return f"{address} is not a public address"
    return None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def base_url_problem(url: str, *, allow_loopback: bool) -> str | None:
    """Why `url` is not an acceptable Pretalx base URL by its text alone, or None.

    Only https to a public host name or address; with `allow_loopback` (the local stack
    and the tests' fake servers) also http or https to a loopback address or `localhost`.
    Numeric spellings the resolver understands (`2130706433`, `0x7f000001`, `127.1`) are
    not literals here: netguard resolves them and refuses what they point to.
    """
    if forbidden_characters(url):
        return "must not contain control or invisible characters"
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "must be a valid URL"
    if parts.username or parts.password or parts.query or parts.fragment or not host:
        return "must be a plain https URL such as https://pretalx.com"
    literal = _literal(host)
    loopback = host in LOOPBACK_NAMES or (literal is not None and literal.is_loopback)
    if loopback and allow_loopback and parts.scheme in ("http", "https"):
        return None
    if parts.scheme != "https":
        return "must use https"
    if loopback:
        return "must point to a public host (not loopback)"
    if literal is not None:
        problem = address_problem(literal, allow_loopback=allow_loopback)
        return f"must point to a public host ({problem})" if problem else None
    if host.endswith(INTERNAL_SUFFIXES):
        return "must point to a public host"
    return None
