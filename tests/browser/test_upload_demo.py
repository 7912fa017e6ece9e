"""A real browser uploads a receipt through the demo page: CORS, presigned form fields, `complete`.

The page is served by the local gateway at /dev/upload-demo and reaches the browser from
a frontend origin the stack allows (a small proxy on http://127.0.0.1:5173), while it talks
to the API on the gateway's own origin and uploads to the emulator's bucket on a third one: the API must answer the CORS preflight of the
JSON + bearer-token requests, and the bucket's CORS rules must let the page read the
answer of its multipart POST, exactly as a deployed frontend needs. Headless Chromium
(Debian's package) is driven by playwright-core; `install-deps.sh` installs both when
missing, and the test fails (never skips) if that is impossible.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
import requests

from chalicelib import aws
from chalicelib.config import settings
from tests.api.test_receipt_support import PDF, REVIEW_GRANTS, accepted_grant, mine
from tests.helpers import HttpApi

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser_deps() -> str:
    """Install Chromium + playwright-core if missing (idempotent); the node binary to use."""
    ready = shutil.which("chromium") and (HERE / "node_modules" / "playwright-core" / "package.json").exists()
    if not ready:
        done = subprocess.run(["bash", str(HERE / "install-deps.sh")], capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"could not install the browser test's dependencies:\n{done.stdout}\n{done.stderr}")
    node = shutil.which("node")
    if not (node and shutil.which("chromium")):
        pytest.fail("node and Debian's chromium are required for the browser test (tests/browser/install-deps.sh)")
    return node


class _FrontendProxy(BaseHTTPRequestHandler):
    """A stand-in frontend host: serves the gateway's /dev/upload-demo page from another origin."""

    upstream = ""

    def do_GET(self) -> None:
        if not self.path.startswith("/dev/upload-demo"):
            self.send_error(404)
            return
        page = requests.get(self.upstream + self.path, timeout=10)
        self.send_response(page.status_code)
        self.send_header("Content-Type", page.headers.get("Content-Type", "text/html"))
        self.send_header("Content-Length", str(len(page.content)))
        self.end_headers()
        self.wfile.write(page.content)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""


@pytest.fixture
def page_origin(live_stack: HttpApi) -> Iterator[str]:
    """The page's origin: a loopback origin the test stack allows (ALLOWED_ORIGINS and bucket CORS)."""
    origin = next((o for o in settings().allowed_origins if urlparse(o).hostname == "127.0.0.1"), None)
    assert origin, f"the test stack allows no 127.0.0.1 frontend origin: {settings().allowed_origins}"
    assert origin != live_stack.base_url
    handler = type("Proxy", (_FrontendProxy,), {"upstream": live_stack.base_url})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", urlparse(origin).port or 80), handler)
    except OSError as exc:
        pytest.fail(f"cannot serve the page on {origin} (the origin the stack allows): {exc}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gateway_log(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str | None]]:
    """(method, path, Origin) of every request the local gateway handles during the test."""
    from devstack.gateway import ContractGateway

    seen: list[tuple[str, str, str | None]] = []
    lock = threading.Lock()
    original = ContractGateway.handle_request

    def logged(self: Any, method: str, path: str, headers: Any, body: bytes | None) -> dict[str, Any]:
        origin = next((v for k, v in headers.items() if k.lower() == "origin"), None)
        with lock:
            seen.append((method, path.split("?", 1)[0], origin))
        return original(self, method, path, headers, body)

    monkeypatch.setattr(ContractGateway, "handle_request", logged)
    return seen


def test_attendee_uploads_a_pdf_from_the_demo_page_in_headless_chromium(
    browser_deps: str, live_stack: HttpApi, page_origin: str, gateway_log: list[tuple[str, str, str | None]],
    make_conference: Callable[..., str], make_token: Callable[..., str], tmp_path: Path,
) -> None:
    slug = make_conference()
    applicant = make_token("browser-ada")
    accepted_grant(live_stack, slug, applicant, make_token("browser-rita", *REVIEW_GRANTS))
    pdf = tmp_path / "boarding-pass.pdf"
    pdf.write_bytes(PDF)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "upload-demo.png"
    screenshot.unlink(missing_ok=True)
    query = urlencode({"api": live_stack.base_url, "conf": slug, "token": applicant})
    page_url = f"{page_origin}/dev/upload-demo?{query}"

    run = subprocess.run([browser_deps, str(HERE / "drive_upload_demo.mjs"), page_url, str(pdf), str(screenshot)],
                         cwd=HERE, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"the browser run failed:\n{run.stdout}\n{run.stderr}"
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["state"] == "done", result
    assert result["origin"] == page_origin
    assert result["failedRequests"] == [], result
    receipt_id = result["receiptId"]
    assert result["text"].startswith(f"Receipt {receipt_id}: pending"), result
    assert [s.split(" -> ")[1] for s in result["steps"]] == ["201", "204", "200"], result["steps"]

    # CORS really was exercised: the page's origin differs from the API's, which answered preflights
    receipts = f"/conferences/{slug}/travel-grant/receipts"
    assert ("OPTIONS", receipts, page_origin) in gateway_log
    assert ("OPTIONS", f"{receipts}/{receipt_id}/complete", page_origin) in gateway_log
    assert ("POST", receipts, page_origin) in gateway_log

    # the API agrees: the receipt is pending, and the bucket holds exactly the bytes the browser sent
    listed = live_stack.get(mine(slug, "/receipts"), token=applicant).body["receipts"]
    assert [(r["id"], r["status"], r["filename"], r["size"]) for r in listed] == [
        (receipt_id, "pending", "boarding-pass.pdf", len(PDF))]
    key = next(k for k in _keys(slug) if receipt_id in k)
    stored = aws.client("s3").get_object(Bucket=settings().bucket_name, Key=key)
    assert stored["Body"].read() == PDF and stored["ContentType"] == "application/pdf"
    assert screenshot.stat().st_size > 0


def _keys(slug: str) -> list[str]:
    listing = aws.client("s3").list_objects_v2(Bucket=settings().bucket_name)
    return [o["Key"] for o in listing.get("Contents", []) if slug in o["Key"]]
