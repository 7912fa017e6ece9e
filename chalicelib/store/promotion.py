"""Promotion: a queued signup gets a place, in one transaction.

The stream handler promotes the oldest queue entries (services.promotion); an organiser may
promote one signup by hand, over capacity if they choose.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.expressions.condition import Condition

from ..domain import signups as rules
from ..domain.deadlines import stamp
from ..domain.signups import SignupStatus
from . import table
from .activities import ActivityItem
from .keys import CLAIMS_DUE, QUEUE_PREFIX, activity_partition, activity_sk, conference_pk, due_sort, lock_sk
from .signups import QueueEntry, SignupItem, SignupLock, counter_actions, queue_entry_key, signup_key_sk
from .transact import Cancelled, Transaction


class NotWaitlisted(Exception):
    """The signup is not queued (any more): cancelled, or promoted already."""


class CapacityReached(Exception):
    """A promotion found no free place (the guard that makes stream replays harmless)."""


def promote_signup(conf: str, activity: str, signup: SignupItem, *, respect_capacity: bool = True,
                   claim_hours: int | None = None) -> str:
    """waitlisted -> confirmed (or -> offered until `claim_by`, with `claim_hours`) in one
    transaction; returns promoted_at.

    Guarded by `status = waitlisted` (a replayed stream record or a double click finds it
    promoted already) and, unless a manager deliberately overbooks, by a free place.
    Raises NotWaitlisted or CapacityReached when a guard fails. `signup` needs only its key,
    `signup_id`, `user_sub` and `created_at` (a queue entry gives them). An offer enters the
    due index (GSI3 `DUE#claim`) under its `claim_by`, for the claim deadlines' run.
    """
    moment = datetime.now(UTC)
    now = stamp(moment)
    status = rules.promoted_status(claim_hours)
    claim_by = rules.claim_deadline(moment, claim_hours) if claim_hours else None
    condition: Condition = ActivityItem.sk.exists()
    if respect_capacity:
        condition = condition & rules.HAS_ROOM.condition(ActivityItem)
    lock = SignupLock(activity_partition(conf, activity), lock_sk(signup.user_sub))
    signup_actions = [SignupItem.status.set(status), SignupItem.promoted_at.set(now)]
    lock_actions = [SignupLock.status.set(status)]
    if claim_by:
        signup_actions += [SignupItem.claim_by.set(claim_by), SignupItem.gsi3pk.set(CLAIMS_DUE),
                           SignupItem.gsi3sk.set(due_sort(claim_by, conf, f"{activity}#{signup.signup_id}"))]
        lock_actions.append(SignupLock.claim_by.set(claim_by))

    tx = Transaction()
    tx.update("signup", signup, signup_actions, SignupItem.status == SignupStatus.WAITLISTED)
    tx.update("lock", lock, lock_actions, SignupLock.signup_id == signup.signup_id)
    tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)),
              counter_actions(SignupStatus.WAITLISTED, status), condition)
    tx.delete("queue", queue_entry_key(conf, activity, signup.created_at, signup.signup_id))
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.failed("signup", "lock"):
            raise NotWaitlisted() from exc
        raise CapacityReached() from exc
    signup.status, signup.promoted_at, signup.claim_by = status, now, claim_by
    return now


def oldest_waiting(conf: str, activity: str, limit: int) -> list[SignupItem]:
    """The `limit` first signups in the queue (one Query on the queue entries), as promotable keys."""
    partition = activity_partition(conf, activity)
    entries = table.query(QueueEntry, (QueueEntry.pk == partition) & QueueEntry.sk.startswith(QUEUE_PREFIX),
                          limit=limit, consistent=True)
    keys = [(entry, entry.signup_key) for entry in entries]
    return [SignupItem(partition, signup_key_sk(key), signup_id=key.signup_id, user_sub=entry.user_sub,
                       created_at=key.created_at) for entry, key in keys]
