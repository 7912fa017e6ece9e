"""The web app's browser journeys in Debian's headless Chromium, against `make run`'s real stack.

Runs `npx playwright test` in web/ (web/playwright.config.ts): its global setup
(web/e2e/global-setup.ts) starts tests/web/e2e_stack.py — emulator, API, event pump and the
built web app on free ports, plus the fake Pretalx server — with this interpreter ($PYTHON),
and stops it afterwards. The journeys (web/e2e/*.spec.ts): attendees and the waitlist, the
claim window and calendars (in English and Spanish), an applicant from application to payment
details, session expiry and network failure, and the console (reviewers, receipts, payouts,
activities, settings and "Sync now", the committee's scoring, ranking, report and CSV, the
proposed allocation and its offers). Every journey runs at 1280 px and again on a 375 px phone
(the "phone" project; a page wider than the screen fails it). Every page is checked with
axe-core; a console error, failed request or unexpected error answer fails the journey.
Screenshots land in build/screenshots/. `make test` builds web/dist and installs
web/node_modules first (web-build, web-test); the test fails, never skips, when Debian's
chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
SCREENSHOTS = ROOT / "build" / "screenshots"
pytestmark = pytest.mark.localstack

#: Screenshots the journeys must (re)write: a few the README shows, the console's, the attendee's
#: pages in Spanish (es-*) and every journey's pages on a phone (*-375px).
EXPECTED_SCREENSHOTS = (
    "activity-confirmed", "activity-waitlisted", "grant-apply-422", "grant-receipts", "grant-payment-masked",
    "mobile-activities-375px", "console-grants", "console-grant", "console-payout", "console-receipt",
    "console-scoring", "console-ranking", "console-report", "console-allocation",
    "console-charts-grants", "console-charts-grants-375px", "console-charts-activities-375px", "demo-tutorials",
    "es-conference", "es-grant-apply", "es-grant-offered", "es-console-ranking",
    "activity-clash-warning", "my-activities-calendar",
    "es-activities", "es-activity-waitlisted", "es-activity-confirmed", "es-my-activities",
    "es-activity-clash-warning", "es-my-activities-calendar", "my-activities-claim", "es-my-activities-claim",
    "es-activity-claim", "activities-375px", "es-activity-waitlisted-375px", "es-my-activities-claim-375px",
    "console-receipt-375px", "console-ranking-375px", "grant-receipts-375px",
)


@pytest.fixture(scope="module")
def built_web_app() -> Path:
    """web/dist (built if missing: `make test` builds it first with `make web-build`), Playwright and chromium."""
    if not (WEB / "dist" / "index.html").exists():
        done = subprocess.run(["make", "web-build"], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"make web-build failed:\n{done.stdout}\n{done.stderr}"
    if not (WEB / "node_modules" / "@playwright" / "test").is_dir():
        pytest.fail("web/node_modules has no Playwright: run `make web-test` (npm ci in web/)")
    chromium = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail(f"Debian's chromium is required for the web app's journeys ({chromium} is missing: "
                    "make browser-deps)")
    return WEB / "dist"


@pytest.mark.timeout(900)  # one test runs every journey at both widths (a few minutes on a quiet machine)
def test_web_app_journeys_in_headless_chromium(built_web_app: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    started = time.time()
    env = {**os.environ, "PYTHON": sys.executable, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1", "CI": "1"}
    # Its own process group: on a timeout the runner, the browsers and the stack all stop.
    run = subprocess.Popen(["npx", "--no-install", "playwright", "test"], cwd=WEB, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = run.communicate(timeout=840)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        stdout, stderr = run.communicate()
        pytest.fail(f"the journeys did not finish within 840 s:\n{stdout[-12000:]}\n{stderr[-4000:]}")
    assert run.returncode == 0, f"the journeys failed:\n{stdout[-12000:]}\n{stderr[-4000:]}"
    for name in EXPECTED_SCREENSHOTS:
        shot = SCREENSHOTS / f"{name}.png"
        assert shot.exists() and shot.stat().st_size > 0, f"{shot} was not written"
        assert shot.stat().st_mtime >= started - 1, f"{shot} is from an earlier run"
