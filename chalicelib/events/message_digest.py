"""The reviewers' daily digest: applicants' messages on grants no reviewer has acted on yet.

An applicant's message goes to the reviewer who last acted on the grant (the stream does it,
events.notifications). Before any reviewer has, nobody would read it; so once a day this
function reads the messages still waiting (only those: store.message_digest's index), sends
each conference's reviewers one e-mail listing them (at the conference's `reviewers_email`),
and takes them out of the index. Each digest is sent once: its idempotency key names the
last message it lists, so a replayed or retried run that finds the same messages sends
nothing more; one that finds them gone has nothing to send.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from ..observability import metrics
from ..store import message_digest as store

log = logging.getLogger(__name__)


def run(now: str) -> dict[str, Any]:
    """Send the digests due at `now` (ISO 8601): {"digests", "messages", "waiting"}."""
    from ..services import notify
    from ..services.conferences import get_conference

    by_conference: dict[str, list[store.PendingMessage]] = defaultdict(list)
    for pending in store.pending_messages(now):
        by_conference[pending.conference].append(pending)
    digests = told = waiting = 0
    for slug, messages in sorted(by_conference.items()):
        conference = get_conference(slug)
        if conference is None or not conference.reviewers_email:
            waiting += len(messages)  # no address yet: they wait (and show on the grants' pages)
            continue
        if notify.notify_digest(conference, messages):
            digests += 1
        for pending in messages:
            store.mark_told(pending.pk, pending.sk)
        told += len(messages)
    metrics.emit("MessageDigests", Outcome="sent" if digests else "none")
    log.info("message digest: %d digests, %d messages, %d waiting without an address", digests, told, waiting)
    return {"digests": digests, "messages": told, "waiting": waiting}
