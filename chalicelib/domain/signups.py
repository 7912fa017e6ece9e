"""Signup rules, each written once and read two ways.

A rule is a small value (`Below`, `Empty`, `IsTrue`, `Absent`, `After`, combined with `&`,
`|` and `~`) over attribute names. `rule.holds(values)` answers in Python, from an item as
read or a stream image (the views, the services, the stream handler); `rule.condition(Model)`
builds the DynamoDB condition the store sends with the write the rule guards. Both come from
the same object, so they cannot drift apart.

What holds a place is one set (`HOLDS_PLACE`), and which activity counter a status is counted
in follows from it (`counter_of`, `counter_moves`): a new status that holds a place (an offer
waiting to be claimed, say) is added there, and capacity, spots remaining, promotion and the
counter updates of every transition follow, in Python and in DynamoDB alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any


class SignupStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    #: A freed place given to the first in line, held for them until `claim_by`.
    OFFERED = "offered"
    #: An offer nobody claimed in time (its place went to the next in line).
    EXPIRED = "expired"


#: Statuses that hold one of the activity's places (counted in PLACES_TAKEN).
HOLDS_PLACE = frozenset({SignupStatus.CONFIRMED, SignupStatus.OFFERED})
#: Statuses waiting in the queue for a place (counted in QUEUE_LENGTH, ordered by queue key).
QUEUED = frozenset({SignupStatus.WAITLISTED})
#: A person has at most one signup per activity in these (the lock item exists exactly then).
ACTIVE = HOLDS_PLACE | QUEUED

# The activity's attributes the rules read.
PLACES = "max_participants"  # absent: unlimited
PLACES_TAKEN = "confirmed_count"
QUEUE_LENGTH = "waitlist_count"
#: The highest queue key whose place has been counted (see joins_ahead_of_counted).
QUEUE_LAST = "waitlist_last"
OPEN = "is_active"
#: Hours a freed place is held for the first in line (absent: promotion confirms at once).
CLAIM_HOURS = "claim_hours"
# The signup's attributes the claim rules read.
STATUS = "status"
CLAIM_BY = "claim_by"


def counter_of(status: str | None) -> str | None:
    """The activity counter a signup in `status` is counted in (None: counted nowhere)."""
    if status in HOLDS_PLACE:
        return PLACES_TAKEN
    if status in QUEUED:
        return QUEUE_LENGTH
    return None


def counter_moves(old: str | None, new: str | None) -> dict[str, int]:
    """What a signup going from `old` to `new` (None: no signup) adds to the activity's counters."""
    moves: dict[str, int] = {}
    for status, step in ((old, -1), (new, +1)):
        counter = counter_of(status)
        if counter is not None:
            moves[counter] = moves.get(counter, 0) + step
    return {counter: step for counter, step in moves.items() if step}


# -- the rule values -------------------------------------------------------------------------


def _number(value: Any) -> int | None:
    return None if value is None else int(value)


class Rule:
    def holds(self, values: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def condition(self, model: Any) -> Any:
        """The PynamoDB condition of this rule on `model`'s attributes."""
        raise NotImplementedError

    def __and__(self, other: Rule) -> Rule:
        return _All(self, other)

    def __or__(self, other: Rule) -> Rule:
        return _Any(self, other)

    def __invert__(self) -> Rule:
        return _Not(self)


@dataclass(frozen=True)
class Below(Rule):
    """`counter < limit`, always true when `limit` is absent (unlimited)."""

    counter: str
    limit: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        limit = _number(values.get(self.limit))
        return limit is None or (_number(values.get(self.counter)) or 0) < limit

    def condition(self, model: Any) -> Any:
        limit = getattr(model, self.limit)
        return limit.does_not_exist() | (getattr(model, self.counter) < limit)


@dataclass(frozen=True)
class Empty(Rule):
    """`counter` absent or at most 0."""

    counter: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        return (_number(values.get(self.counter)) or 0) <= 0

    def condition(self, model: Any) -> Any:
        attribute = getattr(model, self.counter)
        return attribute.does_not_exist() | (attribute <= 0)


@dataclass(frozen=True)
class IsTrue(Rule):
    """`flag` is true (so the item exists)."""

    flag: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        return values.get(self.flag) is True

    def condition(self, model: Any) -> Any:
        return getattr(model, self.flag) == True  # noqa: E712 - a DynamoDB condition


@dataclass(frozen=True)
class Absent(Rule):
    """The item (its sort key) does not exist."""

    attribute: str = "sk"

    def holds(self, values: Mapping[str, Any]) -> bool:
        return values.get(self.attribute) is None

    def condition(self, model: Any) -> Any:
        return getattr(model, self.attribute).does_not_exist()


@dataclass(frozen=True)
class After(Rule):
    """`attribute` absent or below `value` (strings compare as DynamoDB compares them: by bytes)."""

    attribute: str
    value: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        current = values.get(self.attribute)
        return current is None or current.encode() < self.value.encode()

    def condition(self, model: Any) -> Any:
        attribute = getattr(model, self.attribute)
        return attribute.does_not_exist() | (attribute < self.value)


@dataclass(frozen=True)
class Is(Rule):
    """`attribute = value`."""

    attribute: str
    value: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        return values.get(self.attribute) == self.value

    def condition(self, model: Any) -> Any:
        return getattr(model, self.attribute) == self.value


@dataclass(frozen=True)
class Later(Rule):
    """`attribute` present and above `value` (byte order, as DynamoDB compares strings)."""

    attribute: str
    value: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        current = values.get(self.attribute)
        return current is not None and current.encode() > self.value.encode()

    def condition(self, model: Any) -> Any:
        attribute = getattr(model, self.attribute)
        return attribute.exists() & (attribute > self.value)


@dataclass(frozen=True)
class NotLater(Rule):
    """`attribute` present and at most `value`."""

    attribute: str
    value: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        current = values.get(self.attribute)
        return current is not None and current.encode() <= self.value.encode()

    def condition(self, model: Any) -> Any:
        attribute = getattr(model, self.attribute)
        return attribute.exists() & (attribute <= self.value)


@dataclass(frozen=True)
class _All(Rule):
    left: Rule
    right: Rule

    def holds(self, values: Mapping[str, Any]) -> bool:
        return self.left.holds(values) and self.right.holds(values)

    def condition(self, model: Any) -> Any:
        return self.left.condition(model) & self.right.condition(model)


@dataclass(frozen=True)
class _Any(Rule):
    left: Rule
    right: Rule

    def holds(self, values: Mapping[str, Any]) -> bool:
        return self.left.holds(values) or self.right.holds(values)

    def condition(self, model: Any) -> Any:
        return self.left.condition(model) | self.right.condition(model)


@dataclass(frozen=True)
class _Not(Rule):
    rule: Rule

    def holds(self, values: Mapping[str, Any]) -> bool:
        return not self.rule.holds(values)

    def condition(self, model: Any) -> Any:
        return ~self.rule.condition(model)


# -- the rules -------------------------------------------------------------------------------

#: Capacity: a place is free.
HAS_ROOM: Rule = Below(PLACES_TAKEN, PLACES)
#: Nobody is waiting, so a new signup does not jump the queue.
NOBODY_WAITING: Rule = Empty(QUEUE_LENGTH)
#: The activity exists and takes signups.
IS_OPEN: Rule = IsTrue(OPEN)
#: A new signup is confirmed at once.
CONFIRMS: Rule = IS_OPEN & HAS_ROOM & NOBODY_WAITING
#: A new signup joins the queue: the complement of CONFIRMS on an open activity, so at any
#: moment exactly one of the two writes can succeed.
QUEUES: Rule = IS_OPEN & ~(HAS_ROOM & NOBODY_WAITING)
#: One active signup per person per activity: the person's lock item must not exist yet.
NO_ACTIVE_SIGNUP: Rule = Absent("sk")


def joins_ahead_of_counted(queue_key: str) -> Rule:
    """A signup joins the queue only if no signup behind it has had its place counted yet.

    Before counting its place a queued signup raises QUEUE_LAST to its key (`counted_up_to`),
    so a signup that would land ahead of a place already given is refused (and takes a later
    key): a place, once given, can only shrink when people ahead leave. Signups that join
    concurrently without being counted yet do not refuse each other, so a crowd does not
    make them retry each other out.
    """
    return After(QUEUE_LAST, queue_key)


def counted_up_to(queue_key: str) -> Rule:
    """Raise QUEUE_LAST to `queue_key` (the write's condition: only upwards)."""
    return After(QUEUE_LAST, queue_key)


# -- claim windows ---------------------------------------------------------------------------
#
# With `claim_hours` set on the activity, a freed place is offered, not given: the first in
# line becomes `offered` with `claim_by`, holds the place (OFFERED is in HOLDS_PLACE) and either
# claims it before `claim_by` (-> confirmed) or lets it lapse (-> expired, the place freed for
# the next in line). Claim and expiry are conditions on the same signup item whose time tests
# are complements (`claim_by > now` / `claim_by <= now`) and both require `offered`: whichever
# write lands first wins, the other is refused.


def claimable(now: str) -> Rule:
    """The offer may be claimed at `now` (stored form): still offered and its window open."""
    return Is(STATUS, SignupStatus.OFFERED) & Later(CLAIM_BY, now)


def claim_lapsed(now: str) -> Rule:
    """The offer was not claimed in time: still offered and `claim_by` at or before `now`."""
    return Is(STATUS, SignupStatus.OFFERED) & NotLater(CLAIM_BY, now)


def claim_hours_of(values: Mapping[str, Any]) -> int | None:
    """The activity's claim window in hours, None when promotion confirms at once."""
    hours = _number(values.get(CLAIM_HOURS))
    return hours if hours and hours > 0 else None


def promoted_status(claim_hours: int | None) -> SignupStatus:
    """What the first in line becomes when a place frees up."""
    return SignupStatus.OFFERED if claim_hours else SignupStatus.CONFIRMED


def claim_deadline(offered_at: datetime, claim_hours: int) -> str:
    """`claim_by` of an offer made at `offered_at`, rounded up to the whole second so the
    public timestamp (seconds) is the deadline itself, in the table's stored form."""
    moment = offered_at.astimezone(UTC) + timedelta(hours=claim_hours)
    whole = datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)
    return whole.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_active(status: str | None) -> bool:
    return status in ACTIVE


def may_sign_up(current_status: str | None) -> bool:
    """The Python side of NO_ACTIVE_SIGNUP: the person's current signup, if any, is not active."""
    return not is_active(current_status)


def spots_remaining(values: Mapping[str, Any]) -> int | None:
    """Free places (never negative: a manual promotion may overbook); None when unlimited."""
    limit = _number(values.get(PLACES))
    if limit is None:
        return None
    return max(0, limit - (_number(values.get(PLACES_TAKEN)) or 0))


def promotable(values: Mapping[str, Any]) -> int:
    """How many queued signups could be given a place right now (0 on a closed activity).

    Read from the activity alone (an item or a stream image): every change that frees a
    place or queues a signup while places are free rewrites the activity's counters.
    """
    if values.get(OPEN) is False:
        return 0
    waiting = _number(values.get(QUEUE_LENGTH)) or 0
    if waiting <= 0:
        return 0
    free = spots_remaining(values)
    return waiting if free is None else min(waiting, free)


#: What a promotion does to the counters (the stream handler recognises its own writes by it);
#: an offer moves them exactly as a confirmation does, since both hold a place.
PROMOTION_MOVES = counter_moves(SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)


def is_promotion_echo(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> bool:
    """True for the activity change written by a promotion itself (it freed nothing new)."""
    if not old or not new:
        return False
    counters = (PLACES_TAKEN, QUEUE_LENGTH)
    moved = {c: (_number(new.get(c)) or 0) - (_number(old.get(c)) or 0) for c in counters}
    return ({c: n for c, n in moved.items() if n} == PROMOTION_MOVES
            and new.get(PLACES) == old.get(PLACES) and new.get(OPEN) == old.get(OPEN))
