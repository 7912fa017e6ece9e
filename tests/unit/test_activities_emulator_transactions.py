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
