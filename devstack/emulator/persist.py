"""Local data that survives a restart: snapshots of the emulator's state in a folder.

moto keeps everything in memory. The stack saves what the app stores into a git-ignored
folder (`.localdata/` by default, `LOCAL_DATA_DIR` to move it) and loads it at start:
  * `snapshot.json`: every table item (DynamoDB JSON, binary values base64), the bucket's
    object list (key, content type, metadata, body digest), the KMS keys with their
    material (sealed payment details and Pretalx tokens stay readable) and the mailbox;
  * `objects/<sha256>`: object bodies, content-addressed, so an unchanged receipt is
    written once, not on every save;
  * the stream records the event pump had not handled yet (`stream_pending`), delivered
    after the restart, and the objects whose bucket event it has delivered
    (`bucket_events_seen`): the others get theirs after the restart.

Each snapshot is the emulator's state at one instant: it is read inside the emulator's
request lock (control.py), never by scanning while writes go on.

Crash safety (kill -9 at any moment): every file is written to a temporary name, flushed
to disk and renamed over the old one (rename is atomic), bodies before the snapshot that
names them, and unreferenced bodies are deleted only after the new snapshot is in place.
A reader therefore sees the previous snapshot or the new one, never a torn file.

The folder holds KMS key material and payment details: it is the owner's alone (folders
0700, files 0600, whatever the umask), and a folder saved before that rule is tightened
when a stack takes it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import boto3
import requests

from chalicelib.config import Settings

FORMAT_VERSION = 1
SNAPSHOT_NAME = "snapshot.json"
OBJECTS_DIR = "objects"
LOCK_NAME = ".lock"
BATCH = 25  # BatchWriteItem's limit
#: Files the stack keeps at the top of the data folder.
OWN_FILES = (SNAPSHOT_NAME, LOCK_NAME, "demo-tokens.env")
DIR_MODE = 0o700
FILE_MODE = 0o600


class DataDirBusy(RuntimeError):
    """Another running stack holds the data folder."""


class SnapshotUnreadable(RuntimeError):
    """The snapshot exists but cannot be loaded (never silently replaced by demo data)."""


def private_dir(path: Path) -> None:
    """Create `path` (and missing parents) readable by its owner only."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask, and an existing folder keeps its own


def open_private(path: Path, flags: int) -> int:
    """os.open with mode 0600 from the first byte (no window in which others could open it)."""
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through O_CREAT
    return fd


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with os.fdopen(open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- DynamoDB JSON <-> plain JSON (binary values as base64) ---------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"B"}:
            return {"B": base64.b64encode(value["B"]).decode("ascii")}
        if set(value) == {"BS"}:
            return {"BS": [base64.b64encode(v).decode("ascii") for v in value["BS"]]}
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"B"} and isinstance(value["B"], str):
            return {"B": base64.b64decode(value["B"])}
        if set(value) == {"BS"}:
            return {"BS": [base64.b64decode(v) for v in value["BS"]]}
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def decode_item_values(value: Any) -> Any:
    """DynamoDB JSON as on the wire (binary as base64) -> as boto3 parses it (binary as bytes)."""
    return _decode(value)


# -- the data folder ------------------------------------------------------------------------


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def snapshot(self) -> Path:
        return self.root / SNAPSHOT_NAME

    @property
    def objects(self) -> Path:
        return self.root / OBJECTS_DIR

    @contextlib.contextmanager
    def locked(self, wait_seconds: float = 0.0) -> Iterator[int]:
        """Held while a stack runs on this folder: two stacks would overwrite each other.

        Yields the lock's file descriptor: the emulator inherits it, so a killed stack's
        emulator keeps the folder until its own last save is written. `wait_seconds`: how
        long to wait for a previous holder (such an emulator) to finish.
        """
        private_dir(self.root)
        handle: IO[str] = os.fdopen(open_private(self.root / LOCK_NAME, os.O_WRONLY | os.O_CREAT), "w")
        try:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DataDirBusy(f"another local stack is using {self.root}; stop it, or set "
                                          "LOCAL_DATA_DIR to another folder") from None
                    time.sleep(0.1)
            self._tighten()
            yield handle.fileno()
        finally:
            handle.close()

    def _tighten(self) -> None:
        """Folders and files saved before the owner-only rule (or copied in) become 0700/0600."""
        self.root.chmod(DIR_MODE)
        ours = [self.root / name for name in OWN_FILES]
        if self.objects.is_dir():
            self.objects.chmod(DIR_MODE)
            ours.extend(self.objects.iterdir())
        for path in ours:  # only what the stack writes: other files in the folder are left alone
            if path.is_file() and not path.is_symlink():
                path.chmod(FILE_MODE)

    def wipe(self) -> None:
        """What `make reset` does: forget the saved data (refused while a stack runs on it).

        Removes only what the stack writes, so a mistyped LOCAL_DATA_DIR loses nothing else.
        """
        if not self.root.exists():
            return
        with self.locked():
            for name in OWN_FILES:
                if name != LOCK_NAME:
                    (self.root / name).unlink(missing_ok=True)
            for stray in self.root.glob(".*.tmp"):
                stray.unlink(missing_ok=True)
            self.collect_garbage(set())
            if self.objects.exists():
                self.objects.rmdir()
        (self.root / LOCK_NAME).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty: something else lives there; keep it
            self.root.rmdir()

    def load(self) -> dict[str, Any] | None:
        """The saved snapshot, or None when there is none yet."""
        for stray in self.root.glob(".*.tmp"):  # a save interrupted by a crash: never renamed
            stray.unlink(missing_ok=True)
        if not self.snapshot.exists():
            return None
        try:
            snapshot = json.loads(self.snapshot.read_bytes())
        except ValueError as exc:
            raise SnapshotUnreadable(f"{self.snapshot} is not valid JSON ({exc}); move it away or run "
                                     "`make reset`") from None
        if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT_VERSION:
            raise SnapshotUnreadable(f"{self.snapshot} has an unknown format; move it away or run `make reset`")
        return snapshot

    def body(self, digest: str) -> bytes:
        return (self.objects / digest).read_bytes()

    def store_body(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if not (self.objects / digest).exists():
            write_atomic(self.objects / digest, data)
        return digest

    def collect_garbage(self, keep: set[str]) -> None:
        if self.objects.exists():
            for body in self.objects.iterdir():
                if body.name not in keep:
                    body.unlink(missing_ok=True)


# -- saving and restoring ----------------------------------------------------------------------


class Emulator:
    """The emulator's APIs the snapshot needs (DynamoDB, S3, and its control routes)."""

    def __init__(self, s: Settings) -> None:
        assert s.aws_endpoint_url, "snapshots are for the local emulator only"
        self.settings = s
        self.url = s.aws_endpoint_url.rstrip("/")
        session = boto3.session.Session()
        kw = {"region_name": s.region, "endpoint_url": self.url}
        self.ddb = session.client("dynamodb", **kw)
        self.s3 = session.client("s3", **kw)

    def control(self, name: str, payload: Any = None) -> Any:
        url = f"{self.url}/_devstack/{name}"
        answer = requests.post(url, json=payload, timeout=30) if payload is not None else requests.get(url, timeout=30)
        answer.raise_for_status()
        return answer.json()


def known_bodies(data_dir: DataDir, previous: dict[str, Any] | None) -> dict[str, str]:
    """Object key -> ETag of the bodies `previous` saved that are still on disk (not sent again)."""
    objects = ((previous or {}).get("bucket") or {}).get("objects", [])
    return {o["key"]: o["etag"] for o in objects if o.get("etag") and (data_dir.objects / o["sha256"]).exists()}


def snapshot_from_state(state: dict[str, Any], data_dir: DataDir, table: str, bucket: str,
                        previous: dict[str, Any] | None) -> dict[str, Any]:
    """The snapshot for the emulator's `state` (see control.py); new bodies are
    written to the data folder now, known ones are taken from `previous`."""
    kept = {(o["key"], o.get("etag")): o for o in ((previous or {}).get("bucket") or {}).get("objects", [])}
    objects = []
    for entry in state["objects"]:
        if "body" in entry:
            sha256 = data_dir.store_body(base64.b64decode(entry["body"]))
        else:
            sha256 = kept[(entry["key"], entry["etag"])]["sha256"]
        objects.append({"key": entry["key"], "etag": entry["etag"], "sha256": sha256,
                        "content_type": entry["content_type"], "metadata": entry["metadata"]})
    return {
        "format": FORMAT_VERSION,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "changes": state["changes"],
        "table": {"name": table, "items": state["items"]},
        "bucket": {"name": bucket, "objects": objects},
        "kms_keys": state["kms_keys"],
        "mailbox": state["mailbox"],
        "stream_pending": state["stream_pending"],
        "bucket_events_seen": state.get("bucket_events_seen"),
    }


def write_snapshot(data_dir: DataDir, snapshot: dict[str, Any]) -> None:
    write_atomic(data_dir.snapshot, json.dumps(snapshot, separators=(",", ":")).encode())
    data_dir.collect_garbage({o["sha256"] for o in snapshot["bucket"]["objects"]})


def take_snapshot(emulator: Emulator, data_dir: DataDir, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The emulator's state at one instant (read inside its request lock: no write lands
    halfway through), with the object bodies `previous` does not have written to the folder."""
    s = emulator.settings
    state = emulator.control("snapshot", {"table": s.table_name, "bucket": s.bucket_name, "region": s.region,
                                          "known": known_bodies(data_dir, previous)})
    return snapshot_from_state(state, data_dir, s.table_name, s.bucket_name, previous)


def save(emulator: Emulator, data_dir: DataDir, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """One crash-safe save; returns the snapshot written (pass it as `previous` next time)."""
    snapshot = take_snapshot(emulator, data_dir, previous)
    write_snapshot(data_dir, snapshot)
    return snapshot


def save_on_exit_to(emulator: Emulator, data_dir: DataDir) -> None:
    """Tell the emulator where to save by itself if its stack is killed (server.py)."""
    s = emulator.settings
    emulator.control("persist", {"data_dir": str(data_dir.root), "table": s.table_name, "bucket": s.bucket_name,
                                 "region": s.region})


def restore_keys(emulator: Emulator, snapshot: dict[str, Any]) -> None:
    """KMS keys first, before provisioning looks for the key alias (or would create a new key)."""
    emulator.control("kms", snapshot.get("kms_keys") or [])


def restore_data(emulator: Emulator, data_dir: DataDir, snapshot: dict[str, Any]) -> int:
    """Items, objects and mailbox into the provisioned (empty) table and bucket; returns item count."""
    s = emulator.settings
    items = [_decode(item) for item in snapshot["table"]["items"]]
    for start in range(0, len(items), BATCH):
        requests_ = {s.table_name: [{"PutRequest": {"Item": item}} for item in items[start:start + BATCH]]}
        while requests_:
            requests_ = emulator.ddb.batch_write_item(RequestItems=requests_).get("UnprocessedItems") or {}
    for entry in snapshot["bucket"]["objects"]:
        emulator.s3.put_object(Bucket=s.bucket_name, Key=entry["key"], Body=data_dir.body(entry["sha256"]),
                               ContentType=entry.get("content_type") or "binary/octet-stream",
                               Metadata=entry.get("metadata") or {})
    emulator.control("mailbox", snapshot.get("mailbox") or [])
    # The restore's own writes are not events; what the last run had not handled yet still is.
    emulator.control("stream", {"skip_to_latest": {"table": s.table_name, "region": s.region},
                                "carried": snapshot.get("stream_pending") or []})
    if snapshot.get("bucket_events_seen") is not None:  # else (an older save): the pump takes all as seen
        emulator.control("stream", {"objects_seen": snapshot["bucket_events_seen"]})
    return len(items)
