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

import enum
import logging
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..domain.activities import SignupKey
from . import activity_memory, table
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
    #: The highest queue key (creation time#id) ever waitlisted by a guarded or marked attempt:
    #: a waitlisting that finds it below its own key is behind everyone waiting (see create_signup).
    waitlist_last = UnicodeAttribute(null=True)
    #: Epoch seconds until which the queue counts as contended (see create_signup, BUSY_SECONDS).
    waitlist_busy_until = NumberAttribute(null=True)
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
    GSI1 keys plus the activity's slug and name so a user's active signups in a conference
    are one Query (locks written without them get them from `store/backfill.py`).
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


def signup_view_of_activity(conf: str, activity: str) -> ActivityItem | None:
    """The activity for a signup: as a contended signup of this container saw it moments ago
    (see activity_memory), else read (GetItem)."""
    raw = activity_memory.recall(conf, activity)
    return ActivityItem.from_raw_data(raw) if raw else get_activity(conf, activity)


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
    activity_memory.forget(conf, activity)
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


def _would_confirm(item: ActivityItem) -> bool:
    """In Python, what `_has_room() & _nobody_waiting()` says of an item as read."""
    has_room = item.max_participants is None or int(item.confirmed_count or 0) < int(item.max_participants)
    return has_room and int(item.waitlist_count or 0) <= 0


#: After a guarded waitlisting found the queue moved, the activity is marked busy for this
#: long: readers then skip the guarded attempt (it would most likely be refused as well).
BUSY_SECONDS = 2.0
PLACE_PREFIX = "waitlist_place_"


def place_attribute(signup_id: str) -> str:
    """The activity attribute a marked waitlisting leaves its place in, until it collects it."""
    return PLACE_PREFIX + signup_id


def queue_key(new: NewSignup) -> str:
    """The signup's place in the queue: the waitlist index's sort key (creation time, id)."""
    return by_age(new.key.created_at, new.key.signup_id)


class QueueSnapshot(NamedTuple):
    """The queue as one consistent read saw it: the activity item as read, or as a refused
    transaction returned it (ALL_OLD)."""

    count: int
    #: The highest queue key ever waitlisted through a guarded or marked attempt (see create_signup).
    last: str | None
    busy_until: float | None

    @classmethod
    def of(cls, item: ActivityItem) -> QueueSnapshot:
        return cls(int(item.waitlist_count or 0), item.waitlist_last,
                   None if item.waitlist_busy_until is None else float(item.waitlist_busy_until))


class Mode(enum.Enum):
    """How a waitlisting learns its place (see create_signup)."""

    GUARDED = "guarded"  # from the snapshot: the queue must be as read; 0 extra requests
    MARKED = "marked"    # from a mark the write leaves on the activity; 1 extra UpdateItem
    COUNTED = "counted"  # from a COUNT Query (the caller's), when someone behind us committed first


class SignupOutcome(NamedTuple):
    status: str  # confirmed | waitlisted
    #: Known from the write (GUARDED, MARKED), else None: the caller counts it.
    waitlist_position: int | None = None


class NewSignup(NamedTuple):
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
        item.gsi2sk = queue_key(new)
    return item


def _lock_item(new: NewSignup, status: str) -> SignupLock:
    return SignupLock(
        activity_partition(new.conf, new.activity), lock_sk(new.user_sub), signup_id=new.key.signup_id,
        signup_sk=signup_key_sk(new.key), status=status, note=new.note, created_at=new.key.created_at,
        gsi1pk=my_signups_pk(new.conf, new.user_sub), gsi1sk=by_age(new.key.created_at, new.key.signup_id),
        activity_slug=new.activity, activity_name=new.activity_name,
    )


def _waitlist_write(new: NewSignup, mode: Mode, snapshot: QueueSnapshot | None) -> tuple[list[Action], Condition]:
    """The activity's update and condition for a waitlisting in `mode`.

    GUARDED and MARKED also require `waitlist_last < our key` and raise it to our key: then
    every signup waiting at commit is ahead of us, so our place is the count before us + 1.
    GUARDED pins that count to the snapshot's; MARKED copies it into our mark instead.
    """
    key = queue_key(new)
    actions: list[Action] = [ActivityItem.waitlist_count.add(1)]
    # Waitlist only while the place is still taken (or others wait): otherwise retry confirm.
    condition = _open_activity() & ~(_has_room() & _nobody_waiting())
    if mode is not Mode.COUNTED:
        condition &= ActivityItem.waitlist_last.does_not_exist() | (ActivityItem.waitlist_last < key)
        actions.append(ActivityItem.waitlist_last.set(key))
    if mode is Mode.GUARDED:
        count = snapshot.count if snapshot is not None else 0
        condition &= (_nobody_waiting() if count == 0 else ActivityItem.waitlist_count == count)
    else:
        actions.append(ActivityItem.waitlist_busy_until.set(time.time() + BUSY_SECONDS))
    if mode is Mode.MARKED:
        # DynamoDB evaluates every action of an update expression against the item as it was
        # before the update (the ADD above included): the count of those waiting, all ahead, + 1.
        actions.append(Path(place_attribute(new.key.signup_id)).set((ActivityItem.waitlist_count | 0) + 1))
    return actions, condition


def _try_signup(new: NewSignup, status: str, mode: Mode = Mode.COUNTED,
                snapshot: QueueSnapshot | None = None) -> Cancelled | None:
    """One transaction: counter update (with its capacity condition) + signup put + lock put.

    A refusal asks for the activity as it was (ALL_OLD): the next attempt's snapshot.
    """
    activity = ActivityItem(conference_pk(new.conf), activity_sk(new.activity))
    if status == "confirmed":
        actions: list[Action] = [ActivityItem.confirmed_count.add(1)]
        condition = _open_activity() & _has_room() & _nobody_waiting()
    else:
        actions, condition = _waitlist_write(new, mode, snapshot)

    tx = Transaction()
    tx.update("activity", activity, actions, condition, return_old=True)
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


def _activity_as_refused(new: NewSignup, refused: Cancelled) -> ActivityItem:
    """The activity as the refused transaction saw it; AlreadySignedUp or ActivityMissing."""
    if refused.failed("lock"):
        raise AlreadySignedUp(get_lock(new.conf, new.activity, new.user_sub))
    activity = refused.old("activity", ActivityItem)
    if activity is None:  # gone, or an emulator that does not return it: read it
        activity = get_activity(new.conf, new.activity, consistent=True)
    if activity is None or not activity.is_active:
        raise ActivityMissing()
    return activity


def _waitlist_mode(new: NewSignup, snapshot: QueueSnapshot | None, contended: bool) -> Mode:
    if snapshot is not None and snapshot.last is not None and snapshot.last >= queue_key(new):
        return Mode.COUNTED  # someone behind us is already waiting: only a count knows our place
    if snapshot is None or contended or (snapshot.busy_until or 0) > time.time():
        return Mode.MARKED
    return Mode.GUARDED


def create_signup(new: NewSignup, *, looks_full: bool = False, snapshot: QueueSnapshot | None = None,
                  attempts: int = 4) -> SignupOutcome:
    """Confirm if there is room, else waitlist. One write request on the happy path.

    The two transactions have complementary capacity conditions (confirm: a free place and
    nobody waiting; waitlist: the opposite), so exactly one of them can succeed at any
    moment. `looks_full` (from a possibly stale read) only picks which to try first. A
    refusal returns the activity as it was (ALL_OLD), which picks the next attempt and is
    its snapshot of the queue, so a refusal costs no read.

    The waitlist place, without a COUNT Query. The queue is ordered by key (creation time,
    id). GUARDED and MARKED waitlistings require `waitlist_last` (the highest key they ever
    queued) below ours and raise it to ours, so at commit everyone waiting is ahead of us and
    the place is the count before us + 1:
      * GUARDED (quiet queue): also requires the count to be the snapshot's: place = count + 1,
        two requests in all. Refused when the queue moved: the activity is then marked busy
        for a moment (BUSY_SECONDS), and readers go straight to MARKED.
      * MARKED (busy queue): the write copies the count into an attribute of the activity
        (`waitlist_place_{id}`), and one UpdateItem removes it and returns it: no guess, so a
        crowd does not refuse it, and the extra request is a key access, not a COUNT.
      * COUNTED: someone with a later key committed before us (`waitlist_last` >= ours), so
        some of the waiting are behind us: the caller counts the place (None here).
    Two refusals for capacity in a row mean places opened and closed between our requests
    (then we go round again, bounded).
    """
    status = "waitlisted" if looks_full else "confirmed"
    contended = False
    for _ in range(2 * attempts):
        mode = _waitlist_mode(new, snapshot, contended)
        refused = _try_signup(new, status, mode, snapshot)
        if refused is None:
            if status == "confirmed" or mode is Mode.GUARDED:
                activity_memory.forget(new.conf, new.activity)  # a quiet moment: read afresh next time
            if status == "confirmed":
                return SignupOutcome(status)
            if mode is Mode.GUARDED:
                assert snapshot is not None
                return SignupOutcome(status, snapshot.count + 1)
            return SignupOutcome(status, _collect_place(new) if mode is Mode.MARKED else None)
        returned = refused.reasons.get("activity")
        activity_memory.remember(new.conf, new.activity, returned.old if returned else None)
        activity = _activity_as_refused(new, refused)
        snapshot = QueueSnapshot.of(activity)
        if _would_confirm(activity):
            status = "confirmed"
        elif status == "waitlisted":
            contended = True  # a waitlisting refused with the place still taken: the queue moved
        else:
            status = "waitlisted"
    raise RuntimeError("signup kept racing with capacity changes")


def _collect_place(new: NewSignup) -> int | None:
    """Remove our mark from the activity and return it; None if it cannot be read.

    The activity comes back whole (ALL_OLD): the next signup of the crowd starts from it.
    """
    name = place_attribute(new.key.signup_id)
    activity = ActivityItem(conference_pk(new.conf), activity_sk(new.activity))
    try:
        old = table.update_returning_old(activity, [Path(name).remove()], ActivityItem.sk.exists())
    except table.ConditionFailed:
        return None
    except (ClientError, BotoCoreError) as exc:
        log.warning("waitlist place of %s not collected (%s)", new.key.signup_id, type(exc).__name__)
        return None
    value = old.pop(name, {}).get("N")
    activity_memory.remember(new.conf, new.activity, old)
    return int(value) if value is not None else None


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
        # The place mark too, in case the signup's own request never collected it (it died).
        tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)),
                  [counter.add(-1), Path(place_attribute(lock.signup_id)).remove()], ActivityItem.sk.exists())
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
              [ActivityItem.confirmed_count.add(1), ActivityItem.waitlist_count.add(-1),
               Path(place_attribute(signup.signup_id)).remove()], condition)
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
