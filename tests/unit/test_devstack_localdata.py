"""The local stack's data folder holds KMS key material: only its owner may read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from devstack.emulator import persist


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def generous_umask() -> object:
    previous = os.umask(0o022)  # the usual default: files 0644, folders 0755
    yield
    os.umask(previous)


def test_files_are_0600_and_folders_0700(tmp_path: Path) -> None:
    data = persist.DataDir(tmp_path / "localdata")
    with data.locked():
        persist.write_atomic(data.snapshot, b'{"format": 1}')
        digest = data.store_body(b"receipt body")
    assert _mode(data.root) == 0o700
    assert _mode(data.objects) == 0o700
    assert _mode(data.snapshot) == 0o600
    assert _mode(data.objects / digest) == 0o600
    assert _mode(data.root / persist.LOCK_NAME) == 0o600


def test_a_folder_saved_before_is_tightened_when_a_stack_takes_it(tmp_path: Path) -> None:
    root = tmp_path / "old"
    (root / persist.OBJECTS_DIR).mkdir(parents=True, mode=0o755)
    root.chmod(0o755)
    (root / persist.SNAPSHOT_NAME).write_bytes(b"{}")
    (root / persist.OBJECTS_DIR / "abc").write_bytes(b"x")
    for path in (root / persist.SNAPSHOT_NAME, root / persist.OBJECTS_DIR / "abc"):
        path.chmod(0o644)
    with persist.DataDir(root).locked():
        pass
    assert _mode(root) == 0o700 and _mode(root / persist.OBJECTS_DIR) == 0o700
    assert _mode(root / persist.SNAPSHOT_NAME) == 0o600 and _mode(root / persist.OBJECTS_DIR / "abc") == 0o600
