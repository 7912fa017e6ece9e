"""The local event pump: feeds stream records, schedules and bucket events to the app.

In AWS, Lambda's event source mappings, EventBridge rules and schedules invoke the
handlers. Locally nothing does, so this pump reads the app's own event-source
registrations (`app.event_sources`) and invokes the very same handler objects with
Lambda-shaped events:
  * DynamoDB stream: polls every shard of the table's stream (TRIM_HORIZON onwards) and
    retries a batch from the first reported `batchItemFailures` record, a bounded number
    of times, like Lambda with ReportBatchItemFailures; records that keep failing are
    kept in `dead_letters` (the SQS on-failure destination in AWS). After each batch it
    tells the emulator its checkpoint (`/_devstack/stream`), so the records it has not
    handled yet are saved with the data; a restored stack delivers those first.
  * Schedules: `rate(...)` expressions, run on their interval (and once shortly after start).
  * Bucket events: new objects in the receipts bucket become EventBridge
    `Object Created` events for `on_cw_event` handlers whose pattern has source aws.s3.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import boto3
import requests
from chalice.app import CloudWatchEventConfig, DynamoDBEventConfig, Rate, ScheduledEventConfig
from chalice.local import LambdaContext

from chalicelib.config import Settings

log = logging.getLogger("devstack.pump")
MAX_ATTEMPTS = 3


def _context(name: str) -> LambdaContext:
    return LambdaContext(function_name=name, memory_size=512, max_runtime_ms=900_000)


def _rate_seconds(expression: Any) -> float:
    if isinstance(expression, Rate):
        unit = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400}[expression.unit.upper() if isinstance(expression.unit, str) else expression.unit]
        return float(expression.value * unit)
    text = str(expression).strip()
    if text.startswith("rate(") and text.endswith(")"):
        value, unit = text[5:-1].split()
        factor = 60 if unit.startswith("minute") else 3600 if unit.startswith("hour") else 86400
        return float(int(value) * factor)
    raise ValueError(f"the local pump runs rate() schedules only, not {text!r}")


class EventPump:
    def __init__(self, app_module: Any, s: Settings, stream_arn: str, *, poll_seconds: float = 0.2,
                 schedule_delay: float = 5.0, from_now: bool = False) -> None:
        """`from_now`: skip the stream records and bucket objects that exist at start (a
        restored snapshot's: they were handled before the stack stopped; replaying them
        would send the e-mails and verify the uploads again), except the records the
        snapshot saved as not handled yet, which `start()` delivers first, and the bucket
        events of the objects the restored run had not got to."""
        self._app_module = app_module
        self.app_module = app_module
        self._settings = s
        self._stream_arn = stream_arn
        self._poll = poll_seconds
        self._schedule_delay = schedule_delay
        self._from_now = from_now
        self._start_iterators: dict[str, str | None] = {}
        self._start_seen: dict[str, str] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        session = boto3.session.Session()
        kw = {"region_name": s.region, "endpoint_url": s.aws_endpoint_url}
        self._streams = session.client("dynamodbstreams", **kw)
        self._s3 = session.client("s3", **kw)
        self.dead_letters: list[dict[str, Any]] = []
        self.delivered = 0
        # Held while one poll of the bucket delivers its events; `bucket_events_paused` takes it.
        self._bucket_poll = threading.Lock()
        #: Set by the stream loop after a full round that found no records.
        self._stream_idle = threading.Event()

    def _handler(self, handler_string: str) -> Callable[..., Any]:
        return getattr(self._app_module, handler_string.split(".")[-1])

    # -- lifecycle -----------------------------------------------------------------
    def _checkpoint(self, payload: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """GET (or POST `payload` to) the emulator's stream checkpoint; None from an emulator without one."""
        url = f"{(self._settings.aws_endpoint_url or '').rstrip('/')}/_devstack/stream"
        try:
            answer = requests.post(url, json=payload, timeout=30) if payload is not None else requests.get(url, timeout=30)
        except requests.RequestException:
            log.warning("could not reach the emulator's stream checkpoint at %s", url)
            return None
        return answer.json() if answer.status_code == 200 else None

    def _deliver_carried(self) -> None:
        """The records the previous run had not handled (restored with its data), before anything new."""
        carried = (self._checkpoint() or {}).get("carried") or []
        if not carried:
            return
        from devstack.emulator.persist import decode_item_values

        records = [{**record, "dynamodb": decode_item_values(record["dynamodb"])} for record in carried]
        for source in self._app_module.app.event_sources:
            if isinstance(source, DynamoDBEventConfig):
                handler = self._handler(source.handler_string)
                for start in range(0, len(records), 100):
                    self.deliver_stream_batch(handler, source.name, records[start:start + 100])
        self._checkpoint({"carried": []})

    def start(self) -> EventPump:
        if self._from_now:  # positions taken before start() returns: nothing written after it is skipped
            description = self._streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]
            self._start_iterators = {shard["ShardId"]: self._streams.get_shard_iterator(
                StreamArn=self._stream_arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
                for shard in description["Shards"]}
            saved = (self._checkpoint() or {}).get("objects_seen")
            if isinstance(saved, dict):  # the restored run said which objects it had handled
                self._start_seen = dict(saved)
            else:
                for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._settings.bucket_name):
                    self._start_seen.update({obj["Key"]: obj["ETag"] for obj in page.get("Contents", [])})
                self._checkpoint({"objects_seen": self._start_seen})
            self._deliver_carried()
        for source in self._app_module.app.event_sources:
            handler = self._handler(source.handler_string)
            if isinstance(source, DynamoDBEventConfig):
                target = self._run_stream
                args: tuple[Any, ...] = (handler, source.name)
            elif isinstance(source, ScheduledEventConfig):
                target, args = self._run_schedule, (handler, source.name, _rate_seconds(source.schedule_expression))
            elif isinstance(source, CloudWatchEventConfig) and "aws.s3" in str(source.event_pattern.get("source")):
                target, args = self._run_bucket_events, (handler, source.name)
            else:
                log.warning("local pump does not feed %s", source.name)
                continue
            thread = threading.Thread(target=self._guard, args=(target, *args), name=f"pump-{source.name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        from .gateway import schedules

        schedules.attach(self)  # POST /dev/schedules/run drives this pump's app and waits on its stream
        return self

    @contextmanager
    def bucket_events_paused(self) -> Iterator[None]:
        """No bucket events while inside (after the poll in flight, if any, has finished).

        For tests that drive `complete` and the upload handler by hand and assert one
        particular interleaving; objects created meanwhile are delivered afterwards,
        as EventBridge would deliver late events.
        """
        with self._bucket_poll:
            yield

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until the stream records written before this call have been handled (a
        round of polling after it found none); False on timeout."""
        self._stream_idle.clear()
        return self._stream_idle.wait(timeout)

    def stop(self) -> None:
        from .gateway import schedules

        schedules.detach(self)
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _guard(self, target: Callable[..., None], *args: Any) -> None:
        while not self._stop.is_set():
            try:
                target(*args)
                return
            except Exception:
                if self._stop.is_set():
                    return
                log.exception("event pump loop failed; restarting")
                self._stop.wait(1)

    # -- DynamoDB stream -------------------------------------------------------------
    def _run_stream(self, handler: Callable[..., Any], name: str) -> None:
        iterators: dict[str, str | None] = dict(self._start_iterators)
        while not self._stop.is_set():
            description = self._streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]
            for shard in description["Shards"]:
                if shard["ShardId"] not in iterators:
                    iterators[shard["ShardId"]] = self._streams.get_shard_iterator(
                        StreamArn=self._stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON",
                    )["ShardIterator"]
            busy = False
            for shard_id, iterator in list(iterators.items()):
                if iterator is None:
                    continue
                response = self._streams.get_records(ShardIterator=iterator, Limit=100)
                records = response.get("Records", [])
                if records:
                    busy = True
                    self.deliver_stream_batch(handler, name, records)
                    self._checkpoint({"after": records[-1]["dynamodb"]["SequenceNumber"]})
                iterators[shard_id] = response.get("NextShardIterator")
            if not busy:
                self._stream_idle.set()
                self._stop.wait(self._poll)

    def deliver_stream_batch(self, handler: Callable[..., Any], name: str, records: list[dict[str, Any]]) -> None:
        """Invoke like Lambda: retry from the first failed record, bounded, then dead-letter."""
        batch = [self._lambda_record(r) for r in records]
        for attempt in range(1, MAX_ATTEMPTS + 1):
            result = handler({"Records": batch}, _context(name)) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            if not failed:
                break
            first = next(i for i, r in enumerate(batch) if r["dynamodb"]["SequenceNumber"] in failed)
            batch = batch[first:]
            if attempt == MAX_ATTEMPTS:
                self.dead_letters.extend(batch)
                log.error("%d stream record(s) dead-lettered after %d attempts", len(batch), attempt)
        self.delivered += len(records)

    def _lambda_record(self, record: dict[str, Any]) -> dict[str, Any]:
        ddb = dict(record["dynamodb"])
        created = ddb.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):
            ddb["ApproximateCreationDateTime"] = created.timestamp()
        elif created is None:
            ddb["ApproximateCreationDateTime"] = time.time()
        return {
            "eventID": record.get("eventID", uuid.uuid4().hex),
            "eventName": record["eventName"],
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self._settings.region,
            "dynamodb": ddb,
            "eventSourceARN": self._stream_arn,
        }

    # -- schedules -------------------------------------------------------------------
    def _run_schedule(self, handler: Callable[..., Any], name: str, every: float) -> None:
        delay = self._schedule_delay
        if delay == float("inf"):
            return  # schedules disabled (tests and benchmarks invoke the handler themselves)
        while not self._stop.wait(delay):
            event = {
                "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
                "account": "000000000000", "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "region": self._settings.region, "resources": [f"arn:aws:events:local:rule/{name}"], "detail": {},
            }
            try:
                handler(event, _context(name))
            except Exception:
                log.exception("scheduled function %s failed", name)
            delay = every

    # -- bucket events -----------------------------------------------------------------
    def _run_bucket_events(self, handler: Callable[..., Any], name: str) -> None:
        seen: dict[str, str] = dict(self._start_seen)
        bucket = self._settings.bucket_name
        while not self._stop.wait(max(self._poll, 0.5)):
            with self._bucket_poll:
                delivered: dict[str, str] = {}
                for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                    for obj in page.get("Contents", []):
                        if seen.get(obj["Key"]) == obj["ETag"]:
                            continue
                        seen[obj["Key"]] = obj["ETag"]
                        event = {
                            "version": "0", "id": str(uuid.uuid4()), "detail-type": "Object Created",
                            "source": "aws.s3", "account": "000000000000",
                            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "region": self._settings.region, "resources": [f"arn:aws:s3:::{bucket}"],
                            "detail": {"version": "0", "bucket": {"name": bucket},
                                       "object": {"key": obj["Key"], "size": obj["Size"], "etag": obj["ETag"].strip('"')},
                                       "reason": "PostObject"},
                        }
                        try:
                            handler(event, _context(name))
                        except Exception:
                            log.exception("bucket event handler %s failed for %s", name, obj["Key"])
                        delivered[obj["Key"]] = obj["ETag"]
                if delivered:  # saved with the data: a restart delivers the events of the others
                    self._checkpoint({"objects_seen": delivered})
