"""What hangs off a grant besides the grant itself: its messages, its audit entries, and the
conference's grant counters. One shape per entity:

* a PynamoDB model (`GrantMessageItem`, `GrantAuditItem`, `GrantStatsItem`) describes the
  stored item for writes (attribute names and types are spelled there only);
* an immutable NamedTuple (`GrantMessage`, `AuditEntry`, `GrantStats`) is what every read hands
  to the services, built from the wire item in one place (`from_raw`, through the model's
  own decoding, like `grants.GrantRecord`), so services read attributes, never string keys.

`NewMessage` is what a service asks the store to write; the store answers with the
`GrantMessage` it stored. Keys come from keys.py.

NamedTuples rather than frozen dataclasses: as immutable, and about a third of the cost to
define at a cold start (see `chalicelib/__init__.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute

from ..domain.grants import STATUSES
from .base import BaseMeta, TableModel

#: One counter per grant status (domain.grants.GrantStatus); `GrantStatsItem` and `GrantStats`
#: spell one attribute each, and tests/unit/test_status_names.py checks they match this list.
STATUS_NAMES = STATUSES
MONEY_COUNTERS = ("total_requested_cents", "total_approved_cents", "total_disbursed_cents")
STATS_KEYS = ("total", *STATUS_NAMES, *MONEY_COUNTERS)


# -- stored items (write side) ----------------------------------------------------------------

class GrantMessageItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="grant_message")
    id = UnicodeAttribute()
    author = UnicodeAttribute()  # applicant | reviewer
    author_sub = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    message = UnicodeAttribute()
    visible = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()
    #: Written on its own (not with an action, whose own e-mail says it): the stream e-mails it
    #: to the other side (events.notifications). Never set on an internal note.
    notify = BooleanAttribute(null=True)
    #: An applicant's message is in the due index (GSI3, MESSAGES_DUE) until a reviewer is
    #: e-mailed about it: by the stream (the reviewer who last acted) or the daily digest.
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)


class GrantAuditItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="grant_audit")
    id = UnicodeAttribute()
    actor_sub = UnicodeAttribute()
    #: The actor's display name when the entry was written (None on entries from before it).
    actor_name = UnicodeAttribute(null=True)
    action = UnicodeAttribute()
    details = JSONAttribute(default=dict)
    created_at = UnicodeAttribute()


class GrantStatsItem(TableModel):
    """Counters for a conference's grants; created by the first ADD.

    It also carries GSI1 keys (the conference's grant list partition, a sort key after
    every grant's) so the first page of the reviewer list brings it along; see
    store.grant_list.
    """

    class Meta(BaseMeta):
        pass

    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="grant_stats")
    total = NumberAttribute(default=0)
    submitted = NumberAttribute(default=0)
    info_needed = NumberAttribute(default=0)
    offered = NumberAttribute(default=0)
    need_more = NumberAttribute(default=0)
    accepted = NumberAttribute(default=0)
    rejected = NumberAttribute(default=0)
    declined = NumberAttribute(default=0)
    withdrawn = NumberAttribute(default=0)
    disbursed = NumberAttribute(default=0)
    waitlisted = NumberAttribute(default=0)
    expired = NumberAttribute(default=0)
    total_requested_cents = NumberAttribute(default=0)
    total_approved_cents = NumberAttribute(default=0)
    total_disbursed_cents = NumberAttribute(default=0)


# -- what reads return -------------------------------------------------------------------------

class NewMessage(NamedTuple):
    """A message a service wants written (the store gives it an id and a timestamp).

    A NamedTuple, not a dataclass: a transient carrier, and about 5x cheaper to define at
    import (~0.1 ms against ~0.5 ms for a frozen dataclass, measured).
    """

    author: str  # applicant | reviewer
    author_sub: str
    author_name: str
    message: str
    visible: bool = True


class GrantMessage(NamedTuple):
    """A stored message of a grant (applicant or reviewer; `visible` False: internal note)."""

    id: str
    author: str
    author_sub: str
    author_name: str
    message: str
    visible: bool
    created_at: str

    @classmethod
    def from_model(cls, item: GrantMessageItem) -> GrantMessage:
        return cls(id=item.id, author=item.author, author_sub=item.author_sub, author_name=item.author_name or "",
                   message=item.message, visible=bool(item.visible), created_at=item.created_at)

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> GrantMessage:
        """From a low-level DynamoDB item (`{"message": {"S": ...}, ...}`)."""
        return cls.from_model(GrantMessageItem.from_raw_data(dict(raw)))


class AuditEntry(NamedTuple):
    """Who did what to a grant, when, with which values (`details`: free-form, JSON values)."""

    id: str
    actor_sub: str
    action: str
    details: Mapping[str, Any]
    created_at: str
    actor_name: str | None = None

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> AuditEntry:
        item = GrantAuditItem.from_raw_data(dict(raw))
        return cls(id=item.id, actor_sub=item.actor_sub, action=item.action, details=dict(item.details or {}),
                   created_at=item.created_at, actor_name=item.actor_name or None)


class GrantStats(NamedTuple):
    """A conference's grant counters (all zero before its first grant).

    `total` grants; one count per status (grants currently in it); money in integer cents:
    `total_requested_cents` (every grant's request), `total_approved_cents` (approved
    amounts of committed grants: offered, need_more, accepted, disbursed) and
    `total_disbursed_cents`.
    """

    total: int = 0
    submitted: int = 0
    info_needed: int = 0
    offered: int = 0
    need_more: int = 0
    accepted: int = 0
    rejected: int = 0
    declined: int = 0
    withdrawn: int = 0
    disbursed: int = 0
    waitlisted: int = 0
    expired: int = 0
    total_requested_cents: int = 0
    total_approved_cents: int = 0
    total_disbursed_cents: int = 0

    @classmethod
    def from_model(cls, item: GrantStatsItem | None) -> GrantStats:
        """From the stored item (None: no grant was ever written). Attributes a (projected)
        item lacks count as 0."""
        if item is None:
            return cls()
        return cls(**{name: int(getattr(item, name) or 0) for name in STATS_KEYS})

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any] | None) -> GrantStats:
        """From the stored item in low-level format (None or {}: no grant was ever written)."""
        return cls.from_model(GrantStatsItem.from_raw_data(dict(raw)) if raw else None)

    def count(self, status: str) -> int:
        """The number of grants in `status` (ValueError for a name that is not a status)."""
        if status not in STATUS_NAMES:
            raise ValueError(f"not a grant status: {status!r}")
        return int(getattr(self, status))

    def applied(self, deltas: Mapping[str, int]) -> GrantStats:
        """These counters after `deltas` (the keys `add_stats_update` takes); ValueError on an unknown key."""
        check_keys(deltas)
        return self._replace(**{key: getattr(self, key) + int(value) for key, value in deltas.items()})


def check_keys(deltas: Mapping[str, int]) -> None:
    """Counter deltas name counters of `GrantStats`, nothing else."""
    unknown = set(deltas) - set(STATS_KEYS)
    if unknown:
        raise ValueError(f"unknown stats keys: {sorted(unknown)}")

