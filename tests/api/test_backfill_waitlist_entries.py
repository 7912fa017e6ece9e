"""Waitlisted signups written before queue entries get theirs: place, count and promotion hold."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.services import promotion
from chalicelib.store import backfill
from chalicelib.store.keys import activity_partition, legacy_waitlist_pk, queue_sk
from tests.support.clients import Api


def _as_written_before_queue_entries(conf: str, activity: str, signup: dict[str, str]) -> None:
    """The queue entry gone, the signup carrying the old waitlist index keys instead."""
    dynamodb, table = client("dynamodb"), settings().table_name
    partition = activity_partition(conf, activity)
    found = dynamodb.query(TableName=table, KeyConditionExpression="pk = :pk AND begins_with(sk, :q)",
                           ExpressionAttributeValues={":pk": {"S": partition}, ":q": {"S": "QUEUE#"}},
                           ConsistentRead=True)["Items"]
    [entry] = [item for item in found if item["sk"]["S"].endswith("#" + signup["id"])]
    created_at = entry["sk"]["S"].split("#")[1]
    assert entry["sk"]["S"] == queue_sk(created_at, signup["id"])
    dynamodb.delete_item(TableName=table, Key={"pk": entry["pk"], "sk": entry["sk"]})
    dynamodb.update_item(TableName=table, Key={"pk": {"S": partition}, "sk": {"S": f"SIGNUP#{created_at}#{signup['id']}"}},
                         UpdateExpression="SET gsi2pk = :pk, gsi2sk = :sk",
                         ExpressionAttributeValues={":pk": {"S": legacy_waitlist_pk(conf, activity)},
                                                    ":sk": {"S": f"{created_at}#{signup['id']}"}})


def test_backfill_puts_old_waitlisted_signups_back_in_the_queue(
        api: Api, conference: str, make_token: Callable[..., str]) -> None:
    manager = make_token("queue-manager", "manage_activity")
    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Old queue", "max_participants": 1},
                    token=manager).body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    api.post(base, {}, token=make_token("old-holder"))
    first = api.post(base, {}, token=make_token("old-first")).body
    second = api.post(base, {}, token=make_token("old-second")).body
    _as_written_before_queue_entries(conference, slug, first)
    mine = api.get(f"/conferences/{conference}/activities/{slug}", token=make_token("old-second")).body["my_signup"]
    assert mine["waitlist_position"] == 1  # the old signup ahead is not counted yet

    assert backfill.waitlist_entries(dry_run=True).updated == 1
    report = backfill.waitlist_entries()
    assert (report.signups_without_entry, report.updated) == (1, 1)
    assert backfill.waitlist_entries().signups_without_entry == 0  # nothing left: safe to re-run

    places = {who: api.get(f"/conferences/{conference}/activities/{slug}", token=make_token(who))
              .body["my_signup"]["waitlist_position"] for who in ("old-first", "old-second")}
    assert places == {"old-first": 1, "old-second": 2}
    assert api.delete(base, token=make_token("old-holder")).status == 200
    assert promotion.promote_waitlisted(conference, slug, 1) == 1  # what the stream does: the oldest goes first
    mine = api.get(f"/conferences/{conference}/activities/{slug}", token=make_token("old-first")).body["my_signup"]
    assert (mine["id"], mine["status"]) == (first["id"], "confirmed")
    assert second["status"] == "waitlisted"
