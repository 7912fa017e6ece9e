"""Travel grant items: the grant, its messages and audit entries, and the conference's
grant stats. Every write that changes a grant is ONE TransactWriteItems request that also
updates the stats counters, so the reviewers' stats are O(1) to read and always agree
with the grants (see `add_stats_update`).

Layout (see keys.py): the grant lives at `GRANT#{conf}#{grant_id}` / `GRANT`, with its
messages (`MSG#{created}#{id}`), audit entries (`AUDIT#{created}#{id}`), receipts and
payment info in the same partition, so a status view or a reviewer detail is one Query.
GSI1 (`GRANTS#{conf}` / `{created}#{id}`) lists every grant of a conference by age and
GSI2 (`GRANTS#{conf}#{status}` / `{created}#{id}`) lists them by status.

Reads return one shape: `GrantRecord` (a frozen dataclass) for the grant, and
`GrantPartition` for a partition Query (grant, messages, audit, raw receipts/payment);
services read attributes, never string keys. `GrantItem` is the write-side model.

Integration points for the receipts/disbursement code (keep stable): `GrantItem`,
`GrantRecord`, `GrantPartition`, `query_partition`, `new_transaction`, `add_stats_update`,
`append_audit`, `grant_key`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from ..aws import client
from ..config import settings
from . import table
from .base import GSI1, GSI2, BaseMeta, TableModel, now_iso
from .keys import (
    AUDIT_PREFIX,
    GRANT_SK,
    MESSAGE_PREFIX,
    META_SK,
    PAYMENT_SK,
    RECEIPT_PREFIX,
    STATS_SK,
    after,
    audit_sk,
    by_age,
    conference_pk,
    grant_list_pk,
    grant_pk,
    grant_status_pk,
    message_sk,
)
from .transact import Cancelled, Transaction
from .wire import item_to_python

STATUS_NAMES = ("submitted", "info_needed", "offered", "need_more", "accepted", "rejected", "declined",
                "withdrawn", "disbursed")
MONEY_COUNTERS = ("total_requested_cents", "total_approved_cents", "total_disbursed_cents")
STATS_KEYS = ("total", *STATUS_NAMES, *MONEY_COUNTERS)

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
    entity = UnicodeAttribute(default="grant")
    grant_id = UnicodeAttribute()
    conference_slug = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    user_email = UnicodeAttribute(default="")
    user_name = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    request_type = UnicodeAttribute()
    application = JSONAttribute(default=dict)
    requested_cents = NumberAttribute(default=0)
    approved_cents = NumberAttribute(null=True)
    promo_code = UnicodeAttribute(null=True)
    reviewer_notes = UnicodeAttribute(null=True)
    reviewed_by = UnicodeAttribute(null=True)
    reviewed_at = UnicodeAttribute(null=True)
    version = NumberAttribute(default=1)
    receipt_count = NumberAttribute(default=0)
    disbursed_cents = NumberAttribute(null=True)
    disbursed_at = UnicodeAttribute(null=True)
    disbursed_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_age = GrantsByAge()
    by_status = GrantsByStatus()


@dataclass(frozen=True)
class GrantRecord:
    """A grant as every store read returns it: the one shape services use (by attribute).

    Built from the stored item by PynamoDB's own decoding (`GrantItem.from_raw_data`), so
    the raw-client reads (partition Query, list Query, GetItem) and the model reads agree.
    Money is integer cents; `application` is the applicant's form (money in cents).
    A list row (projected Query) leaves the attributes it does not read at their defaults.
    """

    grant_id: str
    status: str
    request_type: str = ""
    conference_slug: str = ""
    user_sub: str = ""
    user_email: str = ""
    user_name: str = ""
    application: Mapping[str, Any] = field(default_factory=dict)
    requested_cents: int = 0
    approved_cents: int | None = None
    promo_code: str | None = None
    reviewer_notes: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    version: int = 1
    receipt_count: int = 0
    disbursed_cents: int | None = None
    disbursed_at: str | None = None
    disbursed_by: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @classmethod
    def from_model(cls, item: GrantItem) -> GrantRecord:
        return cls._coerced({f.name: getattr(item, f.name) for f in fields(cls)})

    @classmethod
    def from_plain(cls, image: Mapping[str, Any]) -> GrantRecord:
        """From a plain-Python image (a stream record's NewImage: numbers as Decimal, the
        application still its stored JSON string); attributes it lacks take their defaults."""
        values = {f.name: image.get(f.name) for f in fields(cls)}
        if isinstance(values["application"], str):
            values["application"] = json.loads(values["application"])
        return cls._coerced(values)

    @classmethod
    def _coerced(cls, values: dict[str, Any]) -> GrantRecord:
        """Integers for counters and cents, "" for absent text, {} for no application."""
        for name in ("requested_cents", "receipt_count"):
            values[name] = int(values[name] or 0)
        for name in ("approved_cents", "disbursed_cents"):
            values[name] = None if values[name] is None else int(values[name])
        for name in ("request_type", "conference_slug", "user_sub", "user_email", "user_name"):
            values[name] = values[name] or ""
        values["version"] = int(values["version"] or 1)
        values["application"] = dict(values["application"] or {})
        return cls(**values)

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> GrantRecord:
        """From a low-level DynamoDB item (`{"status": {"S": ...}, ...}`)."""
        return cls.from_model(GrantItem.from_raw_data(dict(raw)))

    def after_write(self, changes: Mapping[str, Any], now: str) -> GrantRecord:
        """The grant as a successful guarded `update(changes)` left it (version + 1, updated_at)."""
        return replace(self, **changes, version=self.version + 1, updated_at=now)


class GrantMessage(TableModel):
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


class GrantAudit(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="grant_audit")
    id = UnicodeAttribute()
    actor_sub = UnicodeAttribute()
    action = UnicodeAttribute()
    details = JSONAttribute(default=dict)
    created_at = UnicodeAttribute()


class GrantStats(TableModel):
    """Counters for a conference's grants; created by the first ADD."""

    class Meta(BaseMeta):
        pass

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
    total_requested_cents = NumberAttribute(default=0)
    total_approved_cents = NumberAttribute(default=0)
    total_disbursed_cents = NumberAttribute(default=0)


class GrantExists(Exception):
    """The user already has a grant for this conference."""


class WriteRefused(Exception):
    """A condition of a grant transaction failed (status or version moved, or no grant)."""


def new_transaction() -> Transaction:
    """A grant write: one TransactWriteItems with its own idempotency token (see store.transact)."""
    return Transaction()


def add_stats_update(transaction: Transaction, conf: str, deltas: Mapping[str, int]) -> None:
    """Add the conference's stats counter changes to `transaction` (one ADD per key), as item "stats".

    Keys: "total" (number of grants), one per status ("submitted", "info_needed",
    "offered", "need_more", "accepted", "rejected", "declined", "withdrawn",
    "disbursed": grants currently in that status), and money in integer cents:
    "total_requested_cents" (requested amounts of every grant), "total_approved_cents"
    (approved amounts of grants in offered/need_more/accepted/disbursed, i.e. committed),
    "total_disbursed_cents". A status change is a -1 on the old status and +1 on the new.
    Unknown keys raise ValueError; zero deltas are skipped; no-op when nothing changes.
    """
    unknown = set(deltas) - set(STATS_KEYS)
    if unknown:
        raise ValueError(f"unknown stats keys: {sorted(unknown)}")
    actions = [getattr(GrantStats, key).add(int(value)) for key, value in deltas.items() if int(value)]
    if actions:
        actions.append(GrantStats.entity.set("grant_stats"))
        transaction.update("stats", GrantStats(conference_pk(conf), STATS_SK), actions)


def append_audit(transaction: Transaction, conf: str, grant_id: str, actor_sub: str, action: str,
                 details: Mapping[str, Any]) -> None:
    """Add an audit entry (who did what, when, with which values) to `transaction`, as item "audit"."""
    created = now_iso()
    entry_id = uuid.uuid4().hex[:12]
    transaction.put("audit", GrantAudit(
        grant_pk(conf, grant_id), audit_sk(created, entry_id), id=entry_id, actor_sub=actor_sub,
        action=action, details=dict(details), created_at=created,
    ))


def add_message(transaction: Transaction, conf: str, grant_id: str, *, author: str, author_sub: str,
                author_name: str, message: str, visible: bool = True) -> dict[str, Any]:
    """Add a message to `transaction` (item "message:{id}"); returns it as the partition query would."""
    created = now_iso()
    message_id = uuid.uuid4().hex[:12]
    item = GrantMessage(grant_pk(conf, grant_id), message_sk(created, message_id), id=message_id, author=author,
                        author_sub=author_sub, author_name=author_name, message=message, visible=visible,
                        created_at=created)
    transaction.put(f"message:{message_id}", item)
    return {"entity": "grant_message", "sk": item.sk, "id": message_id, "author": author, "author_sub": author_sub,
            "author_name": author_name, "message": message, "visible": visible, "created_at": created}


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
    append_audit(tx, item.conference_slug, item.grant_id, item.user_sub, "apply",
                 {"status": item.status, "requested_cents": item.requested_cents})
    commit(tx, GrantExists)


def update(conf: str, grant_id: str, *, expected_status: str | set[str] | frozenset[str], expected_version: int | None,
           changes: Mapping[str, Any], deltas: Mapping[str, int], actor_sub: str, audit_action: str,
           audit_details: Mapping[str, Any], messages: list[dict[str, Any]] = (),
           now: str | None = None) -> list[dict[str, Any]]:
    """Change a grant, guarded by its status (and version), with stats, audit and messages: one request.

    `changes` maps GrantItem attribute names to values (None removes). The version grows
    by one and `updated_at` is set; a new status also moves the grant in GSI2. `messages`
    are `add_message` keyword dicts; the stored messages are returned. Raises WriteRefused
    when a guard fails.
    """
    now = now or now_iso()
    tx = new_transaction()
    actions = [GrantItem.version.add(1), GrantItem.updated_at.set(now)]
    for name, value in changes.items():
        attribute = getattr(GrantItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if "status" in changes:
        actions.append(GrantItem.gsi2pk.set(status_pk(conf, changes["status"])))
    statuses = {expected_status} if isinstance(expected_status, str) else set(expected_status)
    condition = GrantItem.status.is_in(*sorted(statuses))
    if expected_version is not None:
        condition &= GrantItem.version == expected_version
    tx.update("grant", GrantItem(*grant_key(conf, grant_id)), actions, condition)
    add_stats_update(tx, conf, deltas)
    append_audit(tx, conf, grant_id, actor_sub, audit_action, audit_details)
    stored = [add_message(tx, conf, grant_id, **message) for message in messages]
    commit(tx)
    return stored


def put_message(conf: str, grant_id: str, message: dict[str, Any], *, guard_exists: bool = True) -> dict[str, Any]:
    """Add one message to an existing grant, in one request (condition: the grant exists)."""
    tx = new_transaction()
    if guard_exists:
        tx.check("grant", GrantItem, grant_pk(conf, grant_id), GRANT_SK, GrantItem.pk.exists())
    stored = add_message(tx, conf, grant_id, **message)
    commit(tx)
    return stored


# -- reads (low-level client: a partition holds several entity types) --------------------

#: JSONAttribute values are stored as JSON strings; plain reads decode them.
_JSON_FIELDS = ("application", "details")


def _plain(item: Mapping[str, Any]) -> dict[str, Any]:
    plain = item_to_python(item)
    for name in _JSON_FIELDS:
        if isinstance(plain.get(name), str):
            plain[name] = json.loads(plain[name])
    return plain


@dataclass
class GrantPartition:
    """A grant's partition as one Query returned it, sorted by entity.

    `grant` is the typed record (None when there is no grant); messages and audit entries
    are plain dicts in sort-key order; receipts and the payment record stay raw DynamoDB
    items for the receipts area to decode (store.receipts.receipt_from_raw), so this module
    does not depend on it.
    """

    grant: GrantRecord | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    payment: dict[str, Any] | None = None

    def add(self, raw: Mapping[str, Any]) -> None:
        """Sort one raw item of the partition into its place (items arrive in sort-key order)."""
        sk = raw.get("sk", {}).get("S", "")
        if sk == GRANT_SK:
            self.grant = GrantRecord.from_raw(raw)
        elif sk.startswith(MESSAGE_PREFIX):
            self.messages.append(_plain(raw))
        elif sk.startswith(AUDIT_PREFIX):
            self.audit.append(_plain(raw))
        elif sk.startswith(RECEIPT_PREFIX):
            self.receipts.append(dict(raw))
        elif sk == PAYMENT_SK:
            self.payment = dict(raw)


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


def _counters(item: Mapping[str, Any] | None) -> dict[str, int]:
    plain = _plain(item or {})
    return {key: int(plain.get(key, 0)) for key in STATS_KEYS}


def read_conference_and_stats(conf: str) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """The conference item and the grant counters in ONE BatchGetItem (the reviewer list)."""
    found = table.batch_get([(conference_pk(conf), META_SK), (conference_pk(conf), STATS_SK)])
    meta = found.get((conference_pk(conf), META_SK))
    return (_plain(meta) if meta else None), _counters(found.get((conference_pk(conf), STATS_SK)))


def read_stats(conf: str) -> dict[str, int]:
    """The conference's counters (zeros when no grant was ever written)."""
    response = client("dynamodb").get_item(
        TableName=settings().table_name, Key={"pk": {"S": conference_pk(conf)}, "sk": {"S": STATS_SK}},
    )
    return _counters(response.get("Item"))


class BadPageToken(ValueError):
    pass


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_GRANT_ID = re.compile(r"^[a-z2-7]{24}$")


def valid_grant_id(grant_id: str) -> bool:
    """Ids come from keys.grant_id_for: 24 lowercase base32 characters."""
    return bool(_GRANT_ID.match(grant_id))


def encode_token(key: Mapping[str, Any]) -> str:
    plain = {name: value["S"] for name, value in key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str, index: str, partition: str, conf: str) -> dict[str, Any]:
    """Turn a next_token back into an ExclusiveStartKey, refusing anything we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadPageToken() from None
    expected = {"pk", "sk", f"{index}pk", f"{index}sk"}
    if not isinstance(data, dict) or set(data) != expected or not all(isinstance(v, str) for v in data.values()):
        raise BadPageToken()
    # Only keys of real grant items of this listing: GRANT#{conf}#{id} / GRANT, {created}#{id}.
    grant_id = data["pk"][len(grant_pk(conf, "")):]
    created, _, sort_id = data[f"{index}sk"].rpartition("#")
    if (data[f"{index}pk"] != partition or data["pk"] != grant_pk(conf, grant_id) or data["sk"] != GRANT_SK
            or not valid_grant_id(grant_id) or sort_id != grant_id or not _TIMESTAMP.match(created)):
        raise BadPageToken()
    return {name: {"S": value} for name, value in data.items()}


#: Attributes a reviewer-list row needs (see services.grant_review.list_item).
LIST_ATTRIBUTES = ("grant_id", "user_sub", "user_email", "user_name", "status", "request_type", "application",
                   "requested_cents", "approved_cents", "receipt_count", "created_at", "updated_at")


def list_page(conf: str, status: str | None, limit: int, token: str | None,
              newest_first: bool = True) -> tuple[list[GrantRecord], str | None]:
    """One page of a conference's grants (all, or one status) from one Query on GSI1/GSI2."""
    index, partition = (GSI2, status_pk(conf, status)) if status else (GSI1, list_pk(conf))
    params: dict[str, Any] = {
        "TableName": settings().table_name,
        "IndexName": index,
        "KeyConditionExpression": f"{index}pk = :p",
        "ExpressionAttributeValues": {":p": {"S": partition}},
        "Limit": limit,
        "ScanIndexForward": not newest_first,
        # Only what a list row shows: smaller responses (the notes and keys stay behind).
        "ProjectionExpression": ", ".join(f"#{n}" for n in LIST_ATTRIBUTES),
        "ExpressionAttributeNames": {f"#{n}": n for n in LIST_ATTRIBUTES},
    }
    if token:
        params["ExclusiveStartKey"] = decode_token(token, index, partition, conf)
    page = client("dynamodb").query(**params)
    last = page.get("LastEvaluatedKey")
    return [GrantRecord.from_raw(item) for item in page.get("Items", [])], encode_token(last) if last else None


def get_grant_item(conf: str, grant_id: str, *, consistent: bool = True) -> GrantRecord | None:
    """The grant item alone (one GetItem)."""
    pk, sk = grant_key(conf, grant_id)
    response = client("dynamodb").get_item(
        TableName=settings().table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=consistent,
    )
    item = response.get("Item")
    return GrantRecord.from_raw(item) if item else None


def audit_existing(conf: str, grant_id: str, actor_sub: str, action: str, details: Mapping[str, Any]) -> None:
    """Append an audit entry to a grant that exists (1 request); WriteRefused when there is no grant."""
    tx = new_transaction()
    tx.check("grant", GrantItem, *grant_key(conf, grant_id), GrantItem.pk.exists())
    append_audit(tx, conf, grant_id, actor_sub, action, details)
    commit(tx)
