"""The Lambda package's dependencies: all locked with hashes, exactly what ships, no boto3."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

from infra.build import LOCK_FILE, ROOT, RUNTIME_PROVIDED, locked_requirements
from tests.support.package import Packaged


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt pins exact versions: {line!r}"
            pins[_normalise(name)] = version
    return pins


def lock_entries() -> list[str]:
    """One text block per locked distribution (its pin line and its hash lines)."""
    return re.split(r"\n(?=[A-Za-z0-9])", LOCK_FILE.read_text().split("\n\n")[-1].strip())


def test_every_locked_requirement_has_hashes_and_matches_the_top_level_pins() -> None:
    locked = locked_requirements()
    for name, version in top_level_pins().items():
        assert locked.get(name) == version, f"requirements.lock is stale for {name}: run `make lock`"
    entries = [e for e in lock_entries() if "==" in e.split("\n", 1)[0]]
    assert len(entries) == len(locked) > len(top_level_pins()), "transitive dependencies are locked too"
    for entry in entries:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.split("\n", 1)[0]
    # Transitive dependencies are pinned too, not only the top-level ones.
    assert {"pydantic-core", "cffi", "urllib3", "idna", "certifi", "typing-extensions"} <= set(locked)


def test_boto3_is_not_a_runtime_dependency() -> None:
    assert "boto3" not in top_level_pins() and "boto3" not in locked_requirements()
    assert "s3transfer" not in locked_requirements()


def test_the_app_does_not_import_boto3() -> None:
    code = "import sys, app; print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 's3transfer')))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | {"AWS_DEFAULT_REGION": "us-east-1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_the_zip_holds_exactly_the_locked_distributions(packaged: Packaged) -> None:
    with zipfile.ZipFile(packaged.directory / "deployment.zip") as archive:
        infos = {n.split("/", 1)[0] for n in archive.namelist() if n.split("/", 1)[0].endswith(".dist-info")}
    shipped = {}
    for folder in infos:
        name, version = folder.removesuffix(".dist-info").rsplit("-", 1)
        shipped[_normalise(name)] = version
    runtime = {_normalise(name) for name in RUNTIME_PROVIDED}
    expected = {name: v for name, v in locked_requirements().items() if name not in runtime}
    assert shipped == expected


def test_the_tests_run_the_locked_versions() -> None:
    """The venv (make venv installs under the lock's constraints) has what the Lambda package ships."""
    from importlib.metadata import version

    drift = {name: (locked, version(name)) for name, locked in locked_requirements().items() if version(name) != locked}
    assert drift == {}, "run `make venv` (or `make lock` after changing requirements.txt)"
