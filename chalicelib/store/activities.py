"""Activities, signups and active-signup locks, and the writes that keep them consistent.

Layout (see keys.py):
  activity   CONF#{conf} / ACT#{activity}: confirmed_count, waitlist_count, max_participants…
  signup     ACT#{conf}#{activity} / SIGNUP#{created}#{id}; gsi2 WAIT#{conf}#{activity} while waitlisted
  lock       ACT#{conf}#{activity} / USER#{sub}: exists only while that user's signup is active;
             gsi1 MYSIGNUPS#{conf}#{sub} / {created}#{id}, so "my signups" is one Query

Every rule is a condition inside one TransactWriteItems request:
  * capacity: the activity update is conditional on `confirmed_count < max_participants`
    (and on nobody waiting, so a fresh signup never jumps the queue);
  * one active signup per user: the lock put is conditional on `attribute_not_exists`;
  * state transitions: the signup update is conditional on the status it starts from.
A transaction that loses a race fails as a whole and tells us which condition failed
(cancellation reasons), which is how the callers tell "full" from "already signed up".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.expressions.condition import Condition
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..domain.activities import SignupKey
from . import table
from .base import GSI1, GSI2, BaseMeta, TableModel, now_iso
from .keys import (
    ACTIVITY_PREFIX,
    SIGNUP_PREFIX,
    activity_partition,
    activity_sk,
    by_age,
    conference_pk,
    lock_sk,
    my_signups_pk,
    signup_sk,
    waitlist_pk,
)
from .transact import Cancelled, Transaction

log = logging.getLogger(__name__)



waitlist_key = waitlist_pk


def signup_key_sk(key: SignupKey) -> str:
    return signup_sk(key.created_at, key.signup_id)


class ActivityItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="activity")
    conference_slug = UnicodeAttribute()
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    activity_type = UnicodeAttribute(default="other")
    description = UnicodeAttribute(default="")
    location = UnicodeAttribute(null=True)
    room = UnicodeAttribute(null=True)
    start_time = UnicodeAttribute(null=True)
    end_time = UnicodeAttribute(null=True)
    max_participants = NumberAttribute(null=True)
    confirmed_count = NumberAttribute(default=0)
    waitlist_count = NumberAttribute(default=0)
    #: Grows by one with every waitlisted signup, never shrinks: a signup that saw it unchanged
    #: at commit knows nobody joined the queue since it read the activity (see create_signup).
    waitlist_joined = NumberAttribute(null=True)
    talk_count = NumberAttribute(default=0)
    requires_ticket = BooleanAttribute(default=False)
    external_url = UnicodeAttribute(null=True)
    is_active = BooleanAttribute(default=True)
    pretalx_submission_type = UnicodeAttribute(null=True)
    organizers = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class WaitlistIndex(GlobalSecondaryIndex["SignupItem"]):
    """Sparse: only waitlisted signups carry gsi2pk, so the oldest are one Query away."""

    class Meta:
        index_name = GSI2
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class SignupItem(TableModel):
    class Meta(BaseMeta):
        pass

    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="signup")
    signup_id = UnicodeAttribute()
    status = UnicodeAttribute()
    conference_slug = UnicodeAttribute()
    activity_slug = UnicodeAttribute()
    activity_name = UnicodeAttribute(default="")
    user_sub = UnicodeAttribute()
    user_email = UnicodeAttribute(default="")
    user_name = UnicodeAttribute(default="")
    note = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    cancelled_at = UnicodeAttribute(null=True)
    promoted_at = UnicodeAttribute(null=True)

    waitlist = WaitlistIndex()


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
    (since the second release) GSI1 keys plus the activity's slug and name so a user's
    active signups in a conference are one Query.
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

    mine = MySignupsIndex()


# -- errors and outcomes ---------------------------------------------------------------


class ActivityMissing(Exception):
    """The activity does not exist (or is inactive, where that matters)."""


class AlreadySignedUp(Exception):
    def __init__(self, lock: SignupLock | None) -> None:
        super().__init__("already signed up")
        self.lock = lock


class NoActiveSignup(Exception):
    pass


class NotWaitlisted(Exception):
    def __init__(self, signup: SignupItem | None) -> None:
        super().__init__("not waitlisted")
        self.signup = signup


class CapacityReached(Exception):
    """A promotion found no free place (the guard that makes stream replays harmless)."""


class SlugsExhausted(Exception):
    pass


# -- activities ------------------------------------------------------------------------


def get_activity(conf: str, activity: str, consistent: bool = False) -> ActivityItem | None:
    return table.get(ActivityItem, conference_pk(conf), activity_sk(activity), consistent=consistent)


def get_activity_and_lock(conf: str, activity: str, sub: str) -> tuple[ActivityItem | None, SignupLock | None]:
    """The activity and the user's active-signup lock in one BatchGetItem (detail view)."""
    activity_key = (conference_pk(conf), activity_sk(activity))
    lock_key = (activity_partition(conf, activity), lock_sk(sub))
    found = table.batch_get([activity_key, lock_key], consistent=True)
    item, lock = found.get(activity_key), found.get(lock_key)
    return (ActivityItem.from_raw_data(item) if item else None, SignupLock.from_raw_data(lock) if lock else None)


def list_activities(conf: str) -> list[ActivityItem]:
    """Every activity of a conference: one Query on the conference's partition."""
    return table.query(ActivityItem, (ActivityItem.pk == conference_pk(conf)) & ActivityItem.sk.startswith(ACTIVITY_PREFIX))


def create_activity(conf: str, slugs: Iterator[str], values: dict[str, Any]) -> ActivityItem:
    """Put the activity under the first free slug: one conditional put per candidate."""
    now = now_iso()
    for slug in slugs:
        item = ActivityItem(
            conference_pk(conf), activity_sk(slug), conference_slug=conf, slug=slug,
            confirmed_count=0, waitlist_count=0, created_at=now, updated_at=now,
            **{k: v for k, v in values.items() if v is not None},
        )
        try:
            table.put(item, ActivityItem.sk.does_not_exist())
            return item
        except table.ConditionFailed:
            continue
    raise SlugsExhausted()


def update_activity(conf: str, activity: str, values: dict[str, Any]) -> ActivityItem | None:
    """Apply field changes in one conditional UpdateItem; None when the activity is missing.

    A value of None removes the attribute (e.g. `max_participants` null = unlimited). The
    new image lands on the stream, where a raised capacity triggers promotions.
    """
    item = ActivityItem(conference_pk(conf), activity_sk(activity))
    actions = [ActivityItem.updated_at.set(now_iso())]
    for name, value in values.items():
        attribute = getattr(ActivityItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    try:
        table.update(item, actions, ActivityItem.sk.exists())
    except table.ConditionFailed:
        return None
    return item


# -- signups ---------------------------------------------------------------------------


def _has_room() -> Condition:
    return ActivityItem.max_participants.does_not_exist() | (ActivityItem.confirmed_count < ActivityItem.max_participants)


def _nobody_waiting() -> Condition:
    return ActivityItem.waitlist_count.does_not_exist() | (ActivityItem.waitlist_count <= 0)


def _open_activity() -> Condition:
    return ActivityItem.sk.exists() & (ActivityItem.is_active == True)  # noqa: E712 - a DynamoDB condition


@dataclass(frozen=True)
class WaitlistSeen:
    """The queue as the caller read it (from the activity item), before it made its signup key."""

    count: int
    joined: int | None


def _queue_unchanged(seen: WaitlistSeen) -> Condition:
    """Nobody joined the queue (the monotone `waitlist_joined`) and nobody left it (`waitlist_count`)."""
    joined = (ActivityItem.waitlist_joined.does_not_exist() if seen.joined is None
              else ActivityItem.waitlist_joined == seen.joined)
    count = (ActivityItem.waitlist_count.does_not_exist() | (ActivityItem.waitlist_count == 0) if seen.count == 0
             else ActivityItem.waitlist_count == seen.count)
    return joined & count


@dataclass(frozen=True)
class SignupOutcome:
    status: str  # confirmed | waitlisted
    #: Known without another request when the queue was as read (else None: count it).
    waitlist_position: int | None = None


@dataclass
class NewSignup:
    conf: str
    activity: str
    activity_name: str
    user_sub: str
    user_email: str
    user_name: str
    note: str
    key: SignupKey


def _signup_item(new: NewSignup, status: str) -> SignupItem:
    item = SignupItem(
        activity_partition(new.conf, new.activity), signup_key_sk(new.key),
        signup_id=new.key.signup_id, status=status, conference_slug=new.conf, activity_slug=new.activity,
        activity_name=new.activity_name, user_sub=new.user_sub, user_email=new.user_email,
        user_name=new.user_name, note=new.note, created_at=new.key.created_at,
    )
    if status == "waitlisted":
        item.gsi2pk = waitlist_key(new.conf, new.activity)
        item.gsi2sk = by_age(new.key.created_at, new.key.signup_id)
    return item


def _lock_item(new: NewSignup, status: str) -> SignupLock:
    return SignupLock(
        activity_partition(new.conf, new.activity), lock_sk(new.user_sub), signup_id=new.key.signup_id,
        signup_sk=signup_key_sk(new.key), status=status, note=new.note, created_at=new.key.created_at,
        gsi1pk=my_signups_pk(new.conf, new.user_sub), gsi1sk=by_age(new.key.created_at, new.key.signup_id),
        activity_slug=new.activity, activity_name=new.activity_name,
    )


def _try_signup(new: NewSignup, status: str, seen: WaitlistSeen | None = None) -> Cancelled | None:
    """One transaction: counter update (with its capacity condition) + signup put + lock put.

    With `seen`, a waitlisting also requires the queue to be exactly as read (see create_signup).
    """
    activity = ActivityItem(conference_pk(new.conf), activity_sk(new.activity))
    if status == "confirmed":
        counter = [ActivityItem.confirmed_count.add(1)]
        condition = _open_activity() & _has_room() & _nobody_waiting()
    else:
        counter = [ActivityItem.waitlist_count.add(1), ActivityItem.waitlist_joined.add(1)]
        # Waitlist only while the place is still taken (or others wait): otherwise retry confirm.
        condition = _open_activity() & ~(_has_room() & _nobody_waiting())
        if seen is not None:
            condition &= _queue_unchanged(seen)

    tx = Transaction()
    tx.update("activity", activity, counter, condition)
    tx.put("signup", _signup_item(new, status), SignupItem.sk.does_not_exist())
    tx.put("lock", _lock_item(new, status), SignupLock.sk.does_not_exist())
    try:
        tx.commit()
        return None
    except Cancelled as exc:
        if not exc.failed("activity", "lock"):
            raise
        return exc


def get_lock(conf: str, activity: str, sub: str) -> SignupLock | None:
    return table.get(SignupLock, activity_partition(conf, activity), lock_sk(sub), consistent=True)


def create_signup(new: NewSignup, *, looks_full: bool = False, seen: WaitlistSeen | None = None,
                  attempts: int = 4) -> SignupOutcome:
    """Confirm if there is room, else waitlist. One write request on the happy path.

    The two transactions have complementary capacity conditions (confirm: a free place and
    nobody waiting; waitlist: the opposite), so exactly one of them can succeed at any
    moment. `looks_full` (from a possibly stale read) only picks which to try first: the
    flash-crowd case then costs one transaction instead of a refused one plus another.
    Two refusals in a row mean the activity is gone/inactive, or places opened and closed
    between our requests (then we go round again, bounded).

    Waitlist position without a COUNT: the caller passes the queue as it read it (`seen`)
    and made the signup key (its place in the queue) after that read. The first waitlisting
    then also requires `waitlist_joined` unchanged (nobody joined since the read: a monotone
    counter, so a join and a leave cannot cancel out) and `waitlist_count` unchanged (nobody
    left). When that holds at commit, everyone waiting joined before our read, so before our
    key: the place is `count + 1`, exactly. When the queue moved, the same attempt is made
    once more without that guard and the position is left to the caller (None).
    """
    order = ("waitlisted", "confirmed") if looks_full else ("confirmed", "waitlisted")
    attempt = 0
    while attempt < 2 * attempts:
        status = order[attempt % 2]
        guard = seen if status == "waitlisted" else None
        refused = _try_signup(new, status, guard)
        if refused is None:
            return SignupOutcome(status, guard.count + 1 if guard is not None else None)
        if refused.failed("lock"):
            raise AlreadySignedUp(get_lock(new.conf, new.activity, new.user_sub))
        if guard is not None:
            seen = None  # the queue moved (or a place opened): the same attempt, unguarded
            continue
        if attempt % 2:
            activity = get_activity(new.conf, new.activity, consistent=True)
            if activity is None or not activity.is_active:
                raise ActivityMissing()
        attempt += 1
    raise RuntimeError("signup kept racing with capacity changes")


def get_signup(conf: str, activity: str, key: SignupKey) -> SignupItem | None:
    return table.get(SignupItem, activity_partition(conf, activity), signup_key_sk(key), consistent=True)


def cancel_signup(conf: str, activity: str, sub: str, attempts: int = 4) -> tuple[SignupLock, str]:
    """Cancel the user's active signup in one transaction; returns (lock as read, cancelled_at).

    The signup update is guarded by the status we read from the lock, so a promotion that
    lands in between makes us re-read and decrement the right counter.
    """
    for _ in range(attempts):
        lock = get_lock(conf, activity, sub)
        if lock is None:
            raise NoActiveSignup()
        now = now_iso()
        signup = SignupItem(activity_partition(conf, activity), lock.signup_sk)
        counter = ActivityItem.confirmed_count if lock.status == "confirmed" else ActivityItem.waitlist_count

        tx = Transaction()
        tx.update("signup", signup, [
            SignupItem.status.set("cancelled"), SignupItem.cancelled_at.set(now),
            SignupItem.gsi2pk.remove(), SignupItem.gsi2sk.remove(),
        ], SignupItem.status == lock.status)
        tx.delete("lock", lock, SignupLock.signup_id == lock.signup_id)
        tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)), [counter.add(-1)],
                  ActivityItem.sk.exists())
        try:
            tx.commit()
            return lock, now
        except Cancelled:
            continue  # the signup changed (promoted, cancelled elsewhere) between read and write
    raise NoActiveSignup()


def promote_signup(conf: str, activity: str, signup: SignupItem, *, respect_capacity: bool = True) -> str:
    """waitlisted -> confirmed in one transaction; returns promoted_at.

    Guarded by `status = waitlisted` (a replayed stream record or a double click finds it
    confirmed already) and, unless a manager deliberately overbooks, by a free place.
    Raises NotWaitlisted or CapacityReached when a guard fails.
    """
    now = now_iso()
    condition = ActivityItem.sk.exists()
    if respect_capacity:
        condition = condition & _has_room()
    lock = SignupLock(activity_partition(conf, activity), lock_sk(signup.user_sub))

    tx = Transaction()
    tx.update("signup", signup, [
        SignupItem.status.set("confirmed"), SignupItem.promoted_at.set(now),
        SignupItem.gsi2pk.remove(), SignupItem.gsi2sk.remove(),
    ], SignupItem.status == "waitlisted")
    tx.update("lock", lock, [SignupLock.status.set("confirmed")], SignupLock.signup_id == signup.signup_id)
    tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)),
              [ActivityItem.confirmed_count.add(1), ActivityItem.waitlist_count.add(-1)], condition)
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.failed("signup", "lock"):
            raise NotWaitlisted(None) from exc
        raise CapacityReached() from exc
    signup.status, signup.promoted_at = "confirmed", now
    signup.gsi2pk = signup.gsi2sk = None
    return now


def oldest_waitlisted(conf: str, activity: str, limit: int) -> list[SignupItem]:
    """The `limit` oldest waitlisted signups (one Query on the sparse index)."""
    return table.query(SignupItem, SignupItem.gsi2pk == waitlist_key(conf, activity), index=GSI2, limit=limit)


def list_signups(conf: str, activity: str) -> list[SignupItem]:
    """Every signup of an activity, oldest first (the sort key starts with the creation time)."""
    return table.query(SignupItem, (SignupItem.pk == activity_partition(conf, activity))
                       & SignupItem.sk.startswith(SIGNUP_PREFIX))


def waitlist_position(conf: str, activity: str, created_at: str, signup_id: str,
                      estimate: int | None = None) -> int:
    """1-based place of a waitlisted signup: one COUNT Query on the sparse waitlist index
    (signups queued before this one, plus one), never a scan. Counting only the ones before
    keeps the answer right even when the index has not caught up with this signup yet.

    `estimate`: what to answer if the count fails once the client's retries are spent
    (throttling): after a committed signup, the caller has earned its 201, and a place
    estimated from the activity as read beats turning that success into a 503.
    """
    try:
        return 1 + table.count(SignupItem, (SignupItem.gsi2pk == waitlist_key(conf, activity))
                               & (SignupItem.gsi2sk < by_age(created_at, signup_id)), index=GSI2)
    except (ClientError, BotoCoreError) as exc:
        if estimate is None:
            raise
        log.warning("waitlist position of %s estimated (%s)", signup_id, type(exc).__name__)
        return estimate


def list_my_locks(conf: str, sub: str) -> list[SignupLock]:
    """A user's active signups in a conference, oldest first: one Query on GSI1."""
    return table.query(SignupLock, SignupLock.gsi1pk == my_signups_pk(conf, sub), index=GSI1)
