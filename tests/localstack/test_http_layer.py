"""The local HTTP server answers like the deployed gateway: always the error shape, no resets.

Left to itself, Python's HTTP server answers unknown methods with an HTML 501, oversized
headers with an HTML 431, and resets connections beyond a listen backlog of 5.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.error_shape import error_shape_problems
from tests.support.raw_http import body_of, exchange, hang_up_mid_answer, status_of

pytestmark = pytest.mark.localstack


@pytest.fixture(scope="module")
def server(app_module: Any) -> Iterator[tuple[str, int]]:
    """A server of its own: the concurrency test must not share it with other tests' traffic."""
    from devstack.gateway.server import make_server

    local = make_server(app_module.app, "127.0.0.1", 0)
    thread = threading.Thread(target=local.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", local.server.server_address[1]
    finally:
        local.server.shutdown()
        local.server.server_close()


def _request(server: tuple[str, int], method: str, path: str, headers: dict[str, str] | None = None,
             ) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def _shape(status: int, raw: bytes) -> list[str]:
    import json

    try:
        body = json.loads(raw)
    except ValueError:
        return [f"not JSON: {raw[:120]!r}"]
    return error_shape_problems(status, body)


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PROPFIND", "FOO-BAR", "CONNECT"])
def test_unknown_methods_on_a_known_route_are_405_in_the_error_shape(server: tuple[str, int], method: str) -> None:
    status, headers, raw = _request(server, method, "/health")
    assert status == 405, raw
    assert _shape(status, raw) == []
    assert headers.get("Content-Type", "").startswith("application/json")
    assert {m.strip() for m in headers["Allow"].split(",")} >= {"GET"}


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "GET"])
def test_any_method_on_an_unknown_route_is_404_in_the_error_shape(server: tuple[str, int], method: str) -> None:
    status, _, raw = _request(server, method, "/no/such/route")
    assert status == 404 and _shape(status, raw) == [], raw


@pytest.mark.parametrize("headers", [
    {"X-Big": "a" * (70 * 1024)},  # one line over 64 KiB
    {f"X-Part-{n}": "b" * 1024 for n in range(70)},  # many lines, 70 KiB together
    {f"X-Many-{n}": "c" for n in range(150)},  # more header lines than the parser takes
], ids=["one-line", "many-lines", "too-many"])
def test_oversized_headers_are_431_in_the_error_shape(server: tuple[str, int], headers: dict[str, str]) -> None:
    status, answer_headers, raw = _request(server, "GET", "/health", headers)
    assert status == 431, raw
    assert answer_headers.get("Content-Type") == "application/json"
    assert _shape(status, raw) == []


def test_headers_just_under_the_limit_are_served(server: tuple[str, int]) -> None:
    status, _, raw = _request(server, "GET", "/health", {f"X-Part-{n}": "d" * 1024 for n in range(50)})
    assert status == 200, raw


def test_malformed_request_line_is_400_in_the_error_shape(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1 extra words\r\n\r\n")
        answer = sock.makefile("rb").read()
    head, _, raw = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") or head.startswith(b"HTTP/1.0 400"), head
    assert _shape(400, raw) == []


def test_overlong_request_line_is_414_in_the_error_shape(server: tuple[str, int]) -> None:
    status, _, raw = _request(server, "GET", "/health?" + "q" * (70 * 1024))
    assert status == 414 and _shape(status, raw) == [], raw


def test_500_concurrent_clients_are_all_served_without_a_reset(server: tuple[str, int]) -> None:
    """All connect at once (a barrier), then each sends a request: every one gets a 200."""
    clients = 500
    barrier = threading.Barrier(clients, timeout=60)
    outcomes: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            barrier.wait()
            with socket.create_connection(server, timeout=60) as sock:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = sock.makefile("rb").read()
            outcome = "ok" if answer.startswith(b"HTTP/1.1 200") else f"status {answer[:20]!r}"
        except (ConnectionError, OSError, threading.BrokenBarrierError) as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [o for o in outcomes if o != "ok"]
    assert len(outcomes) == clients and not failures, failures[:10]


# -- NUL bytes, chunked bodies and clients that hang up ---------------------------------------------

def test_a_nul_byte_in_the_path_is_400_in_the_error_shape(server: tuple[str, int]) -> None:
    for path in (b"/%00", b"/conferences/%00", b"/dev/users%00"):
        answer = exchange(*server, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert status_of(answer) in (400, 404), (path, answer[:300])
        assert _shape(status_of(answer), body_of(answer)) == []


def test_a_chunked_body_is_411_not_read_as_empty(server: tuple[str, int]) -> None:
    """The app would otherwise see an empty body (a 422 about fields the client did send)."""
    body = b'{"sub": "x"}'
    raw = (b"POST /dev/token HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n") % (server[1], len(body), body)
    answer = exchange(*server, raw)
    assert status_of(answer) == 411, answer[:300]
    assert _shape(411, body_of(answer)) == [] and answer.count(b"HTTP/1.") == 1


def test_a_client_that_hangs_up_costs_one_log_line_not_a_traceback(server: tuple[str, int],
                                                                    capfd: pytest.CaptureFixture[str],
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    capfd.readouterr()
    for _ in range(3):
        hang_up_mid_answer(*server, b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Exception occurred" not in out + err, err[-2000:]
    assert all("\n" not in r.getMessage() for r in caplog.records if "went away" in r.getMessage())
