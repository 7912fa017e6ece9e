"""The one way the store writes several items atomically: TransactWriteItems.

* Items have names ("grant", "stats", "lock"…), and a cancelled transaction reports which
  named item failed its condition, read from DynamoDB's `CancellationReasons` in the order
  this module sent the items (never PynamoDB's internal grouping). An item added with
  `return_old=True` asks for `ReturnValuesOnConditionCheckFailure=ALL_OLD`, so the caller
  can tell *why* (e.g. "grant closed" from "too many receipts").
* Every attempt carries a ClientRequestToken. The request is built once and re-sent
  unchanged by the SDK's own retries (throttling, 5xx, a lost connection), so when DynamoDB
  committed but the answer was lost, the retry returns the success instead of running the
  write again (and failing on its own conditions).
* A transaction cancelled only by conflicts (`TransactionConflict`/`ThrottlingError`
  reasons: another transaction held an item) wrote nothing; it is retried here as a new
  attempt with a NEW token, under the client's bound and jittered back-off (see
  `chalicelib.aws`). Re-sending the cancelled token is not something DynamoDB promises to
  run again. What reaches the caller is either success, `Cancelled` (a condition failed: an
  answer, never retried), or the error once the attempts are spent (the API answers 503).
* Requests are built with PynamoDB's public `get_*_kwargs_from_instance/class` methods,
  so the models stay the single description of attribute names and types.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, NamedTuple, TypeVar

from botocore.exceptions import ClientError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from .. import aws

M = TypeVar("M", bound=Model)
CONDITION_FAILED = "ConditionalCheckFailed"
#: DynamoDB's limit on items per transaction.
MAX_ITEMS = 100


class Reason(NamedTuple):
    """Why one item of a cancelled transaction was refused (code None: it was fine)."""

    code: str | None
    #: The item as it was (wire format), when asked for with return_old and it existed.
    old: dict[str, Any] | None = None


class Cancelled(Exception):
    """A condition of the transaction failed: nothing was written. Reasons are by item name."""

    def __init__(self, reasons: dict[str, Reason]) -> None:
        super().__init__("transaction cancelled: " + ", ".join(
            f"{name}={r.code}" for name, r in reasons.items() if r.code))
        self.reasons = reasons

    def failed(self, *names: str) -> bool:
        """True when any of the named items failed its condition."""
        return any(self.reasons.get(name, Reason(None)).code == CONDITION_FAILED for name in names)

    def old(self, name: str, model: type[M]) -> M | None:
        """The named item as it was when its condition failed (needs return_old=True)."""
        reason = self.reasons.get(name)
        return model.from_raw_data(reason.old) if reason and reason.old else None


_RETURN_OLD = "ALL_OLD"


class Transaction:
    """A TransactWriteItems request under construction: named items, then `commit()`."""

    def __init__(self, token: str | None = None) -> None:
        #: The current attempt's token (re-sent as is by the SDK's retries; a new one for each
        #: attempt after a conflict).
        self.token = token or uuid.uuid4().hex
        #: Every token sent so far, one per attempt.
        self.tokens: list[str] = []
        self._names: list[str] = []
        self._items: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self._items)

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def _add(self, name: str, operation: str, request: dict[str, Any]) -> None:
        if name in self._names:
            raise ValueError(f"transaction item {name!r} added twice")
        if len(self._items) >= MAX_ITEMS:
            raise ValueError(f"a transaction holds at most {MAX_ITEMS} items")
        self._names.append(name)
        self._items.append({operation: request})

    def put(self, name: str, item: Model, condition: Condition | None = None, *, return_old: bool = False) -> None:
        self._add(name, "Put", item.get_save_kwargs_from_instance(
            condition=condition, return_values_on_condition_failure=_RETURN_OLD if return_old else None))

    def update(self, name: str, item: Model, actions: list[Action], condition: Condition | None = None, *,
               return_old: bool = False) -> None:
        self._add(name, "Update", item.get_update_kwargs_from_instance(
            actions=actions, condition=condition,
            return_values_on_condition_failure=_RETURN_OLD if return_old else None))

    def delete(self, name: str, item: Model, condition: Condition | None = None, *, return_old: bool = False) -> None:
        self._add(name, "Delete", item.get_delete_kwargs_from_instance(
            condition=condition, return_values_on_condition_failure=_RETURN_OLD if return_old else None))

    def check(self, name: str, model: type[Model], hash_key: str, range_key: str, condition: Condition, *,
              return_old: bool = False) -> None:
        request = model.get_operation_kwargs_from_class(hash_key, range_key=range_key, condition=condition)
        if return_old:  # PynamoDB's class-level builder has no parameter for it
            request["ReturnValuesOnConditionCheckFailure"] = _RETURN_OLD
        self._add(name, "ConditionCheck", request)

    def request(self) -> dict[str, Any]:
        """The TransactWriteItems parameters of the current attempt (the same on every send of it)."""
        return {"TransactItems": self._items, "ClientRequestToken": self.token}

    def commit(self) -> None:
        """Send the transaction; a failed condition raises Cancelled.

        The client retries one attempt as is (same token); a cancellation by conflicts only
        starts a new attempt with a new token, at most `aws.MAX_ATTEMPTS` in all.
        """
        if not self._items:
            return
        retry = aws.ConflictRetry()
        for attempt in range(1, aws.MAX_ATTEMPTS + 1):
            if attempt > 1:
                self.token = uuid.uuid4().hex  # a new attempt: the last one was cancelled, nothing written
            self.tokens.append(self.token)
            try:
                aws.client("dynamodb").transact_write_items(**self.request())
                return
            except ClientError as exc:
                reasons = cancellation_reasons(exc, self._names)
                if reasons is not None and any(r.code == CONDITION_FAILED for r in reasons.values()):
                    raise Cancelled(reasons) from exc
                if not aws.only_contention(exc.response) or attempt == aws.MAX_ATTEMPTS:
                    raise
            time.sleep(retry.backoff(attempt))


def cancellation_reasons(exc: ClientError, names: list[str]) -> dict[str, Reason] | None:
    """Per-item reasons of a TransactionCanceledException by item name (None for other errors).

    DynamoDB lists one reason per item in the order the items were sent, which is the
    order they were added here.
    """
    if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
        return None
    raw = exc.response.get("CancellationReasons") or []
    reasons: dict[str, Reason] = {}
    for name, reason in zip(names, raw, strict=False):
        code = reason.get("Code")
        reasons[name] = Reason(None if code in (None, "None") else code, reason.get("Item"))
    return reasons
