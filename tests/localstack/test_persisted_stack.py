"""`make run` keeps what you do, never corrupts a save, and has a real demo schedule.

These start `python -m devstack.run` as a process (as `make run` does) on a data folder of
the test's own, stop it (Ctrl-C, or kill -9), start it again on the same folder, and look.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from devstack.emulator import persist
from tests.support.clients import wait_until
from tests.support.local_stack import Stack, unreachable
from tests.support.receipts import PDF

pytestmark = pytest.mark.localstack
DEMO = "pycon-demo"
PAYPAL = {"payment_method": "paypal", "legal_name": "Ada Attendee", "address_street": "1 Main St",
          "address_city": "Lisbon", "address_zip": "1000-001", "address_country": "PT",
          "paypal_email": "ada.paypal@example.com"}


def _bucket_objects(emulator_url: str) -> dict[str, bytes]:
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=emulator_url,
                      aws_access_key_id="local", aws_secret_access_key="local")
    listed = s3.list_objects_v2(Bucket="conference-receipts-local").get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket="conference-receipts-local", Key=o["Key"])["Body"].read() for o in listed}


def _demo_grant_id(stack: Stack) -> str:
    return stack.get(f"/conferences/{DEMO}/travel-grant", "attendee").json()["id"]


def test_data_survives_a_restart_and_a_kill_and_the_demo_is_seeded_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "localdata"
    first = Stack(data_dir)
    try:
        # The demo schedule came through the real sync, and "Sync now" works out of the box.
        lightning = first.get(f"/conferences/{DEMO}/activities/lightning-talks").json()
        assert lightning["talk_count"] >= 10 and lightning["schedule_by_day"], lightning
        synced = first.send("POST", f"/manage/conferences/{DEMO}/pretalx/sync", "admin")
        assert synced.status_code == 200, synced.text
        # What a user does: a conference, payment details (KMS-sealed), a receipt (a bucket object), a signup.
        body = {"name": "Kept Conf", "start_date": "2027-06-01", "end_date": "2027-06-03", "timezone": "Europe/Lisbon"}
        assert first.send("PUT", "/manage/conferences/kept-conf", "admin", body).status_code == 201
        assert first.send("PUT", f"/conferences/{DEMO}/travel-grant/payment-info", "attendee", PAYPAL).status_code == 200
        created = first.send("POST", f"/conferences/{DEMO}/travel-grant/receipts", "attendee",
                             {"receipt_type": "airfare", "amount": "320.00", "date": "2027-03-01",
                              "description": "Flight", "filename": "flight.pdf", "content_type": "application/pdf",
                              "size": len(PDF)})
        assert created.status_code == 201, created.text
        form = created.json()["upload"]
        requests.post(form["url"], data=form["fields"], files={"file": ("flight.pdf", PDF)}, timeout=30)
        receipt_id = created.json()["receipt"]["id"]
        assert first.send("POST", f"/conferences/{DEMO}/travel-grant/receipts/{receipt_id}/complete",
                          "attendee").json()["status"] == "pending"
        assert first.send("POST", f"/conferences/{DEMO}/activities/intro-to-async-python/signup", "attendee",
                          {}).status_code == 201
        grants_before = first.get(f"/manage/conferences/{DEMO}/travel-grants", "admin").json()
        # The demo's e-mails (offers etc.) were announced (the demo data's in one line, then one line
        # each) and are in the mailbox; the signup's own e-mail is sent by the pump, so wait for it.
        assert wait_until(lambda: first.mails_announced() >= 4, timeout=20), first.lines[-10:]

        def told_of_all() -> bool:
            messages = first.get("/dev/mailbox").json()["messages"]
            signed_up = any(m["subject"] == "You are signed up for Intro to async Python" for m in messages)
            return signed_up and first.mails_announced() == len(messages)

        assert wait_until(told_of_all, timeout=20, interval=0.3), first.lines[-10:]
        mailbox_before = first.get("/dev/mailbox").json()["messages"]
    finally:
        first.stop()
    saved = json.loads((data_dir / "snapshot.json").read_text())
    assert any(o["key"] for o in saved["bucket"]["objects"]) and saved["kms_keys"]

    second = Stack(data_dir)
    try:
        assert any("restored" in line for line in second.lines), second.lines
        assert second.get("/conferences/kept-conf").json()["name"] == "Kept Conf"
        # Seeded once: the demo grants are the same ones, not a second set.
        assert second.get(f"/manage/conferences/{DEMO}/travel-grants", "admin").json() == grants_before
        masked = second.get(f"/conferences/{DEMO}/travel-grant/payment-info", "attendee")
        assert masked.status_code == 200 and masked.json()["payment_method"] == "paypal"
        grant_id = _demo_grant_id(second)
        receipts = second.get(f"/conferences/{DEMO}/travel-grant/receipts", "attendee").json()["receipts"]
        assert [r["status"] for r in receipts if r["id"] == receipt_id] == ["pending"]
        # Approved, the grant is ready for disbursement: a payer may read its details.
        approved = second.send("POST", f"/manage/conferences/{DEMO}/receipts/{receipt_id}/approve", "admin")
        assert approved.status_code == 200, approved.text
        clear = second.get(f"/manage/conferences/{DEMO}/travel-grants/{grant_id}/payment-info", "admin")
        assert clear.status_code == 200, clear.text  # the KMS key came back: the sealed data opens
        assert clear.json()["paypal_email"] == PAYPAL["paypal_email"]
        assert PDF in _bucket_objects(second.info["emulator"]).values()
        activity = second.get(f"/conferences/{DEMO}/activities/intro-to-async-python", "attendee").json()
        assert activity["my_signup"] and activity["my_signup"]["status"] == "confirmed"
        # The mailbox kept its messages, and nothing was sent again by the restore.
        assert second.get("/dev/mailbox").json()["messages"] == mailbox_before
        time.sleep(2)
        assert second.mail_lines() == []
        # The saved conference was re-pointed at this run's demo Pretalx: "Sync now" still works.
        assert second.send("POST", f"/manage/conferences/{DEMO}/pretalx/sync", "admin").status_code == 200

        # A change, then kill -9 once it has been saved: the next start has it.
        body = {"name": "After Crash", "start_date": "2027-07-01", "end_date": "2027-07-02"}
        assert second.send("PUT", "/manage/conferences/after-crash", "admin", body).status_code == 201
        assert wait_until(lambda: "after-crash" in (data_dir / "snapshot.json").read_text(), timeout=15)
    finally:
        second.stop(signal.SIGKILL)
    # The emulator exits by itself when its stack is killed.
    assert wait_until(lambda: unreachable(second.info["emulator"]), timeout=10)

    third = Stack(data_dir)
    try:
        assert third.get("/conferences/after-crash").json()["name"] == "After Crash"
        assert third.get("/conferences/kept-conf").status_code == 200
    finally:
        third.stop()


def test_a_second_stack_on_the_same_folder_is_refused_and_reset_wipes_it(tmp_path: Path) -> None:
    first = Stack(tmp_path)
    try:
        env = {**os.environ, "PORT": "0", "LOCAL_DATA_DIR": str(tmp_path)}
        env.pop("AWS_ENDPOINT_URL", None)
        refused = subprocess.run([sys.executable, "-m", "devstack.run"], cwd=Path(__file__).resolve().parents[2],
                                 env=env, capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "another local stack is using" in refused.stderr
        assert first.get("/health").status_code == 200
        # `make reset` is refused while the stack runs on the folder...
        with pytest.raises(persist.DataDirBusy):
            persist.DataDir(tmp_path).wipe()
        assert (tmp_path / "snapshot.json").exists() or wait_until(lambda: (tmp_path / "snapshot.json").exists())
    finally:
        first.stop()
    # ... and afterwards forgets the data, but nothing else in the folder.
    (tmp_path / "notes.txt").write_text("mine")
    reset = subprocess.run([sys.executable, "-m", "devstack.run", "--reset"], cwd=Path(__file__).resolve().parents[2],
                           env={**os.environ, "LOCAL_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
                           timeout=60)
    assert reset.returncode == 0, reset.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- crash safety of a save (no stack needed) -------------------------------------------------

_WRITER = """
import itertools, json, sys
from pathlib import Path
from devstack.emulator.persist import write_atomic
path = Path(sys.argv[1])
for n in itertools.count():
    write_atomic(path, json.dumps({"n": n, "pad": "x" * 3_000_000}).encode())
    print(n, flush=True)
"""


def test_kill_9_during_saves_never_leaves_a_torn_snapshot(tmp_path: Path) -> None:
    """A writer saving 3 MB snapshots in a loop is killed at arbitrary moments: the file is
    always a whole snapshot (the last completed one or the one before), never a partial write."""
    path = tmp_path / "snapshot.json"
    persist.write_atomic(path, json.dumps({"n": -1, "pad": "x" * 3_000_000}).encode())
    root = Path(__file__).resolve().parents[2]
    for delay in (0.05, 0.13, 0.21, 0.34, 0.02):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], cwd=root, stdout=subprocess.PIPE,
                                  text=True)
        writer.stdout.readline()  # it has completed at least one save: now kill it mid-stream
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
        snapshot = json.loads(path.read_text())
        assert len(snapshot["pad"]) == 3_000_000 and snapshot["n"] >= 0
    # The interrupted saves' temporary files never count: load() drops them.
    data = persist.DataDir(tmp_path)
    (tmp_path / SNAPSHOT_TMP).write_text('{"format": 1, "table": {"ite')
    path.write_text(json.dumps({"format": persist.FORMAT_VERSION, "table": {"items": []}}))
    assert data.load() == {"format": persist.FORMAT_VERSION, "table": {"items": []}}
    assert not list(tmp_path.glob(".*.tmp"))


SNAPSHOT_TMP = ".snapshot.json.4242.tmp"


def test_a_failed_write_leaves_the_previous_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "snapshot.json"
    persist.write_atomic(path, b'{"good": true}')

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(persist.os, "fsync", crash)
    with pytest.raises(OSError):
        persist.write_atomic(path, b'{"good": fal')
    assert json.loads(path.read_text()) == {"good": True}


def test_an_unreadable_snapshot_stops_the_stack_instead_of_being_replaced(tmp_path: Path) -> None:
    (tmp_path / "snapshot.json").write_text("{not json")
    with pytest.raises(persist.SnapshotUnreadable, match="make reset"):
        persist.DataDir(tmp_path).load()


def test_item_encoding_round_trips_binary_values_at_any_depth() -> None:
    item = {"pk": {"S": "X"}, "blob": {"B": b"\x00\xff"}, "set": {"BS": [b"a", b"\x01"]},
            "nested": {"M": {"list": {"L": [{"B": b"deep"}, {"N": "1"}, {"SS": ["a"]}]}}}}
    encoded = persist._encode(item)
    assert persist._decode(json.loads(json.dumps(encoded))) == item
