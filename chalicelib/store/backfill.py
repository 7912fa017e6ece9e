"""Data upgrades for items an earlier release wrote (`python -m chalicelib.cli backfill`).

The second release lists a user's active signups from GSI1 (`MYSIGNUPS#{conf}#{sub}`), keys
that only locks written since carry. `my_signups_index` gives the older locks those keys and
the activity's slug and name, from the signup each lock points at (a lock's sort key may hold
only a hash of the user's sub, the signup item has it). Every write is conditional on the lock
still being that signup's and still lacking the keys, so the upgrade can run while people sign
up and cancel, and running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..aws import client
from ..config import settings
from .keys import ACTIVITY_PREFIX, HASHED_LOCK_PREFIX, LOCK_PREFIX, by_age, my_signups_pk
from .wire import item_to_python


@dataclass
class BackfillReport:
    """What one run found and did."""

    locks_without_keys: int = 0
    updated: int = 0
    #: Locks whose signup is gone or changed meanwhile (cancelled, replaced): left alone.
    skipped: int = 0


def _locks_without_keys() -> Any:
    """Every active-signup lock lacking GSI1 keys, page by page (one paged Scan)."""
    params: dict[str, Any] = {
        "TableName": settings().table_name,
        "FilterExpression": ("begins_with(#pk, :act) AND (begins_with(#sk, :user) OR begins_with(#sk, :hashed)) "
                             "AND attribute_not_exists(#gsi1pk)"),
        "ExpressionAttributeNames": {"#pk": "pk", "#sk": "sk", "#gsi1pk": "gsi1pk"},
        "ExpressionAttributeValues": {":act": {"S": ACTIVITY_PREFIX}, ":user": {"S": LOCK_PREFIX},
                                      ":hashed": {"S": HASHED_LOCK_PREFIX}},
        "ConsistentRead": True,
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
