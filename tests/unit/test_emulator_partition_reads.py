"""The emulator's partition-only Query answers exactly what moto's whole-table Query answers.

Same table, same requests, every page (items, LastEvaluatedKey, Count, ScannedCount): once as
moto does it (the whole table sorted first) and once with devstack/emulator/partition_reads.
In a child process (tests/support/partition_reads_check.py): moto's in-process mock resets
every moto backend of its process when it ends, the emulator's tables included.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_query_answers_what_the_whole_table_query_answers_and_reads_only_its_partition() -> None:
    out = subprocess.run([sys.executable, "-m", "tests.support.partition_reads_check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["same"], f"queries answered differently: {seen['differences']}"
    assert seen["pages"] > seen["queries"] and seen["every_page_answered"]  # the paginated ones did paginate
    assert seen["partition_items_seen"] == [50]  # a table Query is given its own 50 items, not the table's 300
    assert seen["scanned"] == 300  # a scan still sees the whole table
