"""devstack/web.py: the built app on its own origin, with /config.json and the SPA fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devstack.web import WebServer


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
