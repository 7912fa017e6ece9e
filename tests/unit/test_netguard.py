"""The Pretalx client reaches public addresses only (resolved, not guessed).

The fake resolver maps made-up names to addresses, so the tests can point a name at the
fake Pretalx server on loopback, or at a private address, and change it between calls
(DNS rebinding) without any network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib import netguard
from chalicelib.domain.urls import address_problem, base_url_problem
from chalicelib.pretalx.client import ClientOptions, PretalxClient, PretalxUnavailable, build_session
from devstack.demo.pretalx_server import FakePretalx

FAST = ClientOptions(connect_timeout=1, read_timeout=2, retries=0)
_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture
def fake() -> Iterator[FakePretalx]:
    server = FakePretalx({"rooms": [{"id": 1, "name": {"en": "Hall"}, "position": 0}], "slots": [], "submissions": [],
                          "speakers": [], "submission-types": []}, event="ev", token="tok").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[str]]:
    """`dns(name, answers...)`: the next lookups of `name` answer in turn (the last one repeats)."""
    table: dict[str, list[list[str]]] = {}
    lookups: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in table:
            lookups.append(host)
            answers = table[host][0] if len(table[host]) == 1 else table[host].pop(0)
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (ip, int(port)) if ":" not in ip else (ip, int(port), 0, 0)) for ip in answers]
        return _real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def define(name: str, *answers: list[str]) -> list[str]:
        table[name] = [list(a) for a in answers]
        return lookups

    return define


NUMERIC_INTERNAL = ["167772161", "2130706433", "0x7f000001", "127.1", "017700000001", "0xa.0.0.1", "10.1",
                    "2852039166", "0", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "[::127.0.0.1]", "[2002:a00:1::]",
                    "[64:ff9b::a9fe:a9fe]", "[fe80::1]", "[fd00::1]", "[::1]", "localhost", "100.64.0.1",
                    "224.0.0.251", "240.0.0.1", "198.18.0.1"]


@pytest.mark.parametrize("host", NUMERIC_INTERNAL)
def test_every_spelling_of_an_internal_address_is_refused(host: str) -> None:
    """What the resolver makes of the host decides, not how the host is written."""
    bare = host.strip("[]")
    with pytest.raises(netguard.BlockedAddress):
        netguard.checked_addresses(bare, 443, allow_loopback=False)
    assert netguard.host_problem(bare, 443, allow_loopback=False) is not None


@pytest.mark.parametrize("address, loopback_ok", [
    ("127.0.0.1", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("10.0.0.1", False), ("172.16.0.1", False), ("192.168.1.1", False), ("169.254.169.254", False),
    ("fe80::1", False), ("fc00::1", False), ("::ffff:192.168.0.1", False), ("0.0.0.0", False),
])
def test_loopback_is_the_only_exception_and_only_when_allowed(address: str, loopback_ok: bool) -> None:
    ip = ipaddress.ip_address(address)
    assert address_problem(ip, allow_loopback=False) is not None
    assert (address_problem(ip, allow_loopback=True) is None) is loopback_ok


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address), allow_loopback=False) is None


def test_any_bad_address_among_several_refuses_the_host(dns: Callable[..., list[str]]) -> None:
    dns("mixed.example", ["93.184.216.34", "10.0.0.7"])
    assert "10.0.0.7" in (netguard.host_problem("mixed.example", 443, allow_loopback=False) or "")


def test_a_name_pointing_at_loopback_is_never_connected(fake: FakePretalx, dns: Callable[..., list[str]]) -> None:
    """The deployed case: the token never reaches the service listening on loopback."""
    port = fake.url.rsplit(":", 1)[1]
    dns("pretalx.evil.example", ["127.0.0.1"])
    session = build_session(FAST, allow_loopback=False)
    with pytest.raises(netguard.BlockedAddress):
        session.get(f"http://pretalx.evil.example:{port}/api/events/ev/rooms/", headers={"Authorization": "Token tok"})
    assert fake.requests == []
    allowed = build_session(FAST, allow_loopback=True)  # control: the same request, loopback allowed, arrives
    assert allowed.get(f"http://pretalx.evil.example:{port}/api/events/ev/rooms/", timeout=2).status_code in (200, 401)
    assert len(fake.requests) == 1


def test_dns_rebinding_between_check_and_connect_does_not_get_through(
        fake: FakePretalx, dns: Callable[..., list[str]]) -> None:
    """One resolution per connection, and the connection goes to the address that was checked:
    a resolver that answers loopback first and a private address afterwards changes nothing."""
    port = fake.url.rsplit(":", 1)[1]
    lookups = dns("flip.example", ["127.0.0.1"], ["10.0.0.9"])
    reply = build_session(FAST, allow_loopback=True).get(f"http://flip.example:{port}/api/events/ev/rooms/", timeout=2)
    assert reply.status_code in (200, 401) and lookups == ["flip.example"]
    with pytest.raises(netguard.BlockedAddress):  # the next connection resolves again, and is checked again
        build_session(FAST, allow_loopback=True).get(f"http://flip.example:{port}/x", timeout=2)


def test_the_client_turns_a_refused_address_into_pretalx_unavailable(dns: Callable[..., list[str]]) -> None:
    dns("rebound.example", ["169.254.169.254"])
    assert base_url_problem("https://rebound.example", allow_loopback=False) is None  # the text looks fine
    with pytest.raises(PretalxUnavailable, match="not allowed"):
        PretalxClient("https://rebound.example", "ev", "tok", allow_loopback=False, options=FAST).rooms()


def test_environment_proxies_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.1:3128")
    assert build_session(FAST).trust_env is False
