"""Ticket voucher figures: what one acceptance costs, in DynamoDB and pretix requests.

Each run applies, gets an offer (not counted), then counts the applicant's accept request
and the stream's handling of that acceptance (the voucher made and recorded) against the
pretix look-alike: targets 1 pretix write, at most 1 pretix read, at most 2 DynamoDB
writes. A replay of the same record must cost no pretix request and no write.
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

import boto3

from devstack.demo.pretix_server import FakePretix

from .harness import BenchEnv, Row, counting

WRITE_OPS = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")
RUNS = 5


def _record(slug: str, grant_id: str) -> dict[str, Any]:
    from chalicelib.config import settings

    ddb = boto3.client("dynamodb", region_name=settings().region, endpoint_url=settings().aws_endpoint_url)
    new = ddb.get_item(TableName=settings().table_name,
                       Key={"pk": {"S": f"GRANT#{slug}#{grant_id}"}, "sk": {"S": "GRANT"}})["Item"]
    old = {**new, "status": {"S": "offered"}}
    return {"eventName": "MODIFY", "dynamodb": {"Keys": {"pk": new["pk"], "sk": new["sk"]}, "NewImage": new,
                                                "OldImage": old, "SequenceNumber": uuid.uuid4().hex}}


def _writes(counts: dict[str, int]) -> int:
    return sum(n for key, n in counts.items() if key.startswith("dynamodb:") and key.split(":")[1] in WRITE_OPS)


def run(env: BenchEnv) -> list[Row]:
    from chalicelib.events import stream

    fake = FakePretix().start()
    admin = env.token("bench-tickets", "manage_conference", "review_travel_grant")
    slug = f"bench-tickets-{uuid.uuid4().hex[:8]}"
    body = {"name": "Bench PyCon", "start_date": "2027-05-13", "end_date": "2027-05-19",
            "pretix": {"base_url": fake.url, "organizer": fake.organizer, "event": fake.event, "item_id": 1,
                       "api_token": fake.token}}
    application = {"request_type": "ticket_only", "travel_from": "Lisbon, Portugal", "experience_level": "beginner",
                   "occupation": "Student", "involvement": "User group", "reason": "To learn."}
    try:
        assert env.api.put(f"/manage/conferences/{slug}", body, token=admin).status == 201
        accept_ms, ddb, writes, pretix_get, pretix_post = [], [], [], [], []
        replay_ddb, replay_writes, replay_pretix = [], [], []
        for n in range(RUNS):
            applicant = env.token(f"bench-ticket-{n}-{uuid.uuid4().hex[:6]}")
            reply = env.api.post(f"/conferences/{slug}/travel-grant", application, token=applicant)
            assert reply.status == 201, reply.body
            grant_id = reply.body["id"]
            offered = env.api.patch(f"/manage/conferences/{slug}/travel-grants/{grant_id}", {"status": "offered"},
                                    token=admin)
            assert offered.status == 200, offered.body
            before = {m: fake.count(m) for m in ("GET", "POST")}
            with counting() as counter:
                started = time.perf_counter()
                assert env.api.post(f"/conferences/{slug}/travel-grant/accept", None, token=applicant).status == 200
                record = _record(slug, grant_id)
            with counting() as handling:
                assert stream.dispatch([record]) == {"batchItemFailures": []}
            accept_ms.append((time.perf_counter() - started) * 1000)
            # the GetItem that built the record is the bench's, not the app's
            ddb.append(counter.total("dynamodb") - 1 + handling.total("dynamodb"))
            writes.append(_writes(counter.counts) + _writes(handling.counts))
            pretix_get.append(fake.count("GET") - before["GET"])
            pretix_post.append(fake.count("POST") - before["POST"])
            before_replay = fake.count()
            with counting() as replay:
                stream.dispatch([record])
            replay_ddb.append(replay.total("dynamodb"))
            replay_writes.append(_writes(replay.counts))
            replay_pretix.append(fake.count() - before_replay)
        assert len(fake.vouchers) == RUNS
        mean = statistics.mean
        rows = [
            Row("tickets", "accept a grant + its voucher (API + stream)", mean(ddb), statistics.median(accept_ms), None,
                f"{mean(writes):.0f} DynamoDB writes (target ≤ 2); pretix: {mean(pretix_post):.0f} write "
                f"(target 1), {mean(pretix_get):.0f} read (target ≤ 1)"),
            Row("tickets", "the same acceptance delivered again", mean(replay_ddb), None, None,
                f"{mean(replay_writes):.0f} DynamoDB writes; {mean(replay_pretix):.0f} pretix requests"),
        ]
    finally:
        fake.stop()
    return rows
