"""Promotion: a queued signup gets a place, in one transaction.

The stream handler promotes the oldest queue entries (services.promotion); an organiser may
promote one signup by hand, over capacity if they choose.
"""

from __future__ import annotations

from pynamodb.expressions.condition import Condition

from ..domain import signups as rules
from ..domain.signups import SignupStatus
from . import table
from .activities import ActivityItem
from .base import now_iso
from .keys import QUEUE_PREFIX, activity_partition, activity_sk, conference_pk, lock_sk
from .signups import QueueEntry, SignupItem, SignupLock, counter_actions, queue_entry_key, signup_key_sk
from .transact import Cancelled, Transaction


class NotWaitlisted(Exception):
    """The signup is not queued (any more): cancelled, or promoted already."""


class CapacityReached(Exception):
    """A promotion found no free place (the guard that makes stream replays harmless)."""


def promote_signup(conf: str, activity: str, signup: SignupItem, *, respect_capacity: bool = True) -> str:
    """waitlisted -> confirmed in one transaction; returns promoted_at.

    Guarded by `status = waitlisted` (a replayed stream record or a double click finds it
    confirmed already) and, unless a manager deliberately overbooks, by a free place.
    Raises NotWaitlisted or CapacityReached when a guard fails. `signup` needs only its key,
    `signup_id`, `user_sub` and `created_at` (a queue entry gives them).
    """
    now = now_iso()
    condition: Condition = ActivityItem.sk.exists()
    if respect_capacity:
        condition = condition & rules.HAS_ROOM.condition(ActivityItem)
    lock = SignupLock(activity_partition(conf, activity), lock_sk(signup.user_sub))

    tx = Transaction()
    tx.update("signup", signup, [SignupItem.status.set(SignupStatus.CONFIRMED), SignupItem.promoted_at.set(now)],
              SignupItem.status == SignupStatus.WAITLISTED)
    tx.update("lock", lock, [SignupLock.status.set(SignupStatus.CONFIRMED)], SignupLock.signup_id == signup.signup_id)
    tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)),
              counter_actions(SignupStatus.WAITLISTED, SignupStatus.CONFIRMED), condition)
    tx.delete("queue", queue_entry_key(conf, activity, signup.created_at, signup.signup_id))
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.failed("signup", "lock"):
            raise NotWaitlisted() from exc
        raise CapacityReached() from exc
    signup.status, signup.promoted_at = SignupStatus.CONFIRMED, now
    return now


def oldest_waiting(conf: str, activity: str, limit: int) -> list[SignupItem]:
    """The `limit` first signups in the queue (one Query on the queue entries), as promotable keys."""
    partition = activity_partition(conf, activity)
    entries = table.query(QueueEntry, (QueueEntry.pk == partition) & QueueEntry.sk.startswith(QUEUE_PREFIX),
                          limit=limit, consistent=True)
    keys = [(entry, entry.signup_key) for entry in entries]
    return [SignupItem(partition, signup_key_sk(key), signup_id=key.signup_id, user_sub=entry.user_sub,
                       created_at=key.created_at) for entry, key in keys]
