"""`make run` builds the web app only when its sources or the OpenAPI document changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.web import build as web_build

ROOT = Path(__file__).resolve().parents[2]
#: Stands in for `npm run build`: counts its runs and writes dist/ (and the generated client).
FAKE_BUILD = [sys.executable, "-c",
              "import pathlib; d = pathlib.Path('dist'); d.mkdir(exist_ok=True); (d / 'index.html').write_text('x');"
              "pathlib.Path('src/lib/api/schema.d.ts').write_text(str(__import__('time').time()));"
              "c = pathlib.Path('../builds'); c.write_text(str(int(c.read_text() or 0) + 1) if c.exists() else '1')"]


#: The Makefile's rules are read with `make -n`; the Python 3.13 leg's root has no make (its
#: rules are checked by the machine's own leg).
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed here")


@pytest.fixture
def web(tmp_path: Path) -> Path:
    root = tmp_path / "web"
    (root / "src" / "lib" / "api").mkdir(parents=True)
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "src" / "main.tsx").write_text("render()")
    (root / "package-lock.json").write_text("{}")
    (root / "openapi.json").write_text('{"paths": {}}')
    return root


def _builds(web: Path) -> int:
    counter = web.parent / "builds"
    return int(counter.read_text()) if counter.exists() else 0


def test_a_second_start_with_nothing_changed_does_not_build(web: Path) -> None:
    assert web_build.build(web, FAKE_BUILD) is True
    (web / "node_modules" / "x" / "new.js").write_text("installed later")  # not an input
    assert web_build.build(web, FAKE_BUILD) is False
    assert _builds(web) == 1


@pytest.mark.parametrize("change", ["src/main.tsx", "openapi.json", "package-lock.json", "vite.config.ts",
                                    "src/features/new.tsx"])
def test_a_changed_input_builds_again(web: Path, change: str) -> None:
    web_build.build(web, FAKE_BUILD)
    (web / change).parent.mkdir(parents=True, exist_ok=True)
    (web / change).write_text("changed")
    assert web_build.build(web, FAKE_BUILD) is True and _builds(web) == 2


def test_a_missing_bundle_builds_again(web: Path) -> None:
    web_build.build(web, FAKE_BUILD)
    (web / "dist" / "index.html").unlink()
    assert web_build.build(web, FAKE_BUILD) is True


def test_a_failed_build_is_not_recorded_as_built(web: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        web_build.build(web, [sys.executable, "-c", "import sys; print('tsc: error'); sys.exit(2)"])
    assert not web_build.up_to_date(web)


def test_exporting_an_unchanged_openapi_document_keeps_its_timestamp(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    command = [sys.executable, "-m", "devstack.web.export_openapi", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "STAGE": "local"})
    os.utime(out, (1_000_000, 1_000_000))
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "STAGE": "local"})
    assert out.stat().st_mtime == 1_000_000


@needs_make
def test_make_run_builds_through_the_digest_not_unconditionally() -> None:
    """`make -n run` shows the web step goes through web_build, not a bare `npm run build`."""
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "devstack.web.build" in dry.stdout, dry.stdout
    assert "npm run --silent build" not in dry.stdout.replace("devstack.web.build", "")


@needs_make
def test_make_run_installs_quietly() -> None:
    """A machine-wide pip.conf can make pip warn once per package: the first `make run` shows errors only."""
    dry = subprocess.run(["make", "-n", "-W", "requirements.txt", "-W", "web/package-lock.json", "run"], cwd=ROOT,
                         capture_output=True, text=True)
    installs = [line for line in dry.stdout.splitlines() if " pip install " in line or "npm ci --" in line]
    assert installs, dry.stdout
    for line in installs:
        assert " -qq " in line or "--loglevel=error >/dev/null" in line, line
