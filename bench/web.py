"""The web app's bundle: gzipped JavaScript + CSS the first page loads, and what each lazy
route adds on top when the user navigates to it (budget: first page <= 150 KB).

Builds web/dist (`make web-build`) and reads Vite's manifest (dist/.vite/manifest.json):
the entry chunk with its static imports and CSS is what every first visit pays, plus the
sign-in page's chunk (the first page of a signed-out visitor); each route module's chunk
and the static imports the entry does not already hold are what that route adds.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from .harness import BenchEnv, Row

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
DIST = WEB / "dist"
FIRST_PAGE_BUDGET_KB = 150.0
FIRST_ROUTE = "src/app/routes/sign-in.tsx"
_ROUTE_RE = re.compile(r'path:\s*"([^"]+)"[^}]*?import\("\./(?:routes/)?([\w-]+)"\)')

Manifest = dict[str, dict[str, Any]]


def build() -> None:
    subprocess.run(["make", "web-build"], cwd=ROOT, check=True, capture_output=True, text=True)


def load_manifest(dist: Path = DIST) -> Manifest:
    return json.loads((dist / ".vite" / "manifest.json").read_text())


def gz_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1000


def closure(manifest: Manifest, key: str) -> set[str]:
    """The manifest keys a chunk loads before it runs: itself and its static imports."""
    seen: set[str] = set()
    todo = [key]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(manifest[current].get("imports", []))
    return seen


def files_of(manifest: Manifest, keys: set[str]) -> set[str]:
    files: set[str] = set()
    for key in keys:
        files.add(manifest[key]["file"])
        files.update(manifest[key].get("css", []))
    return files


def size_kb(files: set[str], dist: Path = DIST) -> float:
    return sum(gz_kb(dist / name) for name in files if name.endswith((".js", ".css")))


def first_page_kb(dist: Path = DIST) -> tuple[float, set[str]]:
    """gz KB of JS + CSS on a signed-out visitor's first page (entry + sign-in route)."""
    manifest = load_manifest(dist)
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    keys = closure(manifest, entry) | closure(manifest, FIRST_ROUTE)
    files = files_of(manifest, keys)
    return size_kb(files, dist), files


def route_paths() -> dict[str, str]:
    """Route module -> URL path, read from the route tables (router.tsx, routes/console.tsx)."""
    paths: dict[str, str] = {}
    for table in (WEB / "src/app/router.tsx", WEB / "src/app/routes/console.tsx"):
        for path, module in _ROUTE_RE.findall(table.read_text()):
            paths.setdefault(module, path)
    return paths


def route_rows(dist: Path = DIST) -> list[Row]:
    manifest = load_manifest(dist)
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    first_kb, _ = first_page_kb(dist)
    over = first_kb > FIRST_PAGE_BUDGET_KB
    rows = [Row("web", "first page: /sign-in (entry + sign-in)", notes=(
        f"{first_kb:.1f} KB gz JS+CSS, budget {FIRST_PAGE_BUDGET_KB:.0f} KB" + (" -- OVER BUDGET" if over else "")))]
    entry_files = files_of(manifest, closure(manifest, entry))
    paths = route_paths()
    for key in sorted(k for k in manifest if k.startswith("src/app/routes/")):
        module = Path(key).stem
        added = files_of(manifest, closure(manifest, key)) - entry_files
        label = paths.get(module, "(index)" if module in ("home", "conference-home") else module)
        rows.append(Row("web", f"route {module} ({label})", notes=f"+{size_kb(added, dist):.1f} KB gz on navigation"))
    return rows


def run(env: BenchEnv) -> list[Row]:
    build()
    return route_rows()
