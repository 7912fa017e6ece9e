"""Signups, active-signup locks and queue entries, and the writes that keep them consistent.

Layout (see keys.py), all in the activity's partition ACT#{conf}#{activity}:
  signup       SIGNUP#{created}#{id}
  lock         USER#{sub}: exists only while that user's signup is active; gsi1
               MYSIGNUPS#{conf}#{sub} / {created}#{id}, so "my signups" is one Query
  queue entry  QUEUE#{created}#{id}: exists only while the signup waits, so a signup's place
               is a strongly consistent COUNT of the entries up to its own

Every rule is a condition inside one TransactWriteItems request, built by domain.signups:
capacity (CONFIRMS / QUEUES, complementary, on the activity's counters), one active signup
per person (NO_ACTIVE_SIGNUP on the lock) and queue order (joins_ahead_of_counted: nobody
joins the queue ahead of a signup whose place has been counted). A transaction that loses a
race fails as a whole and returns the activity as it was (ALL_OLD), which picks the next
attempt.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import UnicodeAttribute
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..domain import signups as rules
from ..domain.activities import SignupKey, new_signup_key
from ..domain.signups import SignupStatus
from . import table
from .activities import ActivityItem, get_activity
from .base import GSI1, BaseMeta, TableModel, now_iso
from .keys import (
    QUEUE_PREFIX,
    SIGNUP_PREFIX,
    activity_partition,
    activity_sk,
    by_age,
    conference_pk,
    lock_sk,
    my_signups_pk,
    queue_sk,
    signup_sk,
)
from .transact import Cancelled, Transaction

log = logging.getLogger(__name__)


def signup_key_sk(key: SignupKey) -> str:
    return signup_sk(key.created_at, key.signup_id)


class SignupItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="signup")
    signup_id = UnicodeAttribute()
    status = UnicodeAttribute()
    conference_slug = UnicodeAttribute()
    activity_slug = UnicodeAttribute()
    activity_name = UnicodeAttribute(default="")
    user_sub = UnicodeAttribute()
    user_email = UnicodeAttribute(default="")
    user_name = UnicodeAttribute(default="")
    #: The person's language when they signed up (domain.locale): their e-mails are written in it.
    locale = UnicodeAttribute(null=True)
    note = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    cancelled_at = UnicodeAttribute(null=True)
    promoted_at = UnicodeAttribute(null=True)
    #: While `offered`: the moment the offer lapses (domain.signups claim rules).
    claim_by = UnicodeAttribute(null=True)
    claimed_at = UnicodeAttribute(null=True)
    expired_at = UnicodeAttribute(null=True)
    #: GSI3 (sparse): set only while the signup is `offered`, so the expiry reads due offers only.
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)


class MySignupsIndex(GlobalSecondaryIndex["SignupLock"]):
    """Sparse: only active-signup locks carry `MYSIGNUPS#...`; a cancel deletes the lock."""

    class Meta:
        index_name = GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class SignupLock(TableModel):
    """The user's active signup, by user: makes "one active signup" a key condition.

    It carries a copy of the signup's status and note so "my signup" is one GetItem, and
    GSI1 keys plus the activity's slug and name so a user's active signups in a conference
    are one Query.
    """

    class Meta(BaseMeta):
        pass

    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    activity_slug = UnicodeAttribute(null=True)
    activity_name = UnicodeAttribute(null=True)

    entity = UnicodeAttribute(default="signup_lock")
    signup_id = UnicodeAttribute()
    signup_sk = UnicodeAttribute()
    #: Stored as `signup_status`, not `status`: stream consumers that look for a
    #: waitlisted -> confirmed `status` change must only ever see the signup item's.
    status = UnicodeAttribute(attr_name="signup_status")
    note = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    #: The offer's deadline while the signup is `offered` (a copy, for "my signup" in one read).
    claim_by = UnicodeAttribute(null=True)

    mine = MySignupsIndex()


class QueueEntry(TableModel):
    """A waiting signup's place in its activity's queue, and whose it is (for its promotion).

    Kept small on purpose: a COUNT reads up to 1 MB per request, so a queue of ~6,000 is
    one request. The signup's key follows from the entry's (queue key = creation time#id).
    """

    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="queue_entry")
    user_sub = UnicodeAttribute()

    @property
    def signup_key(self) -> SignupKey:
        created_at, signup_id = self.sk[len(QUEUE_PREFIX):].rsplit("#", 1)
        return SignupKey(signup_id, created_at)


# -- errors and outcomes ---------------------------------------------------------------


class ActivityMissing(Exception):
    """The activity does not exist (or is inactive, where that matters)."""


class AlreadySignedUp(Exception):
    def __init__(self, lock: SignupLock | None) -> None:
        super().__init__("already signed up")
        self.lock = lock


class NoActiveSignup(Exception):
    pass


class NewSignup(NamedTuple):
    conf: str
    activity: str
    activity_name: str
    user_sub: str
    user_email: str
    user_name: str
    note: str
    key: SignupKey
    locale: str | None = None


class SignupOutcome(NamedTuple):
    status: SignupStatus
    #: The signup's key as committed (a queued signup may have been given a later one).
    key: SignupKey


# -- items -----------------------------------------------------------------------------


def signup_item(new: NewSignup, status: str) -> SignupItem:
    return SignupItem(
        activity_partition(new.conf, new.activity), signup_key_sk(new.key),
        signup_id=new.key.signup_id, status=status, conference_slug=new.conf, activity_slug=new.activity,
        activity_name=new.activity_name, user_sub=new.user_sub, user_email=new.user_email,
        user_name=new.user_name, note=new.note, created_at=new.key.created_at, locale=new.locale,
    )


def lock_item(new: NewSignup, status: str) -> SignupLock:
    return SignupLock(
        activity_partition(new.conf, new.activity), lock_sk(new.user_sub), signup_id=new.key.signup_id,
        signup_sk=signup_key_sk(new.key), status=status, note=new.note, created_at=new.key.created_at,
        gsi1pk=my_signups_pk(new.conf, new.user_sub), gsi1sk=by_age(new.key.created_at, new.key.signup_id),
        activity_slug=new.activity, activity_name=new.activity_name,
    )


def queue_entry(conf: str, activity: str, key: SignupKey, user_sub: str) -> QueueEntry:
    return QueueEntry(activity_partition(conf, activity), queue_sk(key.created_at, key.signup_id), user_sub=user_sub)


def queue_entry_key(conf: str, activity: str, created_at: str, signup_id: str) -> QueueEntry:
    return QueueEntry(activity_partition(conf, activity), queue_sk(created_at, signup_id))


def counter_actions(old: str | None, new: str | None) -> list[Action]:
    """The activity's counter updates of a signup going from `old` to `new` (domain.signups)."""
    return [getattr(ActivityItem, counter).add(step) for counter, step in rules.counter_moves(old, new).items()]


def _activity_key(conf: str, activity: str) -> ActivityItem:
    return ActivityItem(conference_pk(conf), activity_sk(activity))


# -- signing up ------------------------------------------------------------------------


def queue_key(key: SignupKey) -> str:
    """The queue's order: creation time, then id (QUEUE_LAST holds the highest counted one)."""
    return by_age(key.created_at, key.signup_id)


def key_behind(last: str | None, key: SignupKey) -> SignupKey:
    """`key` if it is behind `last` (the highest counted queue key), else a new key from the
    clock, past `last` whatever this container's clock says."""
    if last is None or queue_key(key) > last:
        return key
    counted = datetime.strptime(last.split("#", 1)[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return new_signup_key(max(datetime.now(UTC), counted + timedelta(microseconds=1)))


def _try_signup(new: NewSignup, status: SignupStatus) -> Cancelled | None:
    """One transaction: the activity's counters (under the capacity rule), signup, lock and,
    for a queued signup, its queue entry (behind the last one that joined)."""
    if status is SignupStatus.CONFIRMED:
        actions, condition = counter_actions(None, status), rules.CONFIRMS.condition(ActivityItem)
    else:
        actions = counter_actions(None, status)
        condition = (rules.QUEUES & rules.joins_ahead_of_counted(queue_key(new.key))).condition(ActivityItem)

    tx = Transaction()
    tx.update("activity", _activity_key(new.conf, new.activity), actions, condition, return_old=True)
    tx.put("signup", signup_item(new, status), SignupItem.sk.does_not_exist())
    tx.put("lock", lock_item(new, status), rules.NO_ACTIVE_SIGNUP.condition(SignupLock))
    if status in rules.QUEUED:
        tx.put("queue", queue_entry(new.conf, new.activity, new.key, new.user_sub))
    try:
        tx.commit()
        return None
    except Cancelled as exc:
        if not exc.failed("activity", "lock"):
            raise
        return exc


def _activity_as_refused(new: NewSignup, refused: Cancelled) -> ActivityItem:
    """The activity as the refused transaction saw it; AlreadySignedUp or ActivityMissing."""
    if refused.failed("lock"):
        raise AlreadySignedUp(get_lock(new.conf, new.activity, new.user_sub))
    activity = refused.old("activity", ActivityItem)
    if activity is None:  # gone, or an emulator that does not return it: read it
        activity = get_activity(new.conf, new.activity, consistent=True)
    if activity is None or not rules.IS_OPEN.holds(activity.attribute_values):
        raise ActivityMissing()
    return activity


def create_signup(new: NewSignup, activity: ActivityItem, attempts: int = 10) -> SignupOutcome:
    """Confirm if there is room, else queue. One write request when nothing races it.

    `activity` (as read, possibly stale) picks the first attempt: confirm and queue have
    complementary conditions, so exactly one can succeed at any moment. A refusal returns
    the activity as it was (ALL_OLD), which picks the next attempt (and, for a queued
    signup that lost its turn, a key behind the last one that joined), so it costs no read.
    """
    values = activity.attribute_values
    for _ in range(attempts):
        if rules.HAS_ROOM.holds(values) and rules.NOBODY_WAITING.holds(values):
            status = SignupStatus.CONFIRMED
        else:
            status = SignupStatus.WAITLISTED
            new = new._replace(key=key_behind(values.get(rules.QUEUE_LAST), new.key))
        refused = _try_signup(new, status)
        if refused is None:
            if status in rules.QUEUED:
                _counted_up_to(new)
            return SignupOutcome(status, new.key)
        values = _activity_as_refused(new, refused).attribute_values
    raise RuntimeError("signup kept racing with other signups")


def _counted_up_to(new: NewSignup) -> None:
    """Before its place is counted: nobody may join the queue ahead of this signup any more.

    One UpdateItem. If it fails (throttled beyond the client's retries), the place is still
    counted; a signup that is still on its way with an earlier key may then land ahead.
    """
    key = queue_key(new.key)
    try:
        table.update(_activity_key(new.conf, new.activity), [ActivityItem.waitlist_last.set(key)],
                     rules.counted_up_to(key).condition(ActivityItem))
    except table.ConditionFailed:
        pass  # a signup behind ours was counted first: that protects our place too
    except (ClientError, BotoCoreError) as exc:
        log.warning("waitlist place of %s not protected (%s)", new.key.signup_id, type(exc).__name__)


def queue_position(conf: str, activity: str, created_at: str, signup_id: str, estimate: int | None = None) -> int:
    """1-based place of a queued signup: one strongly consistent COUNT of the queue entries up
    to its own (keys only, in the activity's partition; never a scan, never an index that lags).

    `estimate`: what to answer if the count fails once the client's retries are spent
    (throttling): after a committed signup, the caller has earned its 201, and a place
    estimated from the activity as read beats turning that success into a 503.
    """
    partition = activity_partition(conf, activity)
    try:
        return table.count(QueueEntry, (QueueEntry.pk == partition)
                           & QueueEntry.sk.between(QUEUE_PREFIX, queue_sk(created_at, signup_id)), consistent=True)
    except (ClientError, BotoCoreError):
        if estimate is None:
            raise
        return estimate


# -- reading and cancelling ------------------------------------------------------------


def get_lock(conf: str, activity: str, sub: str) -> SignupLock | None:
    return table.get(SignupLock, activity_partition(conf, activity), lock_sk(sub), consistent=True)


def get_activity_and_lock(conf: str, activity: str, sub: str) -> tuple[ActivityItem | None, SignupLock | None]:
    """The activity and the user's active-signup lock in one BatchGetItem (detail view)."""
    activity_key = (conference_pk(conf), activity_sk(activity))
    lock_key = (activity_partition(conf, activity), lock_sk(sub))
    found = table.batch_get([activity_key, lock_key], consistent=True)
    item, lock = found.get(activity_key), found.get(lock_key)
    return (ActivityItem.from_raw_data(item) if item else None, SignupLock.from_raw_data(lock) if lock else None)


def get_signup(conf: str, activity: str, key: SignupKey) -> SignupItem | None:
    return table.get(SignupItem, activity_partition(conf, activity), signup_key_sk(key), consistent=True)


def cancel_signup(conf: str, activity: str, sub: str, attempts: int = 4) -> tuple[SignupLock, str]:
    """Cancel the user's active signup in one transaction; returns (lock as read, cancelled_at).

    The signup update is guarded by the status we read from the lock, so a promotion that
    lands in between makes us re-read and move the right counter.
    """
    for _ in range(attempts):
        lock = get_lock(conf, activity, sub)
        if lock is None:
            raise NoActiveSignup()
        now = now_iso()
        tx = Transaction()
        tx.update("signup", SignupItem(activity_partition(conf, activity), lock.signup_sk), [
            SignupItem.status.set(SignupStatus.CANCELLED), SignupItem.cancelled_at.set(now),
            SignupItem.gsi3pk.remove(), SignupItem.gsi3sk.remove(),  # an offer given back is not due any more
        ], SignupItem.status == lock.status)
        tx.delete("lock", lock, SignupLock.signup_id == lock.signup_id)
        tx.update("activity", _activity_key(conf, activity), counter_actions(lock.status, SignupStatus.CANCELLED),
                  ActivityItem.sk.exists())
        if lock.status in rules.QUEUED:
            tx.delete("queue", queue_entry_key(conf, activity, lock.created_at, lock.signup_id))
        try:
            tx.commit()
            return lock, now
        except Cancelled:
            continue  # the signup changed (promoted, cancelled elsewhere) between read and write
    raise NoActiveSignup()


def list_signups(conf: str, activity: str) -> list[SignupItem]:
    """Every signup of an activity, oldest first (the sort key starts with the creation time)."""
    return table.query(SignupItem, (SignupItem.pk == activity_partition(conf, activity))
                       & SignupItem.sk.startswith(SIGNUP_PREFIX))


def list_my_locks(conf: str, sub: str) -> list[SignupLock]:
    """A user's active signups in a conference, oldest first: one Query on GSI1."""
    return table.query(SignupLock, SignupLock.gsi1pk == my_signups_pk(conf, sub), index=GSI1)
