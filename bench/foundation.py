"""Foundation figures: health, conference read/write, and cold-start import time."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from .harness import BenchEnv, Row, measure

IMPORT_APP = "import time; t=time.perf_counter(); import app; print(time.perf_counter()-t)"
IMPORT_DEPS = (
    "import time; t=time.perf_counter(); import chalice, boto3, botocore.client, pynamodb.models, pydantic, jwt, "
    "cryptography.hazmat.primitives.ciphers.aead; print(time.perf_counter()-t)"
)


def _median_import_ms(code: str, runs: int = 5) -> float:
    env = {**os.environ}
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
    app_ms = _median_import_ms(IMPORT_APP)
    deps_ms = _median_import_ms(IMPORT_DEPS)
    rows.append(Row("cold start", "import app (median of 5 fresh interpreters)", None, app_ms, None,
                    f"dependencies alone: {deps_ms:.0f} ms; target < 300 ms"))
    return rows
