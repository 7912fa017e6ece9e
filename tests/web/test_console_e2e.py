"""The console's browser journeys (issue 15) as part of `make test`.

Runs Playwright (web/e2e/console) in Debian's headless Chromium against the real local
stack that the suite's global setup starts (tests/web/console_stack.py: emulator, API,
event pump, web/dist, the fake Pretalx server). `make test` builds web/dist and installs
web/node_modules first (web-build, web-test); the test fails, never skips, when they are
missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"


def test_console_journeys_pass_in_headless_chromium() -> None:
    missing = [str(p.relative_to(ROOT)) for p in (WEB / "dist" / "index.html", WEB / "node_modules" / "@playwright" / "test")
               if not p.exists()]
    if missing or not shutil.which("chromium"):
        pytest.fail(f"the console e2e needs `make web-build` and Debian's chromium (missing: {missing or ['chromium']})")
    done = subprocess.run(
        ["npx", "playwright", "test", "-c", "e2e/console/playwright.config.ts"],
        cwd=WEB, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHON": sys.executable},
    )
    assert done.returncode == 0, f"console journeys failed:\n{done.stdout[-12000:]}\n{done.stderr[-4000:]}"

