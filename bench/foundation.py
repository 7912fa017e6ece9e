"""Foundation figures: health, conference read/write, and the time `import app` takes (INIT)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

from .harness import BenchEnv, Row, measure

IMPORT_APP = "import time; t=time.perf_counter(); import app; print(time.perf_counter()-t)"
#: What `import app` loads from third parties (PyJWT, cryptography and requests load on first use).
IMPORT_DEPS = (
    "import time; t=time.perf_counter(); import chalice, botocore.client, pynamodb.models, pydantic; "
    "print(time.perf_counter()-t)"
)


def _median_import_ms(code: str, runs: int = 5, *, bytecode_cache: str | None = None) -> float:
    """Median wall time in fresh interpreters.

    Without `bytecode_cache` every run compiles our modules from source (this machine sets
    PYTHONDONTWRITEBYTECODE); with it, a warm-up run fills the cache first, as the deployed
    package ships precompiled bytecode.
    """
    env = {**os.environ}
    if bytecode_cache:
        env.update(PYTHONPYCACHEPREFIX=bytecode_cache, PYTHONDONTWRITEBYTECODE="")
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]) * 1000)
    return statistics.median(samples)


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-admin", "manage_conference")
    body = {"name": "Bench Conf", "start_date": "2026-05-13", "end_date": "2026-05-19"}
    env.api.put("/manage/conferences/bench", body, token=admin)
    rows = []
    req, p50, p99 = measure(lambda: env.api.get("/health"))
    rows.append(Row("foundation", "GET /health", req, p50, p99))
    req, p50, p99 = measure(lambda: env.api.get("/conferences/bench"))
    rows.append(Row("foundation", "GET /conferences/{slug}", req, p50, p99))
    req, p50, p99 = measure(lambda: env.api.put("/manage/conferences/bench", body, token=admin), repeat=10)
    rows.append(Row("foundation", "PUT /manage/conferences/{slug} (update)", req, p50, p99))
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        app_ms = _median_import_ms(IMPORT_APP, bytecode_cache=cache)
        deps_ms = _median_import_ms(IMPORT_DEPS, bytecode_cache=cache)
    source_ms = _median_import_ms(IMPORT_APP)
    rows.append(Row("cold start", "import app (INIT: clients made and primed), bytecode cached as deployed "
                    "(median of 5 fresh interpreters)", None, app_ms, None,
                    f"bare dependencies alone: {deps_ms:.0f} ms; the INIT target is against the floor, in "
                    "'cold process' below"))
    rows.append(Row("cold start", "import app compiling our sources (no bytecode cache)", None, source_ms, None,
                    "what a first run in a fresh checkout pays"))
    return rows
