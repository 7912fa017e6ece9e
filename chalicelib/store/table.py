"""Single-item and batch I/O on the table, through the process's one DynamoDB client.

PynamoDB describes the items (models, attribute types, condition and update expressions);
this module sends the requests with `chalicelib.aws.client("dynamodb")`. PynamoDB's own
`Model.get/save/query` would open one botocore session and client per model class (and
per thread): in a cold Lambda container each first call of a model family paid 60-150 ms
for it. Requests are built with PynamoDB's public `get_*_kwargs_*` methods and conditions'
`serialize`, so no attribute name or type is spelled twice.

Errors: a failed condition raises `ConditionFailed`; everything else is botocore's error
after the client's retries (see chalicelib.aws), mapped by the API layer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from botocore.exceptions import ClientError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from .. import aws
from ..config import settings

M = TypeVar("M", bound=Model)
#: BatchGetItem/BatchWriteItem hand back what DynamoDB did not process (under throttling):
#: re-send it this many times at most, with the client's jittered back-off between rounds.
BATCH_ROUNDS = 5
BATCH_WRITE_SIZE = 25


class ConditionFailed(Exception):
    """The write's condition did not hold: nothing was written."""


def _client() -> Any:
    return aws.client("dynamodb")


def _condition_failed(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def get(model: type[M], hash_key: str, range_key: str, *, consistent: bool = False) -> M | None:
    """One item by key (GetItem), or None."""
    params = model.get_operation_kwargs_from_class(hash_key, range_key=range_key)
    if consistent:
        params["ConsistentRead"] = True
    item = _client().get_item(**params).get("Item")
    return model.from_raw_data(item) if item else None


def _expression_params(key_condition: Condition, filter_condition: Condition | None) -> dict[str, Any]:
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    params: dict[str, Any] = {"KeyConditionExpression": key_condition.serialize(names, values)}
    if filter_condition is not None:
        params["FilterExpression"] = filter_condition.serialize(names, values)
    params["ExpressionAttributeNames"] = {placeholder: name for name, placeholder in names.items()}
    params["ExpressionAttributeValues"] = values
    return params


def query(model: type[M], key_condition: Condition, *, index: str | None = None, limit: int | None = None,
          forward: bool = True, consistent: bool = False, only: Condition | None = None,
          keys_only: bool = False) -> list[M]:
    """Every item (or the first `limit`) matching `key_condition`, e.g. `(M.pk == p) & M.sk.startswith(x)`.

    `only` filters server-side; `keys_only` reads just pk and sk (enough to delete the items).
    """
    params: dict[str, Any] = {"TableName": model.Meta.table_name, "ScanIndexForward": forward,
                              **_expression_params(key_condition, only)}
    if keys_only:
        params["ProjectionExpression"] = "#pk, #sk"
        params["ExpressionAttributeNames"].update({"#pk": "pk", "#sk": "sk"})
    if index:
        params["IndexName"] = index
    if consistent:
        params["ConsistentRead"] = True
    found: list[M] = []
    while True:
        if limit is not None:
            params["Limit"] = limit - len(found)
        page = _client().query(**params)
        found.extend(model.from_raw_data(raw) for raw in page.get("Items", []))
        last = page.get("LastEvaluatedKey")
        if not last or (limit is not None and len(found) >= limit):
            return found
        params["ExclusiveStartKey"] = last


def query_pages(params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each page of a raw Query, following LastEvaluatedKey; lazily, so a reader that stops
    early sends no further request."""
    params = dict(params)
    while True:
        page = _client().query(**params)
        yield page
        if "LastEvaluatedKey" not in page:
            return
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def count(model: type[M], key_condition: Condition, *, index: str | None = None, consistent: bool = False) -> int:
    """How many items match `key_condition` (Select=COUNT: no item is transferred)."""
    params: dict[str, Any] = {"TableName": model.Meta.table_name, "Select": "COUNT",
                              **_expression_params(key_condition, None)}
    if index:
        params["IndexName"] = index
    if consistent:
        params["ConsistentRead"] = True
    total = 0
    while True:
        page = _client().query(**params)
        total += int(page.get("Count", 0))
        last = page.get("LastEvaluatedKey")
        if not last:
            return total
        params["ExclusiveStartKey"] = last


def _conditional(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """One single-item write; a failed condition becomes ConditionFailed."""
    try:
        response: dict[str, Any] = getattr(_client(), operation)(**params)
    except ClientError as exc:
        if _condition_failed(exc):
            raise ConditionFailed() from exc
        raise
    return response


def put(item: Model, condition: Condition | None = None) -> None:
    """PutItem, guarded by `condition` (ConditionFailed when it does not hold)."""
    _conditional("put_item", item.get_save_kwargs_from_instance(condition=condition))


def _update(item: Model, actions: list[Action], condition: Condition | None, returns: str) -> dict[str, Any]:
    params = item.get_update_kwargs_from_instance(actions=actions, condition=condition)
    params["ReturnValues"] = returns
    return dict(_conditional("update_item", params).get("Attributes") or {})


def update(item: Model, actions: list[Action], condition: Condition | None = None) -> None:
    """UpdateItem guarded by `condition`; `item` then holds the whole new item (ALL_NEW)."""
    item.deserialize(_update(item, actions, condition, "ALL_NEW"))


def update_returning_old(item: Model, actions: list[Action], condition: Condition | None = None) -> dict[str, Any]:
    """UpdateItem guarded by `condition`; returns the item as it was before (ALL_OLD, wire
    format), e.g. with the value an update removed."""
    return _update(item, actions, condition, "ALL_OLD")


def delete(item: Model, condition: Condition | None = None) -> None:
    """DeleteItem, guarded by `condition` (ConditionFailed when it does not hold)."""
    _conditional("delete_item", item.get_delete_kwargs_from_instance(condition=condition))


def pause(round_number: int) -> None:
    """Jittered back-off between rounds of a contended write (the client's conflict scale)."""
    time.sleep(aws.ConflictRetry().backoff(round_number))


def batch_get(keys: Iterable[tuple[str, str]], *, consistent: bool = False) -> dict[tuple[str, str], dict[str, Any]]:
    """Up to 100 items by (pk, sk) in one BatchGetItem; raw items by key (absent keys are missing)."""
    table = settings().table_name
    request: dict[str, Any] = {table: {"Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in keys],
                                       "ConsistentRead": consistent}}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for round_number in range(1, BATCH_ROUNDS + 1):
        response = _client().batch_get_item(RequestItems=request)
        for raw in response.get("Responses", {}).get(table, []):
            found[(raw["pk"]["S"], raw["sk"]["S"])] = raw
        request = response.get("UnprocessedKeys") or {}
        if not request:
            return found
        pause(round_number)
    raise RuntimeError("BatchGetItem left keys unprocessed")


def batch_write(puts: Iterable[Model] = (), deletes: Iterable[Model] = ()) -> None:
    """Put and delete many items, 25 per BatchWriteItem (no conditions: idempotent bulk writes)."""
    requests: list[dict[str, Any]] = [{"PutRequest": {"Item": item.serialize()}} for item in puts]
    requests += [{"DeleteRequest": {"Key": item.get_delete_kwargs_from_instance()["Key"]}} for item in deletes]
    table = settings().table_name
    for start in range(0, len(requests), BATCH_WRITE_SIZE):
        pending: dict[str, Any] = {table: requests[start:start + BATCH_WRITE_SIZE]}
        for round_number in range(1, BATCH_ROUNDS + 1):
            pending = _client().batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            if not pending:
                break
            pause(round_number)
        else:
            raise RuntimeError("BatchWriteItem left items unprocessed")


def priming_calls() -> list[tuple[str, dict[str, Any]]]:
    """One call of every DynamoDB operation the store sends, shaped as the store shapes it,
    for `aws.prime` (answered in-process: nothing reaches the table)."""
    table = settings().table_name
    key = {"pk": {"S": "PRIME"}, "sk": {"S": "PRIME"}}
    names = {"#pk": "pk", "#sk": "sk"}
    values = {":pk": {"S": "PRIME"}, ":sk": {"S": "PRIME"}}
    condition = {"ConditionExpression": "attribute_not_exists(#pk)", "ExpressionAttributeNames": {"#pk": "pk"}}
    return [
        ("get_item", {"TableName": table, "Key": key, "ConsistentRead": True}),
        ("query", {"TableName": table, "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :sk)",
                   "ExpressionAttributeNames": names, "ExpressionAttributeValues": values, "Limit": 1}),
        ("put_item", {"TableName": table, "Item": key, **condition}),
        ("update_item", {"TableName": table, "Key": key, "UpdateExpression": "ADD #n :one",
                         "ExpressionAttributeNames": {"#n": "n"}, "ExpressionAttributeValues": {":one": {"N": "1"}},
                         "ReturnValues": "ALL_NEW"}),
        ("delete_item", {"TableName": table, "Key": key, **condition}),
        ("transact_write_items", {"ClientRequestToken": "prime", "TransactItems": [
            {"Put": {"TableName": table, "Item": key, **condition}},
            {"Update": {"TableName": table, "Key": key, "UpdateExpression": "ADD #n :one",
                        "ExpressionAttributeNames": {"#n": "n"}, "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"ConditionCheck": {"TableName": table, "Key": key, **condition}},
            {"Delete": {"TableName": table, "Key": key}},
        ]}),
        ("batch_get_item", {"RequestItems": {table: {"Keys": [key], "ConsistentRead": False}}}),
        ("batch_write_item", {"RequestItems": {table: [{"PutRequest": {"Item": key}}]}}),
    ]
