"""Idempotency marks: `IDEM#{hash}` / `IDEM`, claimed once before a side effect (an e-mail).

A claim is a conditional put (the pattern of AWS Lambda Powertools' idempotency utility):
the mark is `sending` with an expiry, `in_progress_until` (epoch ms, the caller's
invocation deadline). It can be claimed when it does not exist, or when it is a `sending`
claim whose invocation is over (or a legacy claim with no expiry): a process that died
(or timed out in the side effect) does not block the retry for ever. The mark records
how it ended (`sent` + the provider's id) or is released when the side effect failed,
so a retry may claim it again. Marks expire through the table's TTL attribute `expires_at`.
"""

from __future__ import annotations

import hashlib
import logging
import time

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from . import table
from .base import BaseMeta, TableModel, now_iso
from .keys import IDEMPOTENCY_SK, idempotency_pk

log = logging.getLogger(__name__)

#: How long a mark is kept (DynamoDB's TTL deletes it afterwards).
KEEP_SECONDS = 90 * 24 * 3600
SENDING, SENT = "sending", "sent"


class IdempotencyMark(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="idempotency")
    key = UnicodeAttribute()
    state = UnicodeAttribute(default=SENDING)
    message_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = NumberAttribute()  # TTL attribute
    #: While `sending`: epoch milliseconds after which the claim is abandoned and may be taken again.
    in_progress_until = NumberAttribute(null=True)


def mark_pk(key: str, kind: str) -> str:
    """Short, fixed-length table key for an idempotency key of any length."""
    return idempotency_pk(f"{kind}#" + hashlib.sha256(key.encode()).hexdigest()[:40])


def claim(key: str, kind: str, until_ms: int, now: float | None = None) -> IdempotencyMark | None:
    """Claim the mark for `key` until `until_ms` (1 request): new, or a `sending` claim whose
    invocation is over; None when it is sent already or another invocation still holds it."""
    now = time.time() if now is None else now
    mark = IdempotencyMark(mark_pk(key, kind), IDEMPOTENCY_SK, key=key[:500], created_at=now_iso(), state=SENDING,
                           expires_at=int(now) + KEEP_SECONDS, in_progress_until=until_ms)
    abandoned = (IdempotencyMark.state == SENDING) & (
        IdempotencyMark.in_progress_until.does_not_exist() | (IdempotencyMark.in_progress_until < int(now * 1000)))
    try:
        table.put(mark, IdempotencyMark.pk.does_not_exist() | abandoned)
    except table.ConditionFailed:
        return None
    return mark


def release(mark: IdempotencyMark) -> None:
    """Give the claim back (the side effect failed), only if it is still ours: the next
    delivery may claim it. If it is not ours any more it expires on its own."""
    try:
        table.delete(mark, (IdempotencyMark.state == SENDING)
                     & (IdempotencyMark.in_progress_until == mark.in_progress_until))
    except table.ConditionFailed:
        log.warning("could not release the claim %s; it expires with its invocation", mark.pk)


def mark_done(mark: IdempotencyMark, reference: str) -> None:
    """Record that the side effect happened, with the provider's reference (e.g. SES message id)."""
    table.update(mark, [IdempotencyMark.state.set(SENT), IdempotencyMark.message_id.set(reference),
                        IdempotencyMark.in_progress_until.remove()])
