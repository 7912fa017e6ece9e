"""The emulator's TransactWriteItems must be all-or-nothing and keep the stream readable.

Promotion is driven by the table stream; with moto's stock transactions a single cancelled
transaction (every waitlisted signup starts with one) silently stopped the event pump.
"""

from __future__ import annotations

import uuid

import boto3
import pytest


@pytest.fixture
def clients(emulator_url: str) -> tuple[object, object, str]:
    kw = {"endpoint_url": emulator_url, "region_name": "us-east-1"}
    ddb, streams = boto3.client("dynamodb", **kw), boto3.client("dynamodbstreams", **kw)
    name = f"tx-{uuid.uuid4().hex[:8]}"
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return ddb, streams, name


def test_cancelled_transaction_writes_nothing_and_stream_keeps_flowing(clients: tuple) -> None:
    ddb, streams, name = clients
    arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as failure:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": {"S": "b"}}}},
            {"Put": {"TableName": name, "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)",
                     "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ])
    reasons = failure.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert reasons[1]["Item"] == {"pk": {"S": "a"}}
    ddb.put_item(TableName=name, Item={"pk": {"S": "c"}})
    keys = []
    for _ in range(3):
        response = streams.get_records(ShardIterator=iterator)
        keys += [r["dynamodb"]["Keys"]["pk"]["S"] for r in response["Records"]]
        iterator = response["NextShardIterator"]
    assert keys == ["a", "c"]  # no phantom "b", and the write after the failure is seen
    assert sorted(i["pk"]["S"] for i in ddb.scan(TableName=name)["Items"]) == ["a", "c"]


def test_successful_transaction_applies_every_item(clients: tuple) -> None:
    ddb, _, name = clients
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": {"pk": {"S": "x"}, "n": {"N": "1"}}}},
        {"Update": {"TableName": name, "Key": {"pk": {"S": "y"}}, "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
    ])
    items = {i["pk"]["S"]: i["n"]["N"] for i in ddb.scan(TableName=name)["Items"]}
    assert items == {"x": "1", "y": "1"}


# -- ClientRequestToken: DynamoDB's idempotency, taught to the emulator (devstack/emulator/moto_fixes.py)


def _add_one(name: str, key: str) -> list[dict]:
    return [{"Update": {"TableName": name, "Key": {"pk": {"S": key}}, "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}]


def _n(ddb, name: str, key: str) -> int:
    return int(ddb.get_item(TableName=name, Key={"pk": {"S": key}}, ConsistentRead=True)["Item"]["n"]["N"])


def test_same_token_same_request_succeeds_without_running_twice(clients: tuple) -> None:
    ddb, _, name = clients
    token = uuid.uuid4().hex
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)  # the "lost answer" retry
    assert _n(ddb, name, "k") == 1
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=uuid.uuid4().hex)
    assert _n(ddb, name, "k") == 2  # another token is another write


def test_same_token_different_request_is_a_mismatch(clients: tuple) -> None:
    ddb, _, name = clients
    token = uuid.uuid4().hex
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)
    with pytest.raises(ddb.exceptions.IdempotentParameterMismatchException):
        ddb.transact_write_items(TransactItems=_add_one(name, "other"), ClientRequestToken=token)
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "other"}})


def test_token_expires_after_ten_minutes(clients: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from devstack.emulator import moto_fixes

    ddb, _, name = clients
    token = uuid.uuid4().hex
    now = [1_000_000.0]
    monkeypatch.setattr(moto_fixes, "clock", lambda: now[0])
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)
    now[0] += moto_fixes.TOKEN_WINDOW_SECONDS - 1
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)
    assert _n(ddb, name, "k") == 1
    now[0] += 2  # past the window: a new request
    ddb.transact_write_items(TransactItems=_add_one(name, "k"), ClientRequestToken=token)
    assert _n(ddb, name, "k") == 2


def test_a_cancelled_transaction_does_not_claim_its_token(clients: tuple) -> None:
    ddb, _, name = clients
    token = uuid.uuid4().hex
    items = [{"Put": {"TableName": name, "Item": {"pk": {"S": "once"}}, "ConditionExpression": "attribute_not_exists(pk)"}}]
    ddb.put_item(TableName=name, Item={"pk": {"S": "once"}, "old": {"BOOL": True}})
    with pytest.raises(ddb.exceptions.TransactionCanceledException):
        ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    ddb.delete_item(TableName=name, Key={"pk": {"S": "once"}})
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)  # runs, and now claims the token
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "once"}})["Item"] == {"pk": {"S": "once"}}
