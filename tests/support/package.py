"""One offline `make package STAGE=prod` per test session, shared by the xdist workers.

The build (chalice package + post-processing, ~10 s; the target's wheels are
downloaded once into build/wheels-*) goes to build/test-package/<stage>[-<arch>] under
a file lock, stamped with a digest of every input (app code, Chalice config and
policies, infra/, requirements): a second worker, or a later run with unchanged
inputs, reuses it; any change to an input rebuilds it, so the checks always see the
template the current tree produces.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.build import DEFAULT_ARCHITECTURE, ROOT, Target, build

OUT = ROOT / "build" / "test-package"
INPUT_GLOBS = ("app.py", "chalicelib/**/*.py", ".chalice/*.json", "infra/**/*", "requirements.txt", "requirements.lock")


@dataclass(frozen=True)
class Packaged:
    directory: Path
    template: dict[str, Any]
    manifest: dict[str, Any]

    @property
    def resources(self) -> dict[str, Any]:
        return self.template["Resources"]

    def props(self, logical_id: str) -> dict[str, Any]:
        return self.resources[logical_id]["Properties"]


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in INPUT_GLOBS for p in ROOT.glob(pattern) if p.is_file()
                    and "__pycache__" not in p.parts})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package(stage: str, arch: str = DEFAULT_ARCHITECTURE) -> Packaged:
    OUT.mkdir(parents=True, exist_ok=True)
    name = stage if arch == DEFAULT_ARCHITECTURE else f"{stage}-{arch}"
    out = OUT / name
    with (OUT / f".{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = _inputs_digest()
        stamp = OUT / f".{name}.inputs"
        if not (stamp.exists() and stamp.read_text() == digest and (out / "sam.json").exists()):
            stamp.unlink(missing_ok=True)
            build(stage, out, target=Target(arch=arch))
            stamp.write_text(digest)
    return Packaged(out, json.loads((out / "sam.json").read_text()), json.loads((out / "manifest.json").read_text()))
