"""devstack/web/server.py: the built app on its own origin, with /config.json and the SPA fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devstack.web.server import WebServer
from tests.support.raw_http import exchange, hang_up_mid_answer, status_of


@pytest.fixture
def site(tmp_path: Path) -> Iterator[WebServer]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>app</title>")
    (dist / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside dist")
    server = WebServer(0, dist=dist).start("http://127.0.0.1:9", connect_src=["http://127.0.0.1:10"],
                                           default_conference="pycon-demo")
    try:
        yield server
    finally:
        server.stop()


def test_config_json_points_the_app_at_this_stack(site: WebServer) -> None:
    reply = requests.get(f"{site.url}/config.json", timeout=5)
    assert reply.json() == {"apiUrl": "http://127.0.0.1:9", "auth": {"mode": "local"}, "defaultConference": "pycon-demo"}
    assert reply.headers["Cache-Control"] == "no-store"


def test_deep_links_get_the_app_shell_and_assets_are_immutable(site: WebServer) -> None:
    for path in ("/", "/c/pycon-demo/grant/receipts", "/sign-in?next=%2Fc%2Fx"):
        reply = requests.get(site.url + path, timeout=5)
        assert reply.status_code == 200 and "<title>app</title>" in reply.text, path
        assert reply.headers["Content-Type"].startswith("text/html")
    asset = requests.get(f"{site.url}/assets/index-abc123.js", timeout=5)
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    assert asset.headers["Content-Type"] in ("text/javascript", "application/javascript")
    assert requests.get(f"{site.url}/assets/gone-000.js", timeout=5).status_code == 404


def test_security_headers_allow_only_the_api_and_the_bucket(site: WebServer) -> None:
    headers = requests.get(site.url, timeout=5).headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self' http://127.0.0.1:9 http://127.0.0.1:10" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_paths_cannot_escape_dist(site: WebServer) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
        reply = requests.get(site.url + path, timeout=5)
        assert "outside dist" not in reply.text, path


def test_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    server = WebServer(0, dist=tmp_path / "missing").start("http://127.0.0.1:9")
    try:
        reply = requests.get(server.url + "/c/x", timeout=5)
        assert reply.status_code == 503 and "make web-build" in reply.text
    finally:
        server.stop()


# -- the HTTP layer's edge cases -----------------------------------------------------------------

def test_a_nul_byte_in_the_path_is_400_not_a_dropped_connection(site: WebServer) -> None:
    for path in (b"/%00", b"/assets/%00.js", b"/a%00b/c"):
        answer = exchange("127.0.0.1", site.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status_of(answer) == 400, (path, answer[:200])


def test_a_chunked_body_is_refused_with_411(site: WebServer) -> None:
    """The server takes no bodies; an unread chunked one would be parsed as the next request."""
    raw = (b"GET /config.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"1c\r\nGET /smuggled HTTP/1.1\r\nX: y\r\n\r\n0\r\n\r\n")
    answer = exchange("127.0.0.1", site.port, raw)
    assert status_of(answer) == 411 and answer.count(b"HTTP/1.") == 1, answer[:300]


def test_a_client_that_hangs_up_costs_one_log_line_not_a_traceback(site: WebServer, capfd: pytest.CaptureFixture[str],
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    (site.dist / "assets" / "big-abc.js").write_bytes(b"x" * 8_000_000)
    capfd.readouterr()
    for _ in range(3):
        hang_up_mid_answer("127.0.0.1", site.port, b"GET /assets/big-abc.js HTTP/1.1\r\nHost: x\r\n\r\n")
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Exception occurred" not in out + err, err[-2000:]
    lines = [r for r in caplog.records if "went away" in r.getMessage()]
    assert 1 <= len(lines) <= 3 and all("\n" not in r.getMessage() for r in lines)
