"""Which network addresses the outbound clients (Pretalx, pretix) may reach (server-side
request forgery guard).

A conference's Pretalx or pretix `base_url` is chosen by an organiser, and the clients send
the stored API token there. Judging the URL's text is not enough: `https://167772161`,
`0x7f000001`, `127.1` or `017700000001` are all numeric spellings that the resolver turns
into internal addresses, and a public name can resolve to one (or change to one after the
check: DNS rebinding). So the host is *resolved* and every address it resolves to is
checked, both when the setting is saved and when the client connects, and the client
connects only to an address it has just checked (`guarded_adapter`): there is no second
resolution between the check and the connection.

Refused: anything that is not globally routable (loopback, private, link-local, shared
CGNAT space, unspecified, documentation, benchmarking…), multicast and reserved ranges,
and IPv6 addresses that embed such an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4,
Teredo, NAT64). Loopback is allowed only when the caller says so (the local stack that
`make run` starts, and the tests' fake Pretalx and pretix servers: see Settings.pretalx_loopback_allowed).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import connection as urllib3_connection

from .domain.urls import IPAddress, address_problem


class BlockedAddress(Exception):
    """The host resolves to an address the outbound clients must not reach."""


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (numeric spellings included); socket.gaierror if none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        text = sockaddr[0]
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and len(sockaddr) >= 4 and sockaddr[3]:
            address = ipaddress.IPv6Address(f"{address}%{sockaddr[3]}")
        if address not in addresses:
            addresses.append(address)
    return addresses


def checked_addresses(host: str, port: int, *, allow_loopback: bool) -> list[IPAddress]:
    """`host`'s addresses, if every one of them is allowed; BlockedAddress otherwise."""
    addresses = resolve(host, port)
    if not addresses:
        raise BlockedAddress(f"{host} resolves to no address")
    for address in addresses:
        problem = address_problem(address, allow_loopback=allow_loopback)
        if problem:
            raise BlockedAddress(f"{host} resolves to {problem}")
    return addresses


def host_problem(host: str, port: int, *, allow_loopback: bool) -> str | None:
    """For the settings form: why `host` is refused, or None (also when it does not resolve
    right now: the connection is checked again, and refused, if it ever resolves badly)."""
    try:
        checked_addresses(host, port, allow_loopback=allow_loopback)
    except BlockedAddress as exc:
        return f"must point to a public host ({exc})"
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return None


def _guarded_new_conn(conn: HTTPConnection, allow_loopback: bool) -> socket.socket:
    """Resolve once, check every address, connect to the checked addresses only."""
    host, port = conn._dns_host, conn.port  # type: ignore[attr-defined]  # urllib3's resolution name
    try:
        addresses = checked_addresses(host, port, allow_loopback=allow_loopback)
    except socket.gaierror as exc:
        from urllib3.exceptions import NameResolutionError

        raise NameResolutionError(conn.host, conn, exc) from exc
    error: OSError | None = None
    for address in addresses:
        try:
            return urllib3_connection.create_connection(
                (str(address), port), conn.timeout, source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except OSError as exc:  # try the next checked address, as create_connection would
            error = exc
    from urllib3.exceptions import NewConnectionError

    raise NewConnectionError(conn, f"Failed to establish a new connection: {error}")


def _connection_classes(allow_loopback: bool) -> tuple[type[HTTPConnection], type[HTTPSConnection]]:
    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _guarded_new_conn(self, allow_loopback)

    class GuardedHTTPSConnection(HTTPSConnection):
        # TLS still verifies the certificate against the host *name* (server_hostname).
        def _new_conn(self) -> socket.socket:
            return _guarded_new_conn(self, allow_loopback)

    return GuardedHTTPConnection, GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """requests' adapter (retries and all) whose connections pass `checked_addresses`."""

    def __init__(self, *args: Any, allow_loopback: bool = False, **kwargs: Any) -> None:
        self.allow_loopback = allow_loopback
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        http_cls, https_cls = _connection_classes(self.allow_loopback)
        http_pool = type("GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_cls})
        https_pool = type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_cls})
        self.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        raise BlockedAddress("the outbound clients do not use proxies")
