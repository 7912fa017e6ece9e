"""CloudWatch metrics in the embedded metric format (EMF): one call per metric point.

    metrics.emit("Signups", Status="confirmed")
    metrics.emit("PretalxSyncDuration", 812.0, unit="Milliseconds")

Each call prints one JSON document to stdout; in Lambda, CloudWatch Logs turns it into
a metric point in namespace `ConferenceGrants`, dimensions `Stage` plus the keyword
arguments (a few, low-cardinality values: statuses, outcomes; never ids or slugs). No
API call, no batching, nothing to flush. Outside Lambda the documents go to the
`chalicelib.metrics` logger at DEBUG, and `capture()` collects them for tests.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

NAMESPACE = "ConferenceGrants"
UNITS = frozenset({"Count", "Milliseconds", "Seconds", "None"})

log = logging.getLogger("chalicelib.metrics")
#: Open captures: (thread id or None for every thread, the list collecting documents).
_captures: list[tuple[int | None, list[dict[str, Any]]]] = []
_lock = threading.Lock()


def document(name: str, value: float, unit: str, dimensions: dict[str, str], stage: str) -> dict[str, Any]:
    """The EMF document for one point (the shape CloudWatch's EMF specification defines)."""
    if unit not in UNITS:
        raise ValueError(f"unknown metric unit {unit!r}")
    names = ["Stage", *dimensions]
    return {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [{"Namespace": NAMESPACE, "Dimensions": [names],
                                   "Metrics": [{"Name": name, "Unit": unit}]}],
        },
        "Stage": stage,
        **{key: str(val) for key, val in dimensions.items()},
        name: value,
    }


def emit(name: str, value: float = 1, unit: str = "Count", **dimensions: str) -> None:
    """Record one metric point. Never raises into the caller: metrics must not break a request."""
    try:
        doc = document(name, value, unit, dimensions, os.environ.get("STAGE", "local"))
        me = threading.get_ident()
        with _lock:
            for thread, captured in _captures:
                if thread is None or thread == me:
                    captured.append(doc)
        line = json.dumps(doc, separators=(",", ":"))
        if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        else:
            log.debug("%s", line)
    except Exception:  # a bad metric call is logged, never fatal
        log.exception("metric %s not recorded", name)


def points(captured: list[dict[str, Any]], name: str, **dimensions: str) -> list[float]:
    """The values of `name` in `captured` whose dimensions include `dimensions`."""
    return [doc[name] for doc in captured
            if name in doc and all(doc.get(k) == v for k, v in dimensions.items())]


@contextmanager
def capture(this_thread_only: bool = True) -> Iterator[list[dict[str, Any]]]:
    """Collect the documents emitted while the block runs (for tests).

    By default only this thread's: a live local stack's event pump may run in the same
    process and emit its own points (e.g. send the e-mail a test is about to send).
    """
    captured: list[dict[str, Any]] = []
    entry = (threading.get_ident() if this_thread_only else None, captured)
    with _lock:
        _captures.append(entry)
    try:
        yield captured
    finally:
        with _lock:
            _captures.remove(entry)
