"""Run every benchmark section, print one table, and write bench/results.md."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

from .harness import BenchEnv, Row, format_table

#: Sections in print order; each module has `run(env) -> list[Row]`. Missing ones are skipped.
SECTIONS = ["foundation", "activities", "grants", "receipts", "pretalx", "scale", "package"]


def main() -> int:
    env = BenchEnv()
    rows: list[Row] = []
    only = set(sys.argv[1:])
    try:
        for name in SECTIONS:
            if only and name not in only:
                continue
            try:
                module = importlib.import_module(f"bench.{name}")
            except ModuleNotFoundError as exc:
                if exc.name == f"bench.{name}":
                    continue
                raise
            section_rows = module.run(env)
            rows.extend(section_rows)
            print(format_table(section_rows), flush=True)
    finally:
        env.close()
    table = format_table(rows)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    report = f"# Benchmark results\n\nMeasured {stamp} on {machine}.\n\n{table}\n"
    Path(__file__).with_name("results.md").write_text(report)
    print("\n" + report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
