"""The activity as this container's contended signups last saw it, for a few seconds.

A signup in a busy queue needs no read of its own: the transaction that refused another
signup (ALL_OLD) or the UpdateItem that handed a waitlisted signup its place (ALL_OLD)
already returned the activity item, moments old. Remembering that copy lets the next
signup of a flash crowd go straight to its write (store.activities.create_signup).

Only these contended answers are remembered, and a successful confirm or guarded
waitlisting forgets the copy, so a quiet activity is read as before. Nothing here decides
a rule: capacity, the queue and `is_active` are conditions of the signup's transaction,
which refuses a stale guess and returns the activity as it is. What a copy may get wrong
for up to REMEMBER_SECONDS is a denormalised display copy (the activity's name on the
signup and its lock), which existing signups keep after a rename anyway.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

REMEMBER_SECONDS = 5.0
#: Bounds the memory of a long-lived container (activities of every conference it served).
MAX_ENTRIES = 1024

#: The memory's clock (tests move it).
clock: Callable[[], float] = time.monotonic

_lock = threading.Lock()
_entries: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}


def remember(conf: str, activity: str, raw: dict[str, Any] | None) -> None:
    """Keep `raw` (the activity item in wire format, as DynamoDB returned it)."""
    if not raw:
        return
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[(conf, activity)] = (clock(), raw)


def recall(conf: str, activity: str) -> dict[str, Any] | None:
    """The remembered item, if seen less than REMEMBER_SECONDS ago."""
    with _lock:
        entry = _entries.get((conf, activity))
    if entry is None or clock() - entry[0] >= REMEMBER_SECONDS:
        return None
    return entry[1]


def forget(conf: str | None = None, activity: str | None = None) -> None:
    """Drop one activity's copy (this container changed it), or every copy."""
    with _lock:
        if conf is None or activity is None:
            _entries.clear()
        else:
            _entries.pop((conf, activity), None)
