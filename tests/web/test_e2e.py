"""The web app's journeys in Debian's headless Chromium, against `make run`'s real stack.

Starts `python -m devstack.run` (emulator, API, event pump and the built web app on free
ports), then runs the Playwright journeys in web/e2e/ (`npx playwright test`): attendees
and the waitlist, an applicant from application to payment details, session expiry and
network failure, and the pages at 375 px. Every page is checked with axe-core, and a console
error or failed request fails the journey. Screenshots land in build/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
SCREENSHOTS = ROOT / "build" / "screenshots"
pytestmark = pytest.mark.localstack


@pytest.fixture(scope="module")
def built_web_app() -> Path:
    """web/dist, built if missing (`make test` builds it first with `make web-build`)."""
    if not (WEB / "dist" / "index.html").exists():
        done = subprocess.run(["make", "web-build"], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"make web-build failed:\n{done.stdout}\n{done.stderr}"
    if not shutil.which("chromium"):
        pytest.fail("Debian's chromium is required for the web app's journeys (make browser-deps)")
    return WEB / "dist"


@pytest.fixture(scope="module")
def running_stack(built_web_app: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "PORT": "0", "WEB_PORT": "0", "EMULATOR_PORT": "0"}
    for name in ("AWS_ENDPOINT_URL", "TABLE_NAME", "BUCKET_NAME", "KMS_KEY_ID", "TABLE_STREAM_ARN", "ALLOWED_ORIGINS",
                 "AUTH_DEV_SECRET"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "-m", "devstack.run"], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    lines: list[str] = []
    urls: dict[str, str] = {}
    for line in process.stdout:
        lines.append(line)
        if line.startswith("ready"):
            urls["api"] = re.search(r"API on (http://\S+)", line).group(1)  # type: ignore[union-attr]
            urls["web"] = re.search(r"web app on (http://\S+)", line).group(1)  # type: ignore[union-attr]
            break
    if not urls:
        process.kill()
        pytest.fail("the local stack did not start:\n" + "".join(lines))
    try:
        yield urls
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.timeout(900)  # one test runs every journey (about a minute on a quiet machine)
def test_web_app_journeys_in_headless_chromium(running_stack: dict[str, str]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "E2E_WEB_URL": running_stack["web"], "E2E_API_URL": running_stack["api"],
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1", "CI": "1"}
    run = subprocess.run(["npx", "--no-install", "playwright", "test"], cwd=WEB, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"the journeys failed:\n{run.stdout[-12000:]}\n{run.stderr[-4000:]}"
    for name in ("activity-confirmed", "grant-apply-422", "grant-receipts", "grant-payment-masked", "mobile-activities"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0, name
