"""Compares the emulator's partition-only Query with moto's own, on one in-process moto table.

Run as a child process (`python -m tests.support.partition_reads_check`): moto's in-process
mock resets every moto backend of its process when it ends, and a test process may also host
the emulator's server, whose tables must survive. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
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


def seeded_table() -> Any:
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
    return client


def every_page(client: Any, request: dict[str, Any]) -> list[dict[str, Any]]:
    pages, start = [], None
    while True:
        answer = client.query(TableName=TABLE, **request, **({"ExclusiveStartKey": start} if start else {}))
        answer.pop("ResponseMetadata")
        pages.append(answer)
        start = answer.get("LastEvaluatedKey")
        if not start:
            return pages


def compare() -> dict[str, Any]:
    """Every page of QUERIES both ways, and how many items a table Query was given."""
    os.environ.pop("AWS_ENDPOINT_URL", None)  # moto in this process, not an emulator's server
    with mock_aws():
        client = seeded_table()
        partition_reads.apply()
        fast = [every_page(client, request) for request in QUERIES]
        real = partition_reads.query_items
        partition_reads.query_items = (  # moto's own way: the whole table, sorted, every time
            lambda table, hash_key, index_name: partition_reads.ORIGINAL["all_items"](table))
        slow = [every_page(client, request) for request in QUERIES]
        seen: list[int] = []

        def counting(table: Any, hash_key: Any, index_name: str | None) -> list[Any]:
            items = real(table, hash_key, index_name)
            seen.append(len(items))
            return items

        partition_reads.query_items = counting
        client.query(TableName=TABLE, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "P5"}})
        scanned = len(client.scan(TableName=TABLE)["Items"])
        partition_reads.query_items = real
    return {"same": fast == slow, "differences": [i for i, (a, b) in enumerate(zip(fast, slow, strict=True)) if a != b],
            "pages": sum(len(pages) for pages in fast), "queries": len(QUERIES),
            "every_page_answered": all("Items" in page or "Count" in page for pages in fast for page in pages),
            "partition_items_seen": seen, "scanned": scanned}


if __name__ == "__main__":
    print(json.dumps(compare()))
