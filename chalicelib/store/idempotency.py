"""Idempotency marks: `IDEM#{hash}` / `IDEM`, claimed once before a side effect (an e-mail).

A claim is a conditional put (`attribute_not_exists`): of every delivery of the same event
only the first claims the mark. The mark records how it ended (`sent` + the provider's id)
or is released when the side effect failed, so a retry may claim it again. Marks expire
through the table's TTL attribute `expires_at`.
"""

from __future__ import annotations

import hashlib
import time

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from . import table
from .base import BaseMeta, TableModel, now_iso
from .keys import IDEMPOTENCY_SK, idempotency_pk

#: How long a mark is kept (DynamoDB's TTL deletes it afterwards).
KEEP_SECONDS = 90 * 24 * 3600


class IdempotencyMark(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="idempotency")
    key = UnicodeAttribute()
    state = UnicodeAttribute(default="sending")
    message_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = NumberAttribute()  # TTL attribute


def mark_pk(key: str, kind: str) -> str:
    """Short, fixed-length table key for an idempotency key of any length."""
    return idempotency_pk(f"{kind}#" + hashlib.sha256(key.encode()).hexdigest()[:40])


def claim(key: str, kind: str) -> IdempotencyMark | None:
    """Claim the mark for `key` (1 request); None when someone already holds it."""
    mark = IdempotencyMark(mark_pk(key, kind), IDEMPOTENCY_SK, key=key[:500], created_at=now_iso(),
                           expires_at=int(time.time()) + KEEP_SECONDS)
    try:
        table.put(mark, IdempotencyMark.pk.does_not_exist())
    except table.ConditionFailed:
        return None
    return mark


def release(mark: IdempotencyMark) -> None:
    """Give the mark back (the side effect failed): the next delivery may claim it."""
    table.delete(mark)


def mark_done(mark: IdempotencyMark, reference: str) -> None:
    """Record that the side effect happened, with the provider's reference (e.g. SES message id)."""
    table.update(mark, [IdempotencyMark.state.set("sent"), IdempotencyMark.message_id.set(reference)])
