"""The emulator's partition-only Query answers exactly what moto's whole-table Query answers.

Same table, same requests, every page (items, LastEvaluatedKey, Count, ScannedCount): once as
moto does it (the whole table sorted first) and once with devstack/emulator/partition_reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from devstack.emulator import partition_reads

TABLE = "partition-reads"

QUERIES: list[dict[str, Any]] = [
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "P3"}}},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "P3"}}, "Limit": 3},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "P3"}}, "Limit": 4,
     "ScanIndexForward": False},
    {"KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b",
     "ExpressionAttributeValues": {":p": {"S": "P1"}, ":a": {"S": "S0020"}, ":b": {"S": "S0090"}}, "Limit": 2},
    {"KeyConditionExpression": "pk = :p AND begins_with(sk, :s)",
     "ExpressionAttributeValues": {":p": {"S": "P2"}, ":s": {"S": "S001"}}},
    {"KeyConditionExpression": "pk = :p", "FilterExpression": "n > :n",
     "ExpressionAttributeValues": {":p": {"S": "P4"}, ":n": {"N": "40"}}, "Limit": 5},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "P3"}}, "Select": "COUNT"},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "nobody"}}},
    {"IndexName": "gsi1", "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "G2"}},
     "Limit": 4},
    {"IndexName": "gsi1", "KeyConditionExpression": "g = :g AND gs > :s",
     "ExpressionAttributeValues": {":g": {"S": "G1"}, ":s": {"S": "005"}}, "ScanIndexForward": False, "Limit": 3},
]


@pytest.fixture
def dynamodb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)  # moto in this process, not the emulator's server
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "g", "gs")],
            GlobalSecondaryIndexes=[{"IndexName": "gsi1", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                   {"AttributeName": "gs", "KeyType": "RANGE"}]}])
        for i in range(300):
            item = {"pk": {"S": f"P{i % 6}"}, "sk": {"S": f"S{i:04d}"}, "n": {"N": str(i % 50)}}
            if i % 4:  # a quarter of the items are not in the index; some share its keys
                item |= {"g": {"S": f"G{i % 3}"}, "gs": {"S": f"{i % 11:03d}"}}
            client.put_item(TableName=TABLE, Item=item)
        yield client


def every_page(client: Any, request: dict[str, Any]) -> list[dict[str, Any]]:
    pages, start = [], None
    while True:
        answer = client.query(TableName=TABLE, **request, **({"ExclusiveStartKey": start} if start else {}))
        answer.pop("ResponseMetadata")
        pages.append(answer)
        start = answer.get("LastEvaluatedKey")
        if not start:
            return pages


def test_every_query_answers_what_the_whole_table_query_answers(dynamodb: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    partition_reads.apply()
    fast = [every_page(dynamodb, request) for request in QUERIES]
    with monkeypatch.context() as moto_as_is:  # moto's own way: the whole table, sorted, every time
        moto_as_is.setattr(partition_reads, "query_items",
                           lambda table, hash_key, index_name: partition_reads.ORIGINAL["all_items"](table))
        slow = [every_page(dynamodb, request) for request in QUERIES]
    assert fast == slow
    assert sum(len(pages) for pages in fast) > len(QUERIES)  # the paginated ones did paginate
    assert all(page.get("Items") or page.get("Count") is not None for pages in fast for page in pages)


def test_a_table_query_reads_only_its_partition(dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    partition_reads.apply()
    seen: list[int] = []
    real = partition_reads.query_items

    def counting(table: Any, hash_key: Any, index_name: str | None) -> list[Any]:
        items = real(table, hash_key, index_name)
        seen.append(len(items))
        return items

    monkeypatch.setattr(partition_reads, "query_items", counting)
    dynamodb.query(TableName=TABLE, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "P5"}})
    assert seen == [50]  # its own 50 items, not the table's 300
    # A scan still sees the whole table in key order.
    assert len(dynamodb.scan(TableName=TABLE)["Items"]) == 300
