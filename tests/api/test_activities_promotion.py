"""Stream-driven promotion, by calling the app's stream handler with Lambda-shaped records.

The records are built from the activity item as it is in the table (what the stream
carries as NewImage), so these tests exercise the same path as the pump and Lambda.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from tests.support.clients import Api

_sequence = itertools.count(1)


def activity_image(conf: str, activity: str) -> dict[str, Any]:
    from chalicelib.config import settings

    s = settings()
    ddb = boto3.client("dynamodb", region_name=s.region, endpoint_url=s.aws_endpoint_url)
    return ddb.get_item(TableName=s.table_name, Key={"pk": {"S": f"CONF#{conf}"}, "sk": {"S": f"ACT#{activity}"}},
                        ConsistentRead=True)["Item"]


def modify_record(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {
        "eventID": str(next(_sequence)), "eventName": "MODIFY", "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x",
        "dynamodb": {
            "Keys": {"pk": new["pk"], "sk": new["sk"]}, "OldImage": old, "NewImage": new,
            "SequenceNumber": f"{next(_sequence):021d}", "SizeBytes": 100,
            "StreamViewType": "NEW_AND_OLD_IMAGES", "ApproximateCreationDateTime": time.time(),
        },
    }


def deliver(app_module: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    return app_module.handle_table_stream({"Records": records}, None)


def signups_by_status(api: Api, conf: str, activity: str, token: str) -> dict[str, list[str]]:
    body = api.get(f"/manage/conferences/{conf}/activities/{activity}/signups", token=token).body
    out: dict[str, list[str]] = {"confirmed": [], "waitlisted": []}
    for s in body["signups"]:
        out[s["status"]].append(s["user"]["sub"])
    return out


@pytest.fixture
def full_activity(api: Api, conference: str, manager: str, make_token: Callable) -> Callable[..., str]:
    def make(places: int, people: int) -> str:
        slug = api.post(f"/manage/conferences/{conference}/activities",
                        {"name": f"Full {places}/{people}", "max_participants": places}, token=manager).body["slug"]
        for i in range(people):
            reply = api.post(f"/conferences/{conference}/activities/{slug}/signup", {}, token=make_token(f"p{i:02d}"))
            assert reply.status == 201
        return slug

    return make


def test_cancel_promotes_oldest_and_replays_promote_nobody(
    api: Api, app_module: Any, conference: str, manager: str, make_token: Callable, full_activity: Callable,
) -> None:
    slug = full_activity(2, 5)
    before = activity_image(conference, slug)
    assert api.delete(f"/conferences/{conference}/activities/{slug}/signup", token=make_token("p00")).status == 200
    record = modify_record(before, activity_image(conference, slug))
    for _ in range(4):  # first delivery plus three replays of the same batch
        assert deliver(app_module, [record]) == {"batchItemFailures": []}
    state = signups_by_status(api, conference, slug, manager)
    assert state == {"confirmed": ["p01", "p02"], "waitlisted": ["p03", "p04"]}
    detail = api.get(f"/conferences/{conference}/activities/{slug}").body
    assert (detail["signup_count"], detail["waitlist_count"]) == (2, 2)


def test_capacity_increase_and_unlimited_promote_fifo(
    api: Api, app_module: Any, conference: str, manager: str, full_activity: Callable,
) -> None:
    slug = full_activity(2, 7)
    url = f"/manage/conferences/{conference}/activities/{slug}"
    before = activity_image(conference, slug)
    assert api.patch(url, {"max_participants": 4}, token=manager).status == 200
    deliver(app_module, [modify_record(before, activity_image(conference, slug))])
    assert signups_by_status(api, conference, slug, manager)["confirmed"] == ["p00", "p01", "p02", "p03"]
    before = activity_image(conference, slug)
    api.patch(url, {"max_participants": None}, token=manager)
    record = modify_record(before, activity_image(conference, slug))
    deliver(app_module, [record, record])
    state = signups_by_status(api, conference, slug, manager)
    assert state == {"confirmed": [f"p{i:02d}" for i in range(7)], "waitlisted": []}


def test_signups_promoted_by_the_stream_are_marked(api: Api, app_module: Any, conference: str, manager: str,
                                                  make_token: Callable, full_activity: Callable) -> None:
    from chalicelib.store import signups as store
    from chalicelib.store.keys import QUEUE_PREFIX, activity_partition

    slug = full_activity(1, 2)
    before = activity_image(conference, slug)
    api.delete(f"/conferences/{conference}/activities/{slug}/signup", token=make_token("p00"))
    deliver(app_module, [modify_record(before, activity_image(conference, slug))])
    promoted = next(s for s in store.list_signups(conference, slug) if s.user_sub == "p01")
    assert promoted.status == "confirmed" and promoted.promoted_at
    queue = store.table.query(store.QueueEntry, (store.QueueEntry.pk == activity_partition(conference, slug))
                              & store.QueueEntry.sk.startswith(QUEUE_PREFIX), consistent=True)
    assert queue == []  # the promoted signup left the queue
    mine = api.get(f"/conferences/{conference}/activities/{slug}", token=make_token("p01")).body["my_signup"]
    assert mine["status"] == "confirmed"


def test_a_failing_record_is_reported_without_blocking_the_batch(
    api: Api, app_module: Any, conference: str, manager: str, full_activity: Callable, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib.services import promotion as service

    broken, fine = full_activity(1, 2), full_activity(1, 2)
    records = []
    for slug in (broken, fine):
        before = activity_image(conference, slug)
        api.patch(f"/manage/conferences/{conference}/activities/{slug}", {"max_participants": 2}, token=manager)
        records.append(modify_record(before, activity_image(conference, slug)))
    real = service.promote_waitlisted

    def flaky(conf: str, activity: str, needed: int, claim_hours: int | None = None) -> int:
        if activity == broken:
            raise RuntimeError("simulated outage")
        return real(conf, activity, needed, claim_hours)

    monkeypatch.setattr(service, "promote_waitlisted", flaky)
    result = deliver(app_module, records)
    assert result == {"batchItemFailures": [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]}
    assert signups_by_status(api, conference, fine, manager)["waitlisted"] == []
    monkeypatch.setattr(service, "promote_waitlisted", real)
    assert deliver(app_module, records[:1]) == {"batchItemFailures": []}  # the retry succeeds
    assert signups_by_status(api, conference, broken, manager)["waitlisted"] == []


def test_unrelated_records_are_ignored(app_module: Any) -> None:
    image = {"pk": {"S": "GRANT#c#1"}, "sk": {"S": "GRANT"}, "entity": {"S": "grant"}}
    assert deliver(app_module, [modify_record(image, image)]) == {"batchItemFailures": []}
