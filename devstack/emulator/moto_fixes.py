"""Fixes to the emulator's TransactWriteItems so that it behaves like DynamoDB's.

1. All or nothing, without copying the table.

moto 5 applies a transaction's items one by one, keeps applying after a condition has
failed, and then "rolls back" by putting a deep copy of the whole table taken before the
transaction back in place. Two consequences break anything stream-driven and slow
everything down:
  * the table's stream shard is replaced by the copy, so every shard iterator handed out
    before (the event pump's) keeps reading the old shard: after the first cancelled
    transaction the pump never sees another record;
  * the writes that were rolled back still reach that old shard as phantom records;
  * each transaction deep-copies the entire table (O(table size) per request).
DynamoDB evaluates every condition first and writes all items or none. This does the
same: check unicity and every condition against the current items, raise
TransactionCanceledException with per-item reasons (and ALL_OLD items) if any fails,
otherwise apply the writes. No copy, no phantom records, the shard stays the same object.

2. ClientRequestToken. moto ignores it; DynamoDB makes the call idempotent: the same
token with the same request within 10 minutes of the first success returns success
without executing again, and the same token with a different request fails with
IdempotentParameterMismatchException. Without this, a transaction whose answer was lost
(and that the SDK re-sent) would run twice locally, and fail on its own conditions,
where AWS answers the success it earned. A cancelled transaction wrote nothing and does
not claim its token (so a retry after a conflict runs again).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

_PATCHED = False
#: How long DynamoDB remembers a ClientRequestToken after the request completed.
TOKEN_WINDOW_SECONDS = 600.0
#: The emulator's clock for token expiry (tests move it forward).
clock: Callable[[], float] = time.monotonic


class TokenLedger:
    """Successful transaction tokens: token -> (request fingerprint, expiry), oldest first."""

    def __init__(self) -> None:
        self._seen: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self.lock = threading.RLock()

    def _expire(self, now: float) -> None:
        while self._seen:
            token, (_, expires) = next(iter(self._seen.items()))
            if expires > now:
                return
            del self._seen[token]

    def lookup(self, token: str) -> str | None:
        """The fingerprint of the request that used `token` within the window, if any."""
        self._expire(clock())
        seen = self._seen.get(token)
        return seen[0] if seen else None

    def remember(self, token: str, fingerprint: str) -> None:
        self._seen[token] = (fingerprint, clock() + TOKEN_WINDOW_SECONDS)
        self._seen.move_to_end(token)


def fingerprint(body: dict[str, Any]) -> str:
    """What "the same request" means: every parameter except the token itself."""
    rest = {k: v for k, v in body.items() if k != "ClientRequestToken"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _idempotent(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap moto's TransactWriteItems handler with DynamoDB's ClientRequestToken semantics."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException

    class IdempotentParameterMismatch(DynamodbException):
        def __init__(self) -> None:
            super().__init__(ERROR_TYPE_PREFIX + "IdempotentParameterMismatchException",
                             message="DynamoDB rejected the request because you retried a request with a "
                                     "different payload but with an idempotent token that was already used.")

    def transact_write_items(self: Any) -> Any:
        token = self.body.get("ClientRequestToken")
        if not token:
            return original(self)
        ledger = _ledger(self.dynamodb_backend)
        mine = fingerprint(self.body)
        with ledger.lock:
            seen = ledger.lookup(token)
            if seen is not None:
                if seen != mine:
                    raise IdempotentParameterMismatch()
                return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
            result = original(self)  # raises (and claims nothing) when the transaction is cancelled
            ledger.remember(token, mine)
            return result

    return transact_write_items


_ledgers: dict[int, TokenLedger] = {}
_ledgers_lock = threading.Lock()


def _ledger(backend: Any) -> TokenLedger:
    """One ledger per emulated account/region backend (like DynamoDB's per-account tokens)."""
    with _ledgers_lock:
        return _ledgers.setdefault(id(backend), TokenLedger())


def _transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    seen: set[tuple[str, str]] = set()
    planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    errors: list[tuple[Any, Any, Any]] = []
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(entry.items()))
        if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
            raise ValueError("Unsupported transaction operation")
        table = self.get_table(op["TableName"])
        if op_type == "Put":
            key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = op["Item"][table.range_key_attr]
        else:
            key = op["Key"]
        marker = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if marker in seen:
            raise MultipleTransactionsException()
        seen.add(marker)
        current = self.get_item(op["TableName"], key)
        condition = op.get("ConditionExpression")
        if condition is not None:
            check = get_filter_expression(condition, op.get("ExpressionAttributeNames"),
                                          op.get("ExpressionAttributeValues"))
            if not check.expr(current):
                old = None
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    old = current.to_json()["Attributes"]
                errors.append(("ConditionalCheckFailed", "The conditional request failed", old))
                continue
        errors.append((None, None, None))
        planned.append((op_type, op, key))
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)
    for op_type, op, key in planned:
        # The conditions still hold (one op per item, nothing else runs: the server is
        # serialised); passing them again keeps moto's own expression validation intact.
        common = {
            "condition_expression": op.get("ConditionExpression"),
            "expression_attribute_names": op.get("ExpressionAttributeNames"),
            "expression_attribute_values": op.get("ExpressionAttributeValues"),
        }
        if op_type == "Put":
            self.put_item(op["TableName"], op["Item"], **common)
        elif op_type == "Delete":
            self.delete_item(op["TableName"], key, **common)
        elif op_type == "Update":
            self.update_item(op["TableName"], key, update_expression=op["UpdateExpression"], **common)


def apply() -> None:
    """Install the fix once per process (idempotent)."""
    global _PATCHED
    if _PATCHED:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
    DynamoHandler.transact_write_items = _idempotent(DynamoHandler.transact_write_items)  # type: ignore[method-assign]
    _PATCHED = True
