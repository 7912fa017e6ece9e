"""`make web-build` (and so `make run`): build the web app only when what it is built from changed.

The build (typed client from web/openapi.json, type-check, Vite bundle) takes tens of
seconds; most starts change nothing in web/. A digest over every input (web/src, web/e2e
(type-checked too), the config files, package-lock.json and web/openapi.json; not what
the build itself writes) is kept in web/dist/.build-digest; the build runs when it differs
or web/dist/index.html is missing. Its output is shown only when it fails: the stack's
start prints one line per step.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
DIGEST_NAME = ".build-digest"
#: Written by the build or the tools, never read by it: not inputs.
OUTPUT_DIRS = ("node_modules", "dist", "test-results", "playwright-report")
OUTPUT_FILES = ("src/lib/api/schema.d.ts",)  # generated from openapi.json, which is an input
BUILD = ("npm", "run", "--silent", "build", "--", "--logLevel", "warn")


def inputs(web: Path) -> list[Path]:
    found = []
    for path in sorted(web.rglob("*")):
        relative = path.relative_to(web)
        if relative.parts[0] in OUTPUT_DIRS or relative.as_posix() in OUTPUT_FILES or path.suffix == ".tsbuildinfo":
            continue
        if path.is_file():
            found.append(path)
    return found


def sources_digest(web: Path) -> str:
    """SHA-256 over each input's relative path and content."""
    digest = hashlib.sha256()
    for path in inputs(web):
        digest.update(path.relative_to(web).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def up_to_date(web: Path, digest: str | None = None) -> bool:
    stamp = web / "dist" / DIGEST_NAME
    if not ((web / "dist" / "index.html").is_file() and stamp.is_file()):
        return False
    return stamp.read_text().strip() == (digest or sources_digest(web))


def build(web: Path = WEB, command: Sequence[str] = BUILD, *, force: bool = False) -> bool:
    """Build if needed; True when it built. Raises CalledProcessError (output shown) on failure."""
    digest = sources_digest(web)
    if not force and up_to_date(web, digest):
        print("web app: up to date (web/dist)", flush=True)
        return False
    started = time.monotonic()
    done = subprocess.run(list(command), cwd=web, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise subprocess.CalledProcessError(done.returncode, command)
    (web / "dist" / DIGEST_NAME).write_text(digest + "\n")
    print(f"web app: built web/dist in {time.monotonic() - started:.0f} s", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="build even when nothing changed")
    args = parser.parse_args(argv)
    try:
        build(force=args.force)
    except subprocess.CalledProcessError as exc:
        print(f"web app: the build failed (exit {exc.returncode}); its output is above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
