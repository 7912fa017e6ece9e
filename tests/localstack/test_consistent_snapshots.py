"""A local save is the emulator's state at one instant, nothing acknowledged is lost when the
stack is killed, and stream records not handled before a restart are handled after it."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from chalice import Chalice

from chalicelib.config import Settings, load_settings
from devstack.emulator import persist, provision
from devstack.pump import EventPump
from devstack.run import start_emulator
from tests.support.clients import wait_until
from tests.support.local_stack import Stack, unreachable

pytestmark = pytest.mark.localstack


@pytest.fixture
def emulators() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _emulator(started: list[subprocess.Popen[str]]) -> Settings:
    """A fresh emulator process (moto's state is per process) with the app's table, bucket and key."""
    process, url = start_emulator(0)
    started.append(process)
    s = load_settings({"STAGE": "local", "AWS_ENDPOINT_URL": url, "AWS_DEFAULT_REGION": "us-east-1",
                       "AUTH_DEV_SECRET": "x" * 40})
    provision.provision(s)
    return s


def _client(service: str, s: Settings) -> Any:
    return boto3.client(service, region_name=s.region, endpoint_url=s.aws_endpoint_url,
                        aws_access_key_id="local", aws_secret_access_key="local")


def test_every_snapshot_taken_under_concurrent_writes_is_consistent(emulators: list, tmp_path: Path) -> None:
    """Each write adds an item and counts it in one transaction; a snapshot showing a counter
    different from its items would be torn (the table is large enough for a Scan to take pages)."""
    s = _emulator(emulators)
    ddb = _client("dynamodb", s)
    pad = "x" * 8_000  # 200 items: two 1 MB Scan pages
    ddb.put_item(TableName=s.table_name, Item={"pk": {"S": "COUNTER"}, "sk": {"S": "C"}, "n": {"N": "0"}})

    def add(n: int) -> None:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": s.table_name, "Item": {"pk": {"S": f"ROW#{n:05d}"}, "sk": {"S": "R"},
                                                         "pad": {"S": pad}},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": {"TableName": s.table_name, "Key": {"pk": {"S": "COUNTER"}, "sk": {"S": "C"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        ])

    for n in range(200):
        add(n)
    stop = threading.Event()

    def writer(first: int) -> None:
        for n in range(first, first + 300):  # bounded: a busy machine runs other tests meanwhile
            if stop.is_set():
                return
            add(n)

    threads = [threading.Thread(target=writer, args=(10_000 * (i + 1),)) for i in range(2)]
    for thread in threads:
        thread.start()
    data = persist.DataDir(tmp_path)
    emulator = persist.Emulator(s)
    torn = []
    try:
        for _ in range(8):
            snapshot = persist.take_snapshot(emulator, data)
            items = snapshot["table"]["items"]
            counter = next(int(i["n"]["N"]) for i in items if i["pk"]["S"] == "COUNTER")
            rows = sum(1 for i in items if i["pk"]["S"].startswith("ROW#"))
            if counter != rows:
                torn.append((counter, rows))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert rows > 200  # the writers were busy meanwhile
    assert torn == []


def test_kill_9_of_the_stack_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """What `make run` prints: saved within 2 s of each change and if the stack is killed."""
    data_dir = tmp_path / "data"
    stack = Stack(data_dir, save_seconds=None)  # the default save interval, as `make run` runs
    acknowledged: dict[str, float] = {}
    try:
        for n in range(40):
            body = {"name": f"Kill {n}", "start_date": "2027-06-01", "end_date": "2027-06-02"}
            reply = stack.send("PUT", f"/manage/conferences/kill-{n}", "admin", body)
            assert reply.status_code == 201, reply.text
            acknowledged[f"kill-{n}"] = time.monotonic()
    finally:
        killed_at = time.monotonic()
        stack.stop(signal.SIGKILL)
    assert wait_until(lambda: unreachable(stack.info["emulator"]), timeout=15)
    again = Stack(data_dir)
    try:
        lost = {slug: round(killed_at - at, 2) for slug, at in acknowledged.items()
                if again.get(f"/conferences/{slug}").status_code != 200}
    finally:
        again.stop()
    assert lost == {}, f"acknowledged, then lost (seconds before the kill): {lost}"


def test_stream_records_not_handled_before_a_restart_are_handled_after_it(emulators: list, tmp_path: Path) -> None:
    first = _emulator(emulators)
    ddb = _client("dynamodb", first)
    # Written while no pump runs (a stack killed before its pump got to them).
    for n in range(3):
        ddb.put_item(TableName=first.table_name, Item={"pk": {"S": f"EVENT#{n}"}, "sk": {"S": "E"},
                                                         "blob": {"B": bytes([n, 255])}})
    data = persist.DataDir(tmp_path)
    snapshot = persist.save(persist.Emulator(first), data)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in snapshot["stream_pending"]] == ["EVENT#0", "EVENT#1", "EVENT#2"]

    second = _emulator(emulators)
    restored = persist.DataDir(tmp_path).load()
    assert persist.restore_data(persist.Emulator(second), data, restored) == 3
    stream_arn = _client("dynamodb", second).describe_table(TableName=second.table_name)["Table"]["LatestStreamArn"]
    seen: list[tuple[str, bytes]] = []
    app = Chalice("pending-records")

    @app.on_dynamodb_record(stream_arn=stream_arn)
    def handle(event: Any) -> None:
        seen.extend((r.keys["pk"]["S"], r.new_image["blob"]["B"]) for r in event)

    module = type("Module", (), {"app": app, "handle": staticmethod(handle)})
    pump = EventPump(module, second, stream_arn, from_now=True, schedule_delay=float("inf")).start()
    try:
        # The restore's own writes are not events; the three pending records are, once each, with their bytes.
        assert seen == [("EVENT#0", b"\x00\xff"), ("EVENT#1", b"\x01\xff"), ("EVENT#2", b"\x02\xff")]
        ddb2 = _client("dynamodb", second)
        ddb2.put_item(TableName=second.table_name, Item={"pk": {"S": "EVENT#3"}, "sk": {"S": "E"},
                                                          "blob": {"B": b"\x03"}})
        assert wait_until(lambda: len(seen) == 4, timeout=10), seen
        # Handled: the next save has nothing pending.
        assert wait_until(lambda: persist.take_snapshot(persist.Emulator(second), data)["stream_pending"] == [],
                          timeout=10)
    finally:
        pump.stop()
    assert requests.get(f"{second.aws_endpoint_url}/_devstack/stream", timeout=5).json()["carried"] == []


def test_an_upload_whose_bucket_event_was_not_delivered_gets_it_after_a_restart(emulators: list,
                                                                                tmp_path: Path) -> None:
    first = _emulator(emulators)
    s3 = _client("s3", first)
    s3.put_object(Bucket=first.bucket_name, Key="receipts/handled.pdf", Body=b"%PDF handled")
    # The run that stopped had delivered the first object's event, not the second's.
    etag = s3.head_object(Bucket=first.bucket_name, Key="receipts/handled.pdf")["ETag"]
    requests.post(f"{first.aws_endpoint_url}/_devstack/stream", json={"objects_seen": {"receipts/handled.pdf": etag}},
                  timeout=5).raise_for_status()
    s3.put_object(Bucket=first.bucket_name, Key="receipts/pending.pdf", Body=b"%PDF pending")
    data = persist.DataDir(tmp_path)
    persist.save(persist.Emulator(first), data)

    second = _emulator(emulators)
    persist.restore_data(persist.Emulator(second), data, data.load())
    stream_arn = _client("dynamodb", second).describe_table(TableName=second.table_name)["Table"]["LatestStreamArn"]
    seen: list[str] = []
    app = Chalice("pending-objects")

    @app.on_cw_event({"source": ["aws.s3"], "detail-type": ["Object Created"]})
    def on_upload(event: Any) -> None:
        seen.append(event.detail["object"]["key"])

    module = type("Module", (), {"app": app, "on_upload": staticmethod(on_upload)})
    pump = EventPump(module, second, stream_arn, from_now=True, poll_seconds=0.1, schedule_delay=float("inf")).start()
    try:
        assert wait_until(lambda: seen == ["receipts/pending.pdf"], timeout=10), seen
        time.sleep(1)
        assert seen == ["receipts/pending.pdf"]  # once, and never the one handled before
    finally:
        pump.stop()
