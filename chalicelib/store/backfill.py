"""Data upgrades for items written without what the code now reads (`python -m chalicelib.cli backfill`).

`waitlist_entries` gives waitlisted signups written before queue entries (they carry GSI2
keys `WAIT#{conf}#{activity}` instead) their entry in the activity's queue, so they keep
their place, are counted in everyone's place and get promoted. One transaction per signup:
the entry is put if absent and the signup loses its GSI2 keys only while still waitlisted,
so the upgrade can run while people sign up and cancel, and running it again changes nothing.

`my/signups` lists a user's active signups from GSI1 (`MYSIGNUPS#{conf}#{sub}`), keys that
locks written before that list existed lack. `my_signups_index` gives the older locks those keys and
the activity's slug and name, from the signup each lock points at (a lock's sort key may hold
only a hash of the user's sub, the signup item has it). Every write is conditional on the lock
still being that signup's and still lacking the keys, so the upgrade can run while people sign
up and cancel, and running it again changes nothing.

`readiness_facts` gives grants from before the readiness facts (`GrantItem.approved_receipts`,
`has_payment_info`, `readiness_tracked`) those facts, counted from each grant's partition. The
write is one transaction that also checks every receipt's status, the payment item and the
grant's receipt count as read, so a decision, payment or upload landing meanwhile refuses it
(and the grant is read again); until then the payers' list judges such a grant from its
partition, so the upgrade is an optimisation, never a precondition.

`score_queue` puts the scoring-queue item (store.score_queue) of grants from before scoring
that are still being weighed and were never scored (a score write re-creates it anyway), so
`next-to-score` serves them. The put is conditional on the item being absent and, in the same
transaction, on the grant still being scorable and unscored: safe while reviewers work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.operand import Path

from ..aws import client
from ..config import settings
from ..domain.activities import SignupKey
from . import receipts as receipt_store
from .grants import GrantItem
from .keys import (
    ACTIVITY_PREFIX,
    GRANT_SK,
    HASHED_LOCK_PREFIX,
    LOCK_PREFIX,
    PAYMENT_SK,
    SIGNUP_PREFIX,
    by_age,
    grant_pk,
    my_signups_pk,
)
from .payment import PaymentItem
from .receipts import ReceiptItem
from .signups import QueueEntry, SignupItem, queue_entry
from .transact import Cancelled, Transaction
from .wire import item_to_python

#: Reads and refused writes per grant before `readiness_facts` leaves it for a later run.
READINESS_ATTEMPTS = 3


@dataclass
class BackfillReport:
    """What one run found and did."""

    locks_without_keys: int = 0
    updated: int = 0
    #: Locks whose signup is gone or changed meanwhile (cancelled, replaced): left alone.
    skipped: int = 0


def _locks_without_keys() -> Any:
    """Every active-signup lock lacking GSI1 keys, page by page (one paged Scan)."""
    return _scan("begins_with(#pk, :act) AND (begins_with(#sk, :user) OR begins_with(#sk, :hashed)) "
                 "AND attribute_not_exists(#gsi1pk)",
                 {"#pk": "pk", "#sk": "sk", "#gsi1pk": "gsi1pk"},
                 {":act": {"S": ACTIVITY_PREFIX}, ":user": {"S": LOCK_PREFIX}, ":hashed": {"S": HASHED_LOCK_PREFIX}})


def _scan(condition: str, names: dict[str, str], values: dict[str, Any]) -> Any:
    """The table's items matching `condition`, page by page (one paged, consistent Scan)."""
    params: dict[str, Any] = {
        "TableName": settings().table_name, "FilterExpression": condition, "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values, "ConsistentRead": True,
    }
    while True:
        page = client("dynamodb").scan(**params)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def my_signups_index(*, dry_run: bool = False) -> BackfillReport:
    """Give pre-release active-signup locks the keys and fields `GET .../my/signups` reads."""
    dynamodb = client("dynamodb")
    table = settings().table_name
    report = BackfillReport()
    for raw_lock in _locks_without_keys():
        report.locks_without_keys += 1
        lock = item_to_python(raw_lock)
        signup_id, signup_sk, created = lock.get("signup_id"), lock.get("signup_sk"), lock.get("created_at")
        signup: dict[str, Any] = {}
        if signup_id and signup_sk:
            found = dynamodb.get_item(TableName=table, Key={"pk": raw_lock["pk"], "sk": {"S": signup_sk}},
                                      ConsistentRead=True).get("Item")
            signup = item_to_python(found) if found else {}
        sub, conf = signup.get("user_sub"), signup.get("conference_slug")
        if not (sub and conf and created and signup.get("signup_id") == signup_id):
            report.skipped += 1
            continue
        if dry_run:
            report.updated += 1
            continue
        try:
            dynamodb.update_item(
                TableName=table, Key={"pk": raw_lock["pk"], "sk": raw_lock["sk"]},
                UpdateExpression="SET #gpk = :gpk, #gsk = :gsk, #slug = :slug, #name = :name",
                ConditionExpression="attribute_exists(#pk) AND attribute_not_exists(#gpk) AND #id = :id",
                ExpressionAttributeNames={"#pk": "pk", "#gpk": "gsi1pk", "#gsk": "gsi1sk", "#slug": "activity_slug",
                                          "#name": "activity_name", "#id": "signup_id"},
                ExpressionAttributeValues={
                    ":gpk": {"S": my_signups_pk(conf, sub)}, ":gsk": {"S": by_age(created, signup_id)},
                    ":slug": {"S": signup.get("activity_slug") or ""}, ":name": {"S": signup.get("activity_name") or ""},
                    ":id": {"S": signup_id},
                },
            )
        except dynamodb.exceptions.ConditionalCheckFailedException:
            report.skipped += 1  # cancelled, re-signed or upgraded meanwhile
            continue
        report.updated += 1
    return report


@dataclass
class ReadinessReport:
    """What one `readiness_facts` run found and did."""

    grants_without_facts: int = 0
    updated: int = 0
    #: Grants that kept changing while we counted (or are gone): left for a later run.
    skipped: int = 0


def readiness_facts(*, dry_run: bool = False) -> ReadinessReport:
    """Count approved receipts and note payment details on grants written before those facts."""
    report = ReadinessReport()
    for raw in _scan("#sk = :grant AND attribute_not_exists(#tracked)", {"#sk": "sk", "#tracked": "readiness_tracked"},
                     {":grant": {"S": GRANT_SK}}):
        report.grants_without_facts += 1
        conf, grant_id = raw.get("conference_slug", {}).get("S"), raw.get("grant_id", {}).get("S")
        if not (conf and grant_id):
            report.skipped += 1
            continue
        if dry_run:
            report.updated += 1
            continue
        if any(_write_readiness(conf, grant_id) for _ in range(READINESS_ATTEMPTS)):
            report.updated += 1
        else:
            report.skipped += 1
    return report


def _write_readiness(conf: str, grant_id: str) -> bool:
    """One read of the grant's partition and one guarded transaction; False if it was refused."""
    part = receipt_store.grant_partition(conf, grant_id)
    if part.grant is None:
        return False
    receipts = receipt_store.receipts_of(part)
    pk = grant_pk(conf, grant_id)
    approved = receipt_store.approved_count(receipts)
    # No receipt created or deleted meanwhile (each changes the count in its transaction).
    count_as_read = (GrantItem.receipt_count == len(receipts) if receipts
                     else GrantItem.receipt_count.does_not_exist() | (GrantItem.receipt_count == 0))
    tx = Transaction()
    tx.update("grant", GrantItem(pk, GRANT_SK), [
        GrantItem.approved_receipts.set(approved),
        GrantItem.has_payment_info.set(part.payment is not None),
        GrantItem.readiness_tracked.set(True),
    ], GrantItem.pk.exists() & GrantItem.readiness_tracked.does_not_exist() & count_as_read)
    for receipt in receipts:
        tx.check(f"receipt:{receipt.receipt_id}", ReceiptItem, pk, receipt.sk, ReceiptItem.status == receipt.status)
    payment_as_read = PaymentItem.pk.exists() if part.payment is not None else PaymentItem.pk.does_not_exist()
    tx.check("payment", PaymentItem, pk, PAYMENT_SK, payment_as_read)
    try:
        tx.commit()
    except Cancelled:
        return False
    return True


@dataclass
class QueueReport:
    grants_without_queue: int = 0
    updated: int = 0
    skipped: int = 0


def score_queue(*, dry_run: bool = False) -> QueueReport:
    """Queue the scorable, never-scored grants written before the scoring queue existed."""
    from ..domain.scoring import SCORABLE_STATUSES
    from .score_queue import ScoreQueueItem, new_queue_item
    from .scores import scorable_condition

    report = QueueReport()
    statuses = sorted(SCORABLE_STATUSES)
    values = {f":s{n}": {"S": status} for n, status in enumerate(statuses)}
    for raw in _scan(f"#sk = :grant AND attribute_not_exists(#version) AND #status IN ({', '.join(values)})",
                     {"#sk": "sk", "#version": "score_version", "#status": "status"},
                     {":grant": {"S": GRANT_SK}, **values}):
        conf, grant_id = raw.get("conference_slug", {}).get("S"), raw.get("grant_id", {}).get("S")
        sub = raw.get("user_sub", {}).get("S")
        if not (conf and grant_id and sub):
            report.skipped += 1
            continue
        report.grants_without_queue += 1
        if dry_run:
            report.updated += 1
            continue
        tx = Transaction()
        tx.put("queue", new_queue_item(conf, grant_id, sub), ScoreQueueItem.pk.does_not_exist())
        tx.check("grant", GrantItem, grant_pk(conf, grant_id), GRANT_SK,
                 scorable_condition() & GrantItem.score_version.does_not_exist())
        try:
            tx.commit()
        except Cancelled:
            report.skipped += 1  # queued already, scored or decided meanwhile: nothing to do
            continue
        report.updated += 1
    return report


@dataclass
class WaitlistReport:
    signups_without_entry: int = 0
    updated: int = 0
    skipped: int = 0


def waitlist_entries(*, dry_run: bool = False) -> WaitlistReport:
    """Put the queue entry of every waitlisted signup that still carries the old index keys."""
    report = WaitlistReport()
    for raw in _scan("begins_with(#pk, :act) AND begins_with(#sk, :signup) AND #status = :waiting "
                     "AND attribute_exists(#gsi2pk)",
                     {"#pk": "pk", "#sk": "sk", "#status": "status", "#gsi2pk": "gsi2pk"},
                     {":act": {"S": ACTIVITY_PREFIX}, ":signup": {"S": SIGNUP_PREFIX}, ":waiting": {"S": "waitlisted"}}):
        signup = item_to_python(raw)
        conf, activity, sub = signup.get("conference_slug"), signup.get("activity_slug"), signup.get("user_sub")
        signup_id, created = signup.get("signup_id"), signup.get("created_at")
        if not (conf and activity and sub and signup_id and created):
            report.skipped += 1
            continue
        report.signups_without_entry += 1
        if dry_run:
            report.updated += 1
            continue
        tx = Transaction()
        tx.put("entry", queue_entry(conf, activity, SignupKey(signup_id, created), sub), QueueEntry.sk.does_not_exist())
        tx.update("signup", SignupItem(raw["pk"]["S"], raw["sk"]["S"]),
                  [Path("gsi2pk").remove(), Path("gsi2sk").remove()], SignupItem.status == "waitlisted")
        try:
            tx.commit()
        except Cancelled:
            report.skipped += 1  # promoted or cancelled meanwhile, or upgraded already
            continue
        report.updated += 1
    return report
