"""The emulator's Query reads the partition it is asked for, as DynamoDB's does.

moto 5 answers every Query by first sorting the whole table (`Table.all_items`: every item,
ordered by its keys with Python-level comparisons), then keeping the items of the one
partition (or index key) asked for, and then sorting those again. Its cost grows with the
table, not with the answer: at 20,000 items a Query of a 40-item partition took 140-330 ms,
and the emulator serves one request at a time (server.py), so by the end of the test suite
every Query held up every other request (the event pump's included) for about a second.

The answer does not depend on that first sort: moto sorts the kept items again (by the range
key for the table, by the index's keys and then the table's for an index). So, for the
duration of one Query, `all_items` is answered with
  * the table partition's own items, for a Query of the table (one dict lookup), or
  * the table's items unsorted, for a Query of an index (moto filters and sorts them).
Scans, snapshots and everything else keep moto's sorted `all_items`. The result, its order,
pagination and ScannedCount are unchanged (tests/unit/test_emulator_partition_reads.py
compares both on the same table).
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

_PATCHED = False
#: moto's own methods, as they were before `apply` (the tests compare against them).
ORIGINAL: dict[str, Callable[..., Any]] = {}
#: The items `all_items` answers while this thread runs a Query: (table, items).
_query_scope = threading.local()


def query_items(table: Any, hash_key: Any, index_name: str | None) -> list[Any]:
    """What moto's Query needs from `all_items`: only the partition for a table Query."""
    if index_name is None and hash_key is not None:
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        return list(partition.values()) if table.has_range_key else [partition]
    if table.has_range_key:
        return [item for partition in table.items.values() for item in partition.values()]
    return list(table.items.values())


def _scoped_all_items(original: Callable[[Any], list[Any]]) -> Callable[[Any], list[Any]]:
    def all_items(self: Any) -> list[Any]:
        scope = getattr(_query_scope, "items", None)
        if scope is not None and scope[0] is self:
            return list(scope[1])
        return original(self)

    return all_items


def _partition_query(original: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(original)

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(self, *args, **kwargs).arguments
        outer = getattr(_query_scope, "items", None)
        _query_scope.items = (self, query_items(self, arguments.get("hash_key"), arguments.get("index_name")))
        try:
            return original(self, *args, **kwargs)
        finally:
            _query_scope.items = outer

    return query


def apply() -> None:
    """Install once per process (idempotent)."""
    global _PATCHED
    if _PATCHED:
        return
    from moto.dynamodb.models.table import Table

    ORIGINAL.update(all_items=Table.all_items, query=Table.query)
    Table.all_items = _scoped_all_items(Table.all_items)  # type: ignore[method-assign]
    Table.query = _partition_query(Table.query)  # type: ignore[method-assign]
    _PATCHED = True
