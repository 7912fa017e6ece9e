"""Run every benchmark section, print one table, and write bench/results.md.

`python -m bench` (= `make bench`) runs all sections and rewrites bench/results.md with the
machine and the date. `python -m bench scale grants` runs only those sections and prints
their table without touching results.md (so a partial run never replaces the report).
A section that fails is reported as a row (and the exit status is 1), the others still run.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .harness import BenchEnv, Row, format_table

#: Sections in print order; each module has `run(env) -> list[Row]`. Missing ones are skipped.
SECTIONS = ["foundation", "cold", "activities", "grants", "scoring", "allocation", "deadlines", "claims", "receipts", "pretalx", "tickets", "scale",
            "package", "web"]
RESULTS = Path(__file__).with_name("results.md")

HOW_TO_READ = """\
How to read it: *DynamoDB requests* is the number of DynamoDB requests per operation, counted
on botocore's `before-send` event (`tests/support/request_count.py`), once per attempt, retries included, so it is
what the code really sends; it is the figure that carries over to AWS. *p50/p99 ms* are wall-clock latencies of the in-process app
against the local emulator (moto behind a lock that serialises every request, on this
machine): useful to compare rows and sizes, not a prediction of Lambda latency. Rows marked
`@ N` belong to a series over the conference's size."""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine() -> str:
    return (f"{_cpu_model()} ({platform.machine()}, {os.cpu_count()} cores, {_memory()}), "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"moto {_version('moto')}, botocore {_version('botocore')}, PynamoDB {_version('pynamodb')}")


def _run_section(env: BenchEnv, name: str) -> tuple[list[Row], bool] | None:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            return None
        raise
    started = time.perf_counter()
    try:
        rows = list(module.run(env))
        ok = True
    except Exception as exc:  # noqa: BLE001 - one broken section must not lose the others' figures
        traceback.print_exc()
        rows, ok = [Row(name, "SECTION FAILED", None, None, None, f"{type(exc).__name__}: {exc}"[:300])], False
    print(f"\n## {name} ({time.perf_counter() - started:.0f} s)\n\n{format_table(rows)}", flush=True)
    return rows, ok


def _load() -> str:
    """The machine's 1-minute load average (other work on a shared machine moves wall clocks)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def report(rows: list[Row], stamp: str, wall_s: float, sections: list[str], load: str = "?") -> str:
    return (f"# Benchmark results\n\nMeasured {stamp} on {machine()}.\n"
            f"`make bench` ran {len(sections)} sections ({', '.join(sections)}) in {wall_s / 60:.1f} min; "
            f"load average (1 min) {load}.\n\n"
            f"{HOW_TO_READ}\n\n{format_table(rows)}\n")


def main(argv: list[str] | None = None) -> int:
    only = list(sys.argv[1:] if argv is None else argv)
    unknown = [name for name in only if name not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {unknown}; choose from {SECTIONS}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load_at_start = _load()
    env = BenchEnv()
    rows: list[Row] = []
    ran: list[str] = []
    failed = False
    try:
        for name in SECTIONS:
            if only and name not in only:
                continue
            outcome = _run_section(env, name)
            if outcome is None:
                continue
            section_rows, ok = outcome
            rows.extend(section_rows)
            ran.append(name)
            failed = failed or not ok
    finally:
        env.close()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = report(rows, stamp, time.perf_counter() - started, ran, f"{load_at_start} at the start, {_load()} at the end")
    print("\n" + text)
    if only:
        print(f"(partial run: {RESULTS.name} left unchanged; run `make bench` for the full report)")
    else:
        RESULTS.write_text(text)
        print(f"written to {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
