"""Scheduled Pretalx sync: every conference with Pretalx settings, one at a time.

One failing conference (Pretalx down, token revoked, wipe guard) is logged and reported
in the summary; it never stops the others, and the Lambda itself does not fail (a retry
by the scheduler would only hammer a Pretalx that is already struggling).
"""

from __future__ import annotations

import logging
import time

from ..observability import metrics
from ..services.conferences import list_conferences

log = logging.getLogger(__name__)


def run_scheduled_sync() -> dict[str, object]:
    """Sync every conference that has Pretalx settings; returns a summary per conference."""
    from ..pretalx import sync  # imported on use: its HTTP client (requests) is not a cold-start cost

    summary: dict[str, object] = {}
    for conference in list_conferences():
        if conference.pretalx is None:
            continue
        started = time.perf_counter()
        try:
            result = sync.sync_conference(conference, options=sync.SCHEDULED_OPTIONS)
        except (sync.PretalxNotConfigured, sync.PretalxUnavailable, sync.ScheduleShrinkRefused) as exc:
            log.warning("scheduled pretalx sync of %s failed: %s", conference.slug, exc)
            summary[conference.slug] = {"error": type(exc).__name__, "message": str(exc)}
            metrics.emit("PretalxSyncFailures")
        except Exception as exc:
            log.exception("scheduled pretalx sync of %s crashed", conference.slug)
            summary[conference.slug] = {"error": type(exc).__name__}
            metrics.emit("PretalxSyncFailures")
        else:
            summary[conference.slug] = {**result.counts(), "changed": result.changed}
        metrics.emit("PretalxSyncDuration", round((time.perf_counter() - started) * 1000, 1), unit="Milliseconds")
        log.info("scheduled pretalx sync of %s", conference.slug, extra={"conference": conference.slug,
                                                                         "result": summary[conference.slug]})
    return summary
