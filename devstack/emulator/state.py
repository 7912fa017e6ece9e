"""The emulator's whole state as one consistent picture, read from moto's memory.

Called by the control surface (control.py), which runs inside the emulator's
request lock (server.py): no write can land between reading the table, the bucket, the
keys, the mailbox and the stream, so a snapshot never shows a counter without the items
it counts. Reading moto's memory directly (not Scan/ListObjects over HTTP) keeps the lock
short; the item and stream-record JSON is moto's own wire encoding (binary as base64),
exactly what a Scan or GetRecords would answer.

The stream checkpoint: the event pump reports the last record it handled; the records
after it are "pending" and travel with the snapshot, so a restarted stack delivers them
instead of skipping them. Records carried over from the previous run stay pending until
the pump says it has delivered them. The same for bucket events: the objects whose
"Object Created" event the pump has delivered (key -> ETag) are saved, so an upload it had
not got to before a restart still gets its event.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

USER_META = "x-amz-meta-"


@dataclass
class StreamCheckpoint:
    #: Sequence number of the last record the pump handled (None: none yet, all are pending).
    after: int | None = None
    #: Records a restored snapshot still had pending, until the pump has delivered them.
    carried: list[dict[str, Any]] = field(default_factory=list)
    #: Object key -> ETag whose bucket event the pump delivered (None: it never said).
    objects_seen: dict[str, str] | None = None


def _account() -> str:
    from moto.core import DEFAULT_ACCOUNT_ID

    return str(DEFAULT_ACCOUNT_ID)


def _table(name: str, region: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[_account()][region].get_table(name)


def _wire(value: Any) -> Any:
    from moto.dynamodb.models.utilities import dynamo_json_dump

    return json.loads(dynamo_json_dump(value))


def table_items(name: str, region: str) -> list[dict[str, Any]]:
    return [_wire(item.describe_attrs(None)["Item"]) for item in _table(name, region).all_items()]


def _shard(name: str, region: str) -> Any:
    return getattr(_table(name, region), "stream_shard", None)


def last_sequence_number(name: str, region: str) -> int | None:
    shard = _shard(name, region)
    if shard is None or not shard.items:
        return None
    return int(shard.items[-1].record["dynamodb"]["SequenceNumber"])


def pending_records(name: str, region: str, checkpoint: StreamCheckpoint) -> list[dict[str, Any]]:
    """Carried records first, then this run's records after the checkpoint (GetRecords' JSON)."""
    shard = _shard(name, region)
    fresh = [] if shard is None else [
        _wire(record.to_json()) for record in shard.items
        if checkpoint.after is None or int(record.record["dynamodb"]["SequenceNumber"]) > checkpoint.after]
    return [*checkpoint.carried, *fresh]


def bucket_objects(name: str, known: dict[str, str]) -> list[dict[str, Any]]:
    """Each object's key, ETag, content type and user metadata; its body (base64) unless
    `known` maps the key to the same ETag (the caller has that body already)."""
    from moto.s3.models import s3_backends

    backend = next(iter(s3_backends[_account()].values()))
    objects = []
    for key in backend.get_bucket(name).keys.values():
        metadata = dict(key.metadata)
        entry: dict[str, Any] = {
            "key": key.name, "etag": key.etag,
            "content_type": metadata.get("content-type") or "binary/octet-stream",
            "metadata": {k[len(USER_META):]: v for k, v in metadata.items() if k.startswith(USER_META)},
        }
        if known.get(key.name) != key.etag:
            entry["body"] = base64.b64encode(key.value).decode("ascii")
        objects.append(entry)
    return objects
