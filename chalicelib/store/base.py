"""The single DynamoDB table: its key schema, indexes, and the PynamoDB base model.

One table holds every entity (single-table design) so related items share a partition
and come back in one Query (a grant with its messages, an activity with its signups),
and so multi-entity rules (capacity + signup, status + counters) fit in one transaction.

Keys (see each store module for its entities):
  pk / sk          primary key, e.g. CONF#pycon / META
  gsi1pk / gsi1sk  GSI1: secondary listings (e.g. grants of a conference by age)
  gsi2pk / gsi2sk  GSI2: sparse "by status" listings (e.g. waitlist FIFO, pending receipts)
  gsi3pk / gsi3sk  GSI3: sparse "due" index, keyed by the moment an item needs the scheduler
                   (open offers by deadline: store.deadlines; applicants' messages no reviewer was
                   told about: store.message_digest), so a run reads only what is due
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from ..config import settings

GSI1 = "gsi1"
GSI2 = "gsi2"
GSI3 = "gsi3"
INDEXES = (GSI1, GSI2, GSI3)


def index_definition(index: str) -> dict[str, Any]:
    """One GSI of the table (every index projects ALL: its readers need whole items)."""
    return {
        "IndexName": index,
        "KeySchema": [
            {"AttributeName": f"{index}pk", "KeyType": "HASH"},
            {"AttributeName": f"{index}sk", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    }


def table_definition(table_name: str) -> dict[str, Any]:
    """CreateTable arguments: used by the local stack and mirrored by infra/ (a test checks)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"}
            for name in ("pk", "sk", *(f"{index}{part}" for index in INDEXES for part in ("pk", "sk")))
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [index_definition(index) for index in INDEXES],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }


def now_iso() -> str:
    """UTC timestamp with microseconds: sorts lexicographically, ties are rare."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def public_timestamp(value: str | None) -> str | None:
    """`2026-05-14T09:00:00.123456Z` -> `2026-05-14T09:00:00Z` for API responses."""
    if not value:
        return None
    return value.split(".")[0].rstrip("Z") + "Z"


class BaseMeta:
    """Table settings shared by every model; read from config at import time.

    The app sends every request through `store.table` and `store.transact` (one client
    per process); the connection settings below only serve PynamoDB's own methods, which
    the local tooling (seeds, bench, tests) still uses.
    """

    table_name = settings().table_name
    region = settings().region
    host = settings().aws_endpoint_url
    connect_timeout_seconds = 3
    read_timeout_seconds = 10
    max_retry_attempts = 3


class TableModel(Model):
    """Base for every entity in the table (never written directly)."""

    class Meta(BaseMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)

