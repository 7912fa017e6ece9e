"""The package targets Lambda's python3.13 on arm64, whatever Python builds it.

Every function declares that runtime and architecture, and everything in the zip that
the runtime loads is built for them: each native module's file name tag and ELF
machine, and the bytecode (the runtime's version, or none). The ELF header is read
here, independently of infra/build.py's own check.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from infra import build
from infra.build import TOOLS_PYTHON
from tests.support.package import Packaged, package

#: ELF e_machine values (the ELF specification's EM_X86_64 and EM_AARCH64).
ELF_MACHINE = {"x86_64": 62, "arm64": 183}
GNU_TRIPLET = {"x86_64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}
#: Python 3.13's bytecode magic number (importlib.util.MAGIC_NUMBER on any 3.13.x).
PY313_MAGIC = (3571).to_bytes(2, "little") + b"\r\n"
#: The next conference season must not fall inside the runtime's deprecation.
SUPPORT_HORIZON = datetime.timedelta(days=550)


def functions(template: dict) -> dict[str, dict]:
    return {name: r["Properties"] for name, r in template["Resources"].items()
            if r["Type"] in ("AWS::Serverless::Function", "AWS::Lambda::Function")}


def shared_objects(path: Path) -> dict[str, bytes]:
    """name -> first 20 bytes, for every shared object in the zip."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith(".so") or ".so." in base:
                with archive.open(info) as handle:
                    found[info.filename] = handle.read(20)
    return found


def assert_native_code_is_for(path: Path, arch: str) -> None:
    objects = shared_objects(path)
    tops = {name.split("/", 1)[0] for name in objects}
    # The dependencies that have native code: pydantic-core, cryptography, cffi, charset-normalizer.
    assert {"pydantic_core", "cryptography", "charset_normalizer"} <= tops and any("_cffi_backend" in n for n in tops)
    for name, header in objects.items():
        assert header[:4] == b"\x7fELF" and header[4] == 2 and header[5] == 1, f"{name}: not a 64-bit LE ELF"
        assert int.from_bytes(header[18:20], "little") == ELF_MACHINE[arch], f"{name}: not {arch} code"
        tag = re.search(r"\.([^./]+)\.so$", name)
        if tag and tag.group(1) != "abi3":
            assert tag.group(1) == f"cpython-313-{GNU_TRIPLET[arch]}", name


def assert_bytecode_is_the_runtimes_or_absent(path: Path, precompiled: int) -> None:
    with zipfile.ZipFile(path) as archive:
        pycs = [n for n in archive.namelist() if n.endswith(".pyc")]
        assert len(pycs) == precompiled
        for name in pycs:
            assert re.search(r"\.cpython-313\.pyc$", name), name
            assert archive.read(name)[:4] == PY313_MAGIC, name


# ------------------------------------------------------------------ the shipped package (arm64)


def test_every_function_runs_python313_on_arm64(packaged: Packaged) -> None:
    declared = functions(packaged.template)
    assert set(declared) == {"APIHandler", "StreamHandler", "UploadVerifier", "PretalxSync", "TicketSync",
                             "OfferDeadlines", "ClaimDeadlines", "MessageDigest"}
    for name, props in declared.items():
        assert (props["Runtime"], props["Architectures"]) == ("python3.13", ["arm64"]), name
    # CloudFormation sees the same after the SAM transform.
    expanded = json.loads((packaged.directory / "cloudformation.json").read_text())
    lambdas = functions(expanded)
    assert len(lambdas) == 8
    assert all((p["Runtime"], p["Architectures"]) == ("python3.13", ["arm64"]) for p in lambdas.values())
    assert packaged.manifest["runtime"] == "python3.13" and packaged.manifest["architecture"] == "arm64"
    assert packaged.manifest["wheel_platform"] == "manylinux2014_aarch64"


def test_every_native_module_is_built_for_the_runtime_and_architecture(packaged: Packaged) -> None:
    assert_native_code_is_for(packaged.directory / "deployment.zip", "arm64")
    listed = {m["name"] for m in packaged.manifest["native_modules"]}
    assert listed == set(shared_objects(packaged.directory / "deployment.zip"))


def test_bytecode_in_the_zip_is_for_python313_or_absent(packaged: Packaged) -> None:
    """Bytecode of the packaging interpreter (3.11 here) would be dead weight the runtime ignores."""
    precompiled = packaged.manifest["precompiled_modules"]
    assert_bytecode_is_the_runtimes_or_absent(packaged.directory / "deployment.zip", precompiled)
    if precompiled:
        assert packaged.manifest["bytecode"] == "cpython-313"
    else:
        assert packaged.manifest["bytecode"].startswith("none")


def test_runtime_stays_supported_through_the_next_season(packaged: Packaged) -> None:
    """Lambda's lifecycle data as cfn-lint ships it (its W2531/E2531/E2533 rules read the same file)."""
    read = ("import json, importlib.resources as r; print(r.files('cfnlint.data.AdditionalSpecs')"
            ".joinpath('LmbdRuntimeLifecycle.json').read_text())")
    lifecycle = json.loads(subprocess.run([str(TOOLS_PYTHON), "-c", read], capture_output=True, text=True,
                                          check=True, timeout=60).stdout)
    runtime = packaged.props("APIHandler")["Runtime"]
    deprecated = datetime.date.fromisoformat(lifecycle[runtime]["deprecated"])
    assert deprecated > datetime.date.today() + SUPPORT_HORIZON, f"{runtime} is deprecated on {deprecated}"
    # SnapStart for Python needs 3.12 or later.
    assert tuple(int(p) for p in runtime.removeprefix("python").split(".")) >= (3, 12)


# ------------------------------------------------------------------ make package ARCH=x86_64


def test_x86_64_package_ships_x86_64_wheels_for_python313() -> None:
    x86 = package("prod", "x86_64")
    assert all((p["Runtime"], p["Architectures"]) == ("python3.13", ["x86_64"])
               for p in functions(x86.template).values())
    assert x86.manifest["architecture"] == "x86_64" and x86.manifest["wheel_platform"] == "manylinux2014_x86_64"
    assert_native_code_is_for(x86.directory / "deployment.zip", "x86_64")
    assert_bytecode_is_the_runtimes_or_absent(x86.directory / "deployment.zip", x86.manifest["precompiled_modules"])


# ------------------------------------------------------------------ the build's own guards (no chalice run)


def _elf(machine: int) -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\0" * 11 + machine.to_bytes(2, "little") + b"\0" * 40


def test_build_rejects_native_code_of_another_python_or_architecture(tmp_path: Path) -> None:
    path = tmp_path / "deployment.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good/_a.cpython-313-aarch64-linux-gnu.so", _elf(183))
        archive.writestr("good/_b.abi3.so", _elf(183))
        archive.writestr("good.libs/libffi-1a2b.so.8.1.0", _elf(183))
        archive.writestr("host/_c.cpython-311-x86_64-linux-gnu.so", _elf(62))
        archive.writestr("wrongarch/_d.abi3.so", _elf(62))
        archive.writestr("notes/readme.sort", b"not a shared object")
    modules = build.native_modules(path)
    assert {m.name for m in modules} == {"good/_a.cpython-313-aarch64-linux-gnu.so", "good/_b.abi3.so",
                                         "good.libs/libffi-1a2b.so.8.1.0", "host/_c.cpython-311-x86_64-linux-gnu.so",
                                         "wrongarch/_d.abi3.so"}
    wrong = build.native_mismatches(modules, build.Target())
    assert sorted({w.split(":", 1)[0] for w in wrong}) == ["host/_c.cpython-311-x86_64-linux-gnu.so",
                                                           "wrongarch/_d.abi3.so"]
    assert any("cpython-311" in w for w in wrong)
    assert build.native_mismatches(modules[:3], build.Target()) == []


def test_the_packaging_interpreter_never_compiles_bytecode_for_another_runtime(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAMBDA_PYTHON", sys.executable)  # this interpreter: 3.11 here, not the runtime
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PY313_CACHE", str(tmp_path / "no-cache"))
    host = f"python{sys.version_info.major}.{sys.version_info.minor}"
    other = "python3.12" if host == "python3.13" else "python3.13"
    assert build.runtime_interpreter(build.Target(other)) is None
    assert build.runtime_interpreter(build.Target(host)) == [sys.executable]


def test_target_names_what_pip_and_lambda_expect() -> None:
    target = build.Target()
    assert (target.runtime, target.arch, target.python_version, target.abi) == ("python3.13", "arm64", "3.13", "cp313")
    assert target.extension_tag == "cpython-313-aarch64-linux-gnu"
    assert build.Target(arch="x86_64").architecture.wheel_platform == "manylinux2014_x86_64"
    with pytest.raises(build.BuildError):
        build.Target(arch="sparc")
