"""Travel grant items: the grant, its messages and audit entries, and the conference's
grant stats. Every write that changes a grant is ONE TransactWriteItems request that also
updates the stats counters, so the reviewers' stats are O(1) to read and always agree
with the grants (see `add_stats_update`).

Layout (see keys.py): the grant lives at `GRANT#{conf}#{grant_id}` / `GRANT`, with its
messages (`MSG#{created}#{id}`), audit entries (`AUDIT#{created}#{id}`), receipts and
payment info in the same partition, so a status view or a reviewer detail is one Query.
GSI1 (`GRANTS#{conf}` / `{created}#{id}`) lists every grant of a conference by age (and
the stats item, after them) and GSI2 (`GRANTS#{conf}#{status}` / `{created}#{id}`) lists
them by status.

Reads return one shape per entity: `GrantRecord` (an immutable NamedTuple) for the grant,
`GrantMessage`, `AuditEntry` and `GrantStats` (store.grant_entries) for what hangs off it,
and `GrantPartition` for a partition Query (grant, messages, audit, raw receipts/payment);
services read attributes, never string keys. `GrantItem` and the `*Item` models of
grant_entries are the write side. Listing pages live in store.grant_list.

Integration points for the receipts/disbursement code (keep stable): `GrantItem`,
`GrantRecord`, `GrantPartition`, `query_partition`, `new_transaction`, `add_stats_update`,
`append_audit`, `grant_key`.

The stats item also lives in GSI1's grant list (keys.STATS_LIST_SK): `add_stats_update`
sets its GSI1 keys with every change, and store.grant_list reads it with the list's page 1.
"""

from __future__ import annotations

import collections
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..aws import client
from ..config import settings
from ..domain.grants import OFFERED, ready_for_disbursement, still_in
from ..domain.scoring import scorable
from . import table
from .base import GSI1, GSI2, BaseMeta, TableModel, now_iso
from .grant_entries import (
    STATS_KEYS,
    AuditEntry,
    GrantAuditItem,
    GrantMessage,
    GrantMessageItem,
    GrantStats,
    GrantStatsItem,
    NewMessage,
    check_keys,
)
from .grant_entries import STATUS_NAMES as STATUS_NAMES  # services name the statuses through this module
from .keys import (
    AUDIT_PREFIX,
    CONFLICT_PREFIX,
    GRANT_SK,
    MESSAGE_PREFIX,
    MESSAGES_DUE,
    PAYMENT_SK,
    RECEIPT_PREFIX,
    SCORE_PREFIX,
    STATS_LIST_SK,
    STATS_SK,
    after,
    audit_sk,
    by_age,
    conference_pk,
    due_sort,
    grant_list_pk,
    grant_pk,
    grant_status_pk,
    message_sk,
)
from .score_queue import dequeue, enqueue
from .transact import Cancelled, Transaction


def grant_key(conf: str, grant_id: str) -> tuple[str, str]:
    return grant_pk(conf, grant_id), GRANT_SK


list_pk, status_pk = grant_list_pk, grant_status_pk


class GrantsByAge(GlobalSecondaryIndex["GrantItem"]):
    class Meta:
        index_name = GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class GrantsByStatus(GlobalSecondaryIndex["GrantItem"]):
    class Meta:
        index_name = GSI2
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class GrantItem(TableModel):
    """One user's grant for one conference. Money is integer cents.

    `application` holds the applicant's form (money fields in cents). `version` grows by
    one on every change (reviewers' If-Match). `receipt_count` and the `disbursed_*`
    attributes are maintained by the receipts/disbursement code.
    """

    class Meta(BaseMeta):
        pass

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    #: The due index (sparse): set while the grant is an open offer with a deadline
    #: (store.deadlines), removed when it leaves `offered`.
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="grant")
    grant_id = UnicodeAttribute()
    conference_slug = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    user_email = UnicodeAttribute(default="")
    #: The identity provider had verified `user_email` when the applicant applied. Absent on
    #: grants from before it was recorded: not known to be verified, so treated as unverified.
    user_email_verified = BooleanAttribute(null=True)
    user_name = UnicodeAttribute(default="")
    #: The applicant's language (domain.locale), set when they apply and each time they act:
    #: every e-mail to them is written in it. Absent on older grants: the conference's default.
    locale = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    request_type = UnicodeAttribute()
    application = JSONAttribute(default=dict)
    requested_cents = NumberAttribute(default=0)
    approved_cents = NumberAttribute(null=True)
    promo_code = UnicodeAttribute(null=True)
    reviewer_notes = UnicodeAttribute(null=True)
    reviewed_by = UnicodeAttribute(null=True)
    reviewed_at = UnicodeAttribute(null=True)
    reviewed_by_name = UnicodeAttribute(null=True)  # the reviewer's name then (reviewed_by is their sub)
    #: Where and in which language the applicant's messages reach that reviewer (their
    #: verified address; none: the reviewers' daily digest carries them).
    reviewed_by_email = UnicodeAttribute(null=True)
    reviewed_by_locale = UnicodeAttribute(null=True)
    version = NumberAttribute(default=1)
    receipt_count = NumberAttribute(default=0)
    #: Readiness for disbursement, kept on the grant so the payers' list needs no read of
    #: each grant's partition: the number of its receipts in status approved (receipt
    #: decisions ADD to it in their transaction) and whether payment details exist (the
    #: payment write sets it in its transaction). `readiness_tracked` says both have been
    #: kept since the grant was created; grants from before it (None) are judged from
    #: their partition instead (services.grant_review.list_ready).
    approved_receipts = NumberAttribute(null=True, default_for_new=0)
    has_payment_info = BooleanAttribute(null=True, default_for_new=False)
    readiness_tracked = BooleanAttribute(null=True, default_for_new=True)
    disbursed_cents = NumberAttribute(null=True)
    disbursed_at = UnicodeAttribute(null=True)
    disbursed_by = UnicodeAttribute(null=True)
    disbursed_by_name = UnicodeAttribute(null=True)
    #: The reviewers' open question while the grant is info_needed (its e-mail quotes it).
    info_question = UnicodeAttribute(null=True)
    #: How many messages the grant holds and their size as answered (JSON-escaped bytes):
    #: free messages are refused past MAX_MESSAGES_PER_GRANT / MAX_MESSAGE_BYTES.
    message_count = NumberAttribute(null=True)
    message_bytes = NumberAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    #: Scoring (store.scores writes these, in the score's transaction): how many reviewers
    #: scored it and the sum of their scores, `scoring` = {"scores": {reviewer key: score},
    #: "conflicts": [reviewer keys]}, and `score_version`, which guards them (it grows with
    #: every score or conflict write, never with a review, so reviewers' If-Match is unaffected).
    score_count = NumberAttribute(null=True)
    score_sum = NumberAttribute(null=True)
    scoring = JSONAttribute(null=True)
    score_version = NumberAttribute(null=True)
    #: The conference ticket (a pretix voucher, store.tickets writes these without touching
    #: `version`: the ticket follows the grant, reviewers' If-Match is not about it).
    #: `ticket_status` is set to pending by the accept itself when the conference has pretix.
    ticket_status = UnicodeAttribute(null=True)
    ticket_code = UnicodeAttribute(null=True)
    ticket_voucher_id = NumberAttribute(null=True)
    ticket_shop_url = UnicodeAttribute(null=True)
    ticket_error = UnicodeAttribute(null=True)
    ticket_attempts = NumberAttribute(null=True)
    ticket_retry_at = UnicodeAttribute(null=True)
    #: The offer's deadline (domain.deadlines: stored UTC form; None: no deadline) and when its
    #: reminder went out (once per offer).
    respond_by = UnicodeAttribute(null=True)
    reminder_sent_at = UnicodeAttribute(null=True)

    by_age = GrantsByAge()
    by_status = GrantsByStatus()


#: The default `application` of a list row (projected Query): shared, so read-only.
NO_APPLICATION: Mapping[str, Any] = MappingProxyType({})


#: GrantItem attributes no read hands to services: the keys and index keys (store.keys builds
#: them), the entity tag, and the message-limit counters (only the message write's condition
#: reads them). Every other attribute is a field of GrantRecord.
WRITE_SIDE_ONLY = frozenset({"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "entity",
                             "message_count", "message_bytes"})


def _same(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    return value or ""


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _optional_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _mapping(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value or {})


def _count(default: int) -> Callable[[Any], int]:
    return lambda value: int(value or default)


#: Attributes read otherwise than their type says: absent timestamps stay None (a projected
#: list row), an unknown verification counts as unverified, absent scoring and ticket-attempt
#: counters are 0.
_READ_AS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "created_at": (None, _same), "updated_at": (None, _same), "user_email_verified": (False, bool),
    "score_count": (0, _count(0)), "score_sum": (0, _count(0)), "score_version": (0, _count(0)),
    "ticket_attempts": (0, _count(0)),
}


def _read_as(name: str, attribute: Any) -> tuple[Any, Callable[[Any], Any]]:
    """(the value when the item lacks it, how a stored value becomes the record's) for one attribute."""
    if name in _READ_AS:
        return _READ_AS[name]
    if isinstance(attribute, JSONAttribute):
        return NO_APPLICATION, _mapping
    if isinstance(attribute, NumberAttribute):
        return (None, _optional_int) if attribute.null else (attribute.default or 0, _count(attribute.default or 0))
    if isinstance(attribute, BooleanAttribute):
        return None, _optional_bool
    return (None, _same) if attribute.null else ("", _text)


#: Every field of a record (grant_id and status first: every record names them) and how it is read.
_FIELDS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    name: _read_as(name, attribute)
    for name, attribute in sorted(GrantItem.get_attributes().items(),
                                  key=lambda pair: pair[0] not in ("grant_id", "status"))
    if name not in WRITE_SIDE_ONLY
}
_REQUIRED = ("grant_id", "status")
_RecordFields = collections.namedtuple(  # type: ignore[misc]
    "_RecordFields", list(_FIELDS), defaults=[default for name, (default, _) in _FIELDS.items()
                                              if name not in _REQUIRED])


class GrantRecord(_RecordFields):
    """A grant as every store read returns it: the one shape services use (by attribute).

    Its fields are GrantItem's attributes (but WRITE_SIDE_ONLY), generated from the model: an
    attribute added to GrantItem is read by every read path with no other change. Built by
    PynamoDB's own decoding (`GrantItem.from_raw_data`), so the raw-client reads (partition
    Query, list Query, GetItem) and the model reads agree. Money is integer cents;
    `application` is the applicant's form (money in cents). A list row (projected Query)
    leaves the attributes it does not read at their defaults (`_read_as`).
    """

    __slots__ = ()

    @property
    def contact_email(self) -> str:
        """Where the applicant's e-mails go: the address only when it was verified."""
        return self.user_email if self.user_email_verified else ""

    @property
    def known_ready(self) -> bool | None:
        """Ready for disbursement by the facts kept on the grant (accepted, payment details,
        an approved receipt); None when this grant predates them (read its partition)."""
        if not self.readiness_tracked:
            return None
        return ready_for_disbursement(self.status, bool(self.has_payment_info), self.approved_receipts or 0)

    @classmethod
    def from_model(cls, item: GrantItem) -> GrantRecord:
        return cls._coerced({name: getattr(item, name) for name in cls._fields})

    @classmethod
    def from_plain(cls, image: Mapping[str, Any]) -> GrantRecord:
        """From a plain-Python image (a stream record's NewImage: numbers as Decimal, the
        application still its stored JSON string); attributes it lacks take their defaults."""
        values = {name: image.get(name) for name in cls._fields}
        if isinstance(values["application"], str):
            values["application"] = json.loads(values["application"])
        return cls._coerced(values)

    @classmethod
    def _coerced(cls, values: dict[str, Any]) -> GrantRecord:
        """Integers for counters and cents, "" for absent text, {} for no application (see `_read_as`)."""
        return cls(**{name: read(values.get(name)) for name, (_, read) in _FIELDS.items()})

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> GrantRecord:
        """From a low-level DynamoDB item (`{"status": {"S": ...}, ...}`)."""
        return cls.from_model(GrantItem.from_raw_data(dict(raw)))

    def after_write(self, changes: Mapping[str, Any], now: str) -> GrantRecord:
        """The grant as a successful guarded `update(changes)` left it (version + 1, updated_at)."""
        kept = {name: value for name, value in changes.items() if name in self._fields}  # index keys are not read
        return self._replace(**kept, version=self.version + 1, updated_at=now)


#: Free messages (applicant's and reviewers') per grant, and the bytes all messages may take in
#: a grant's answer: with the application and the audit trail, an answer stays under 1 MiB
#: (Lambda's response limit is 6 MB).
MAX_MESSAGES_PER_GRANT = 200
MAX_MESSAGE_BYTES = 768 * 1024
#: A message's fields other than its text (id, author, name, time), as answered.
MESSAGE_OVERHEAD_BYTES = 200
#: The audit trail's share of a reviewer's answer: the newest entries that fit (every
#: decrypted read adds one, so a trail grows without bound); the answer says how many
#: older ones it leaves out. Each text value of an entry's details is cut to
#: MAX_AUDIT_TEXT characters there (the stored entry keeps it whole).
MAX_AUDIT_BYTES = 128 * 1024
MAX_AUDIT_TEXT = 500


def message_size(text: str) -> int:
    """What a message adds to a grant's answer: its text JSON-escaped, plus its other fields."""
    return len(json.dumps(text)) + MESSAGE_OVERHEAD_BYTES


class TooManyMessages(Exception):
    """The grant holds as many messages (or message bytes) as it may."""


class GrantExists(Exception):
    """The user already has a grant for this conference."""


class WriteRefused(Exception):
    """A condition of a grant transaction failed (status or version moved, or no grant).
    `failed` names the transaction items whose condition failed (when known)."""

    def __init__(self, failed: Iterable[str] = ()) -> None:
        self.failed = frozenset(failed)
        super().__init__(", ".join(sorted(self.failed)) or "refused")


def new_transaction() -> Transaction:
    """A grant write: one TransactWriteItems with its own idempotency token (see store.transact)."""
    return Transaction()


def add_stats_update(transaction: Transaction, conf: str, deltas: Mapping[str, int], condition: Any = None) -> None:
    """Add the conference's stats counter changes to `transaction` (one ADD per key), as item "stats".

    Keys are the counters of `GrantStats`: "total" (number of grants), one per status
    (domain.grants.GrantStatus: grants currently in that status), and money in integer
    cents: "total_requested_cents" (requested amounts of every grant),
    "total_approved_cents" (approved amounts of committed grants,
    domain.grants.COMMITTED_STATUSES), "total_disbursed_cents". A status change is a -1 on the old
    status and +1 on the new. Unknown keys raise ValueError; zero deltas are skipped; no-op
    when nothing changes.

    Every update also SETs the item's GSI1 keys (the conference's grant list, after every
    grant), so the item is listed from its first write and an item written before it had
    them gets them at the next grant write (store.grant_list reads it with page 1).

    `condition` (on GrantStatsItem, e.g. domain.budget.within_budget_condition) guards the
    counters as they were before this change.
    """
    check_keys(deltas)
    actions = [getattr(GrantStatsItem, key).add(int(value)) for key, value in deltas.items() if int(value)]
    if actions:
        actions += [GrantStatsItem.entity.set("grant_stats"), GrantStatsItem.gsi1pk.set(list_pk(conf)),
                    GrantStatsItem.gsi1sk.set(STATS_LIST_SK)]
        stats_item = GrantStatsItem(conference_pk(conf), STATS_SK)
        if condition is None:
            transaction.update("stats", stats_item, actions)
        else:
            transaction.update("stats", stats_item, actions, condition)


def new_stats_item(conf: str, stats: GrantStats) -> GrantStatsItem:
    """The stats item holding `stats`, keys included (for bulk seeding; the app only ADDs)."""
    counters = {key: getattr(stats, key) for key in STATS_KEYS}
    return GrantStatsItem(conference_pk(conf), STATS_SK, gsi1pk=list_pk(conf), gsi1sk=STATS_LIST_SK, **counters)


def append_audit(transaction: Transaction, conf: str, grant_id: str, actor_sub: str, action: str,
                 details: Mapping[str, Any], actor_name: str | None = None) -> None:
    """Add an audit entry (who did what, when, with which values) to `transaction`, as item "audit".
    `actor_name` is the name the actor had then, so the trail reads "by Rita" not an account id."""
    created = now_iso()
    entry_id = uuid.uuid4().hex[:12]
    transaction.put("audit", GrantAuditItem(
        grant_pk(conf, grant_id), audit_sk(created, entry_id), id=entry_id, actor_sub=actor_sub,
        actor_name=actor_name or None, action=action, details=dict(details), created_at=created,
    ))


def add_message(transaction: Transaction, conf: str, grant_id: str, message: NewMessage,
                notify: bool = False) -> GrantMessage:
    """Add a message to `transaction` (item "message:{id}"); returns it as the partition query will.
    `notify`: e-mail it to the other side (a visible message written on its own)."""
    created = now_iso()
    message_id = uuid.uuid4().hex[:12]
    item = GrantMessageItem(grant_pk(conf, grant_id), message_sk(created, message_id), id=message_id,
                            author=message.author, author_sub=message.author_sub, author_name=message.author_name,
                            message=message.message, visible=message.visible, created_at=created,
                            notify=True if notify and message.visible else None)
    if item.notify and message.author == "applicant":  # until a reviewer is told (store.message_digest)
        item.gsi3pk, item.gsi3sk = MESSAGES_DUE, due_sort(created, conf, f"{grant_id}#{message_id}")
    transaction.put(f"message:{message_id}", item)
    return GrantMessage.from_model(item)


def commit(transaction: Transaction, refused: type[Exception] = WriteRefused) -> None:
    """Commit; a failed condition raises `refused` (conflicts and throttles are retried by the client)."""
    try:
        transaction.commit()
    except Cancelled:
        raise refused() from None


def new_grant_item(conf: str, grant_id: str, values: Mapping[str, Any]) -> GrantItem:
    created = now_iso()
    sort = by_age(created, grant_id)
    return GrantItem(
        grant_pk(conf, grant_id), GRANT_SK, gsi1pk=list_pk(conf), gsi1sk=sort,
        gsi2pk=status_pk(conf, values["status"]), gsi2sk=sort, grant_id=grant_id, conference_slug=conf,
        created_at=created, updated_at=created, version=1, receipt_count=0, **values,
    )


def create(item: GrantItem, deltas: Mapping[str, int], message: dict[str, Any] | None = None) -> None:
    """Put a new grant (only if none exists for this key) and count it, in one request."""
    tx = new_transaction()
    tx.put("grant", item, condition=GrantItem.pk.does_not_exist())
    add_stats_update(tx, item.conference_slug, deltas)
    if scorable(item.status):
        enqueue(tx, item.conference_slug, item.grant_id, item.user_sub)
    append_audit(tx, item.conference_slug, item.grant_id, item.user_sub, "apply",
                 {"status": item.status, "requested_cents": item.requested_cents}, actor_name=item.user_name)
    commit(tx, GrantExists)


def update(conf: str, grant_id: str, *, expected_status: str | set[str] | frozenset[str], expected_version: int | None,
           changes: Mapping[str, Any], deltas: Mapping[str, int], actor_sub: str, audit_action: str,
           audit_details: Mapping[str, Any], messages: Sequence[NewMessage] = (),
           now: str | None = None, actor_name: str | None = None, condition: Any = None,
           checks: Callable[[Transaction], None] | None = None, stats_condition: Any = None) -> list[GrantMessage]:
    """Change a grant, guarded by its status (and version), with stats, audit and messages: one request.

    `changes` maps GrantItem attribute names to values (None removes). The version grows
    by one and `updated_at` is set; a new status also moves the grant in GSI2. `messages`
    are written with it; the stored messages are returned. `condition` (on GrantItem)
    guards the grant further; `checks` adds condition checks on other items to the same
    transaction; `stats_condition` guards the stats item (the budget: "stats" fails). A status
    other than `offered` takes the grant out of the due index. Raises WriteRefused (naming the
    items that failed) when a guard fails.
    """
    now = now or now_iso()
    tx = new_transaction()
    actions = [GrantItem.version.add(1), GrantItem.updated_at.set(now)]
    if messages:  # counted, not limited: they come with a status change the state machine bounds
        actions += [GrantItem.message_count.add(len(messages)),
                    GrantItem.message_bytes.add(sum(message_size(m.message) for m in messages))]
    for name, value in changes.items():
        attribute = getattr(GrantItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if "status" in changes:
        actions.append(GrantItem.gsi2pk.set(status_pk(conf, changes["status"])))
        if not scorable(changes["status"]):
            dequeue(tx, conf, grant_id)  # decided: no longer served to score (see store.score_queue)
        if changes["status"] != OFFERED and "gsi3pk" not in changes:
            actions += [GrantItem.gsi3pk.remove(), GrantItem.gsi3sk.remove()]  # no longer waits for a deadline
    guard = still_in(GrantItem, expected_status)
    if expected_version is not None:
        guard &= GrantItem.version == expected_version
    if condition is not None:
        guard &= condition
    tx.update("grant", GrantItem(*grant_key(conf, grant_id)), actions, guard)
    add_stats_update(tx, conf, deltas, stats_condition)
    append_audit(tx, conf, grant_id, actor_sub, audit_action, audit_details, actor_name)
    stored = [add_message(tx, conf, grant_id, message) for message in messages]
    if checks is not None:
        checks(tx)
    try:
        tx.commit()
    except Cancelled as exc:
        raise WriteRefused(name for name in tx.names if exc.failed(name)) from None
    return stored


def put_message(conf: str, grant_id: str, message: NewMessage, *, guard_exists: bool = True,
                locale: str | None = None) -> GrantMessage:
    """Add one message to an existing grant, in one request: the grant must exist and have
    room (fewer than MAX_MESSAGES_PER_GRANT messages, their bytes within MAX_MESSAGE_BYTES).
    The message is e-mailed to the other side (a visible one). `locale`: the applicant's
    language, kept on the grant by the same write. Raises WriteRefused (no grant) or TooManyMessages."""
    size = message_size(message.message)
    if size > MAX_MESSAGE_BYTES:
        raise TooManyMessages()
    tx = new_transaction()
    room = ((GrantItem.message_count.does_not_exist() | (GrantItem.message_count < MAX_MESSAGES_PER_GRANT))
            & (GrantItem.message_bytes.does_not_exist() | (GrantItem.message_bytes <= MAX_MESSAGE_BYTES - size)))
    condition = GrantItem.pk.exists() & room  # an update must never create a grant (guard_exists is kept for callers)
    actions = [GrantItem.message_count.add(1), GrantItem.message_bytes.add(size)]
    if locale:
        actions.append(GrantItem.locale.set(locale))
    tx.update("grant", GrantItem(*grant_key(conf, grant_id)), actions, condition, return_old=True)
    stored = add_message(tx, conf, grant_id, message, notify=True)
    try:
        tx.commit()
    except Cancelled as exc:
        if exc.old("grant", GrantItem) is not None:
            raise TooManyMessages() from exc
        raise WriteRefused() from exc
    return stored


# -- reads (low-level client: a partition holds several entity types) --------------------

@dataclass
class GrantPartition:
    """A grant's partition as one Query returned it, sorted by entity.

    `grant` is the typed record (None when there is no grant); messages and audit entries
    are typed too, in sort-key order (oldest first); receipts and the payment record stay
    raw DynamoDB items for the receipts area to decode (store.receipts.receipt_from_raw),
    so this module does not depend on it.
    """

    grant: GrantRecord | None = None
    messages: list[GrantMessage] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    payment: dict[str, Any] | None = None
    #: Reviewers' scores and declared conflicts, raw (store.scores decodes them).
    scores: list[dict[str, Any]] = field(default_factory=list)

    def add(self, raw: Mapping[str, Any]) -> None:
        """Sort one raw item of the partition into its place (items arrive in sort-key order)."""
        sk = raw.get("sk", {}).get("S", "")
        if sk == GRANT_SK:
            self.grant = GrantRecord.from_raw(raw)
        elif sk.startswith(MESSAGE_PREFIX):
            self.messages.append(GrantMessage.from_raw(raw))
        elif sk.startswith(AUDIT_PREFIX):
            self.audit.append(AuditEntry.from_raw(raw))
        elif sk.startswith(RECEIPT_PREFIX):
            self.receipts.append(dict(raw))
        elif sk == PAYMENT_SK:
            self.payment = dict(raw)
        elif sk.startswith((SCORE_PREFIX, CONFLICT_PREFIX)):
            self.scores.append(dict(raw))


def query_partition(params: dict[str, Any]) -> GrantPartition:
    """Run a Query over one grant partition (every page) and sort its items."""
    part = GrantPartition()
    while True:
        page = client("dynamodb").query(**params)
        for raw in page.get("Items", []):
            part.add(raw)
        if "LastEvaluatedKey" not in page:
            return part
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def read_partition(conf: str, grant_id: str, *, grant_and_messages_only: bool = False) -> GrantPartition:
    """Every item of a grant's partition, in one Query.

    With `grant_and_messages_only` the key condition reads just `GRANT` and `MSG#…`
    (sk BETWEEN "GRANT" AND "MSG$", see keys.after).
    """
    params: dict[str, Any] = {
        "TableName": settings().table_name,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": grant_pk(conf, grant_id)}},
    }
    if grant_and_messages_only:
        params["KeyConditionExpression"] += " AND sk BETWEEN :lo AND :hi"
        params["ExpressionAttributeValues"].update({":lo": {"S": GRANT_SK}, ":hi": {"S": after(MESSAGE_PREFIX)}})
    return query_partition(params)


def read_stats(conf: str) -> GrantStats:
    """The conference's counters (zeros when no grant was ever written): one GetItem."""
    return GrantStats.from_model(table.get(GrantStatsItem, conference_pk(conf), STATS_SK))


_GRANT_ID = re.compile(r"^[a-z2-7]{24}$")


def valid_grant_id(grant_id: str) -> bool:
    """Ids come from keys.grant_id_for: 24 lowercase base32 characters."""
    return bool(_GRANT_ID.match(grant_id))


def get_grant_item(conf: str, grant_id: str, *, consistent: bool = True) -> GrantRecord | None:
    """The grant item alone (one GetItem)."""
    item = table.get(GrantItem, *grant_key(conf, grant_id), consistent=consistent)
    return GrantRecord.from_model(item) if item else None


def audit_existing(conf: str, grant_id: str, actor_sub: str, action: str, details: Mapping[str, Any],
                   actor_name: str | None = None) -> None:
    """Append an audit entry to a grant that exists (1 request); WriteRefused when there is no grant."""
    tx = new_transaction()
    tx.check("grant", GrantItem, *grant_key(conf, grant_id), GrantItem.pk.exists())
    append_audit(tx, conf, grant_id, actor_sub, action, details, actor_name)
    commit(tx)
