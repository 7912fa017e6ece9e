"""DynamoDB stream dispatch: one Lambda, many small record handlers.

Feature modules register a handler with `@record_handler`; each handler looks at a
record's old/new image and acts on the records it cares about (a cancelled signup, a
grant that was offered…). Handlers must be idempotent: streams deliver at least once.
A record whose handler raises is reported in `batchItemFailures` so Lambda retries only
from that record (with bisect and an on-failure destination configured in infra/), and
the records after it in the batch are still processed here first.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..store.wire import item_to_python

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamRecord:
    """A stream record with plain-Python old/new images."""

    event_name: str  # INSERT | MODIFY | REMOVE
    sequence_number: str
    keys: dict[str, Any]
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    def changed(self, attribute: str) -> bool:
        return (self.old or {}).get(attribute) != (self.new or {}).get(attribute)


RecordHandler = Callable[[StreamRecord], None]
_HANDLERS: list[RecordHandler] = []
#: The feature modules whose `@record_handler` functions see every record. Imported by the
#: first dispatch, not with the app: the API function never dispatches a record, and its
#: cold start should not pay for the stream's code (e-mail templates, promotion).
HANDLER_MODULES = ("chalicelib.events.promotion", "chalicelib.events.notifications", "chalicelib.events.tickets",
                   "chalicelib.events.waitlist", "chalicelib.events.activity_changes", "chalicelib.events.people")


def record_handler(fn: RecordHandler) -> RecordHandler:
    """Register `fn` to see every stream record."""
    _HANDLERS.append(fn)
    return fn


def handlers() -> list[RecordHandler]:
    """Every registered handler, importing the modules that register them (once)."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    return _HANDLERS


def _image(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    if not raw:
        return None
    return item_to_python(raw)


def parse_record(raw: dict[str, Any]) -> StreamRecord:
    ddb = raw.get("dynamodb", {})
    return StreamRecord(
        event_name=raw.get("eventName", ""),
        sequence_number=str(ddb.get("SequenceNumber", "")),
        keys=_image(ddb.get("Keys")) or {},
        old=_image(ddb.get("OldImage")),
        new=_image(ddb.get("NewImage")),
    )


def record_fields(record: StreamRecord | None, outcome: str, sequence_number: str = "") -> dict[str, Any]:
    """What a per-record log line says: the change and the item's kind, never its contents."""
    if record is None:  # undecodable: only its position is known
        return {"sequence_number": sequence_number, "outcome": outcome}
    image = record.new or record.old or {}
    return {"event": record.event_name, "sequence_number": record.sequence_number,
            "entity": image.get("entity"), "conference": image.get("conference_slug"), "outcome": outcome}


def _sequence_number(raw: Any) -> str:
    """The record's identifier for `batchItemFailures`, read defensively (the record may be malformed)."""
    try:
        return str(raw["dynamodb"]["SequenceNumber"])
    except (KeyError, TypeError, IndexError):
        return ""


def dispatch(raw_records: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """Run every handler on every record; return the failed records for Lambda to retry.

    Decoding is inside the per-record `try`: one undecodable record is that record's
    failure, never the batch's.
    """
    failures: list[dict[str, str]] = []
    registered = handlers()
    for raw in raw_records:
        sequence_number = _sequence_number(raw)
        record: StreamRecord | None = None
        try:
            record = parse_record(raw)
            for handler in registered:
                handler(record)
        except Exception:
            log.exception("stream record %s failed", sequence_number or "(no sequence number)",
                          extra=record_fields(record, "failed", sequence_number))
            failures.append({"itemIdentifier": sequence_number})
        else:
            log.info("stream record %s handled", record.sequence_number, extra=record_fields(record, "handled"))
    return {"batchItemFailures": failures}
