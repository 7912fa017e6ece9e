"""The claim deadlines' scheduled function: offered places nobody claimed in time expire.

It reads only what is due: the offered signups in the due index (store.claims.due_claims, GSI3
`DUE#claim`) whose `claim_by` is at or before `now`. Each expiry is one transaction under
`claim_lapsed(now)` (domain.signups), so a claim that landed first, a replayed run or a
concurrent one finds nothing to do and changes nothing. The expiry frees the place on the
activity's counter; the table stream offers it to the next in line (events.promotion), once,
since every promotion is guarded by the place being free.
"""

from __future__ import annotations

import logging
from typing import Any

from ..observability import metrics
from ..store import claims as store

log = logging.getLogger(__name__)


def run(now: str) -> dict[str, Any]:
    """One run as if the time were `now` (stored form): what it did, counted."""
    done = {"due": 0, "expired": 0, "skipped": 0}
    for signup in store.due_claims(now):
        done["due"] += 1
        done["expired" if store.expire_claim(signup, now) else "skipped"] += 1
    if done["expired"]:
        metrics.emit("ClaimsExpired", done["expired"])
    log.info("claim deadlines at %s", now, extra={"result": done})
    return {"now": now, **done}
