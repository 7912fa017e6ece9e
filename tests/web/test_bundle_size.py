"""The web app's size budget: a first visit loads at most 150 KB of gzipped JS + CSS."""

from __future__ import annotations

import subprocess

from bench import web


def test_first_page_stays_within_the_budget_and_routes_are_lazy() -> None:
    if not (web.DIST / ".vite" / "manifest.json").exists():
        subprocess.run(["make", "web-build"], cwd=web.ROOT, check=True, capture_output=True, timeout=900)
    first_kb, files = web.first_page_kb()
    assert 10 < first_kb <= web.FIRST_PAGE_BUDGET_KB, f"first page is {first_kb:.1f} KB gz: {sorted(files)}"
    manifest = web.load_manifest()
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    # Pages are lazy: the entry does not pull in any route module, the console or the OIDC library.
    loaded = web.closure(manifest, entry)
    assert not [key for key in loaded if key.startswith("src/app/routes/") and key != "src/app/routes/console.tsx"]
    assert not [key for key in loaded if "oidc-client-ts" in key or key.endswith("lib/auth/cognito.ts")]
