"""Build the deployable package for one stage, offline: `python -m infra.build --stage prod`.

One documented path from the source tree to CloudFormation:

1. `chalice package --stage S --merge-template infra/resources.yaml`, run on a staging
   copy of the project whose vendor/ holds requirements.lock installed for the Lambda
   target (python3.13 on arm64 by default, `--arch x86_64` for Intel): the target's
   wheels, downloaded once into build/wheels-<platform>-<abi>/ and installed with pip
   --require-hashes (every wheel's sha256 is checked against the lock), never the
   packaging interpreter's own compiled modules. Chalice generates the SAM template
   (four functions, one role per function from `.chalice/policy-*.json`, the REST API)
   merged with our resources, and the Lambda zip.
2. This script post-processes what Chalice cannot express:
   - every function's Runtime and Architectures are the target's (Chalice would name
     the runtime after the interpreter that runs it), and every native module in the
     zip is checked against them (file name tag and ELF machine), failing the build;
   - `.chalice/config.json` values such as `${Table}` or `${Table.StreamArn}` become
     `Fn::Sub` references, so the stage's environment is wired to the stack's own
     resources and parameters (and a typo fails the build, not the deploy);
   - the API is named `<app>-<stage>` (the 5xx alarm's dimension);
   - the API's integrations invoke the API function's alias (`AutoPublishAlias` in
     infra/resources.yaml), not its unpublished $LATEST: SnapStart runs published versions only;
   - the stage's parameter values (`infra/parameters/<stage>.json`) become defaults;
   - on prod, data resources are retained when the stack is deleted;
   - the SDK the Lambda runtime already provides (boto3, botocore and their pure
     Python dependencies) is removed from the zip unless `--bundle-sdk` is given;
   - modules are precompiled into the zip (Lambda's code directory is read-only, so
     Python cannot cache bytecode there) by an interpreter of the runtime's version
     (`python3.13` on PATH, or the Debian 13 root `make test-py313` caches), unless
     `--no-compile` is given; without one the zip holds no bytecode at all (bytecode of
     another version would only be dead weight).
3. Writes `sam.json` (what gets deployed), `deployment.zip`, `manifest.json` (runtime,
   architecture, native modules, sizes per dependency) and `cloudformation.json`: the
   SAM transform run offline, for validation.

No AWS credentials or network access to AWS are needed (PyPI is, for wheels).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MERGE_TEMPLATE = ROOT / "infra" / "resources.yaml"
PARAMETERS_DIR = ROOT / "infra" / "parameters"
LOCK_FILE = ROOT / "requirements.lock"
#: The venv with cfn-lint and aws-sam-translator (`make tools`; see requirements-tools.txt).
TOOLS_PYTHON = Path(os.environ.get("TOOLS_PYTHON") or ROOT / ".venv" / "tools" / "bin" / "python")
STAGES = ("dev", "prod")
#: Where the target's wheels are cached between builds (build/ is ignored by git).
WHEEL_CACHE = ROOT / "build"

#: The Lambda runtime every function runs on, whatever Python runs the packaging. Amazon
#: Linux 2023; supported until 2029 (python3.11 is deprecated from 2027-06-30) and the
#: first runtimes with SnapStart for Python are 3.12+.
LAMBDA_RUNTIME = "python3.13"


@dataclass(frozen=True)
class Architecture:
    """A Lambda instruction set and how its native code is recognised."""

    name: str  #: Lambda's name (the template's Architectures)
    wheel_platform: str  #: pip --platform: manylinux2014 is glibc 2.17, older than Amazon Linux 2023's
    gnu_triplet: str  #: in extension module names: `x.cpython-313-aarch64-linux-gnu.so`
    elf_machine: int  #: e_machine in every ELF file built for it
    #: Newer manylinux tags the runtime also runs (Amazon Linux 2023 has glibc 2.34): some wheels
    #: (numpy 2.4, highspy) are published only for glibc 2.28 on aarch64.
    newer_platforms: tuple[str, ...] = ()

    @property
    def wheel_platforms(self) -> tuple[str, ...]:
        return (self.wheel_platform, *self.newer_platforms)


ARCHITECTURES = {
    # Graviton: the same code, cheaper per GB-second than x86_64.
    "arm64": Architecture("arm64", "manylinux2014_aarch64", "aarch64-linux-gnu", 183,
                          ("manylinux_2_28_aarch64",)),
    "x86_64": Architecture("x86_64", "manylinux2014_x86_64", "x86_64-linux-gnu", 62,
                           ("manylinux_2_28_x86_64",)),
}
DEFAULT_ARCHITECTURE = "arm64"


@dataclass(frozen=True)
class Target:
    """What the package runs on: a Lambda Python runtime and an architecture."""

    runtime: str = LAMBDA_RUNTIME
    arch: str = DEFAULT_ARCHITECTURE

    def __post_init__(self) -> None:
        if not re.fullmatch(r"python3\.\d+", self.runtime):
            raise BuildError(f"not a Lambda Python runtime: {self.runtime!r}")
        if self.arch not in ARCHITECTURES:
            raise BuildError(f"architecture must be one of {sorted(ARCHITECTURES)}, not {self.arch!r}")

    @property
    def python_version(self) -> str:
        return self.runtime.removeprefix("python")

    @property
    def abi(self) -> str:
        return "cp" + self.python_version.replace(".", "")

    @property
    def architecture(self) -> Architecture:
        return ARCHITECTURES[self.arch]

    @property
    def extension_tag(self) -> str:
        """The interpreter-specific tag of extension modules: `cpython-313-aarch64-linux-gnu`."""
        return f"cpython-{self.abi.removeprefix('cp')}-{self.architecture.gnu_triplet}"


def host_target() -> Target:
    """This interpreter and machine as a target: what a bench can import and time here."""
    machine = {"aarch64": "arm64", "arm64": "arm64", "x86_64": "x86_64", "amd64": "x86_64"}
    return Target(f"python{sys.version_info.major}.{sys.version_info.minor}",
                  machine.get(platform.machine().lower(), platform.machine()))


#: Distributions the AWS Lambda Python runtime ships (boto3 and its dependency tree),
#: mapped to their top-level names in the zip. `urllib3` stays: `requests` needs it.
RUNTIME_PROVIDED = {
    "boto3": ("boto3",),
    "botocore": ("botocore",),
    "s3transfer": ("s3transfer",),
    "jmespath": ("jmespath",),
    "python_dateutil": ("dateutil",),
    "six": ("six.py",),
}
#: Resources whose data must survive `aws cloudformation delete-stack` on prod.
RETAINED_ON_PROD = ("Table", "ReceiptsBucket", "DataKey", "UserPool")

_REFERENCE = re.compile(r"\$\{([^}]+)\}")
#: What Chalice's integrations invoke, and what they invoke instead: the alias SAM generates
#: for `AutoPublishAlias: live`, by its documented logical id `<function>Alias<name>` (cfn-lint
#: does not resolve the `${APIHandler.Alias}` shorthand inside the API's definition).
API_FUNCTION_ARN = "${APIHandler.Arn}"
API_ALIAS_NAME = "live"
API_FUNCTION_ALIAS = "${APIHandlerAlias" + API_ALIAS_NAME + "}"
_INTRINSIC_KEYS = ("Ref", "Condition")


class BuildError(RuntimeError):
    """The package cannot be built as configured (bad reference, failed chalice run...)."""


# ------------------------------------------------------------------ template rewriting


def _is_intrinsic(node: dict[str, Any]) -> bool:
    if len(node) != 1:
        return False
    key = next(iter(node))
    return key in _INTRINSIC_KEYS or key.startswith("Fn::")


def _substitute(text: str) -> Any:
    if any(not name.startswith("!") for name in _REFERENCE.findall(text)):
        return {"Fn::Sub": text}
    return text


def to_intrinsics(node: Any) -> Any:
    """Turn every plain string holding `${...}` into `Fn::Sub`; leave intrinsics alone."""
    if isinstance(node, str):
        return _substitute(node)
    if isinstance(node, list):
        return [to_intrinsics(item) for item in node]
    if isinstance(node, dict):
        if _is_intrinsic(node):
            return node
        return {key: to_intrinsics(value) for key, value in node.items()}
    return node


def _sub_references(node: Any) -> list[tuple[str, set[str]]]:
    """Every `Fn::Sub` string in the template with its local variable names."""
    found: list[tuple[str, set[str]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::Sub":
                if isinstance(value, str):
                    found.append((value, set()))
                elif isinstance(value, list) and value and isinstance(value[0], str):
                    found.append((value[0], set((value[1] if len(value) > 1 else {}) or {})))
                    found.extend(_sub_references(value[1:]))
            else:
                found.extend(_sub_references(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_sub_references(item))
    return found


def sam_aliases(template: dict[str, Any]) -> set[str]:
    """Logical ids of the aliases SAM generates for `AutoPublishAlias` (`<function>Alias<name>`)."""
    return {f"{name}Alias{resource['Properties']['AutoPublishAlias']}"
            for name, resource in template.get("Resources", {}).items()
            if isinstance(resource.get("Properties", {}).get("AutoPublishAlias"), str)}


def unresolved_references(template: dict[str, Any]) -> list[str]:
    """`${Name}` / `${Name.Attr}` in Fn::Sub strings naming nothing in the template."""
    known = set(template.get("Parameters", {})) | set(template.get("Resources", {})) | sam_aliases(template)
    missing: list[str] = []
    for text, local in _sub_references(template):
        for name in _REFERENCE.findall(text):
            if name.startswith("!") or name.startswith("AWS::") or name in local:
                continue
            if name.split(".", 1)[0] not in known:
                missing.append(name)
    return sorted(set(missing))


def load_stage_parameters(stage: str) -> dict[str, Any]:
    path = PARAMETERS_DIR / f"{stage}.json"
    if not path.exists():
        raise BuildError(f"no parameter file for stage {stage!r}: {path}")
    return dict(json.loads(path.read_text()))


#: A deployed stage verifies RS256 tokens of exactly one issuer and app client; without
#: them every token is refused at run time, so the build refuses the stage first.
REQUIRED_AUTH_SETTINGS = ("AUTH_ISSUER", "AUTH_AUDIENCE")


def check_auth_settings(config: dict[str, Any], stage: str) -> None:
    """Fail the build when `.chalice/config.json` leaves the stage without issuer or audience."""
    env = {**config.get("environment_variables", {}),
           **config.get("stages", {}).get(stage, {}).get("environment_variables", {})}
    missing = [name for name in REQUIRED_AUTH_SETTINGS if not str(env.get(name) or "").strip()]
    if missing:
        raise BuildError(f".chalice/config.json: stage {stage!r} must set {' and '.join(missing)} "
                         "(the API would refuse every token)")


def route_api_to_alias(body: dict[str, Any]) -> int:
    """Point every Lambda integration of the API's definition at the function's alias; returns
    how many were rewritten."""
    rewritten = 0
    for operations in body.get("paths", {}).values():
        for operation in operations.values():
            integration = operation.get("x-amazon-apigateway-integration") if isinstance(operation, dict) else None
            uri = (integration or {}).get("uri")
            if isinstance(uri, dict) and isinstance(uri.get("Fn::Sub"), str) and API_FUNCTION_ARN in uri["Fn::Sub"]:
                uri["Fn::Sub"] = uri["Fn::Sub"].replace(API_FUNCTION_ARN, API_FUNCTION_ALIAS)
                rewritten += 1
    return rewritten


def apply_stage(template: dict[str, Any], stage: str, parameters: dict[str, Any], app_name: str) -> dict[str, Any]:
    """The stage-specific rewrites described in the module docstring (in place)."""
    template = to_intrinsics(template)
    declared = template.setdefault("Parameters", {})
    for name, value in {"Stage": stage, **parameters}.items():
        if name not in declared:
            raise BuildError(f"infra/parameters/{stage}.json sets {name!r}, which the template does not declare")
        declared[name]["Default"] = value
    resources = template["Resources"]
    body = resources.get("RestAPI", {}).get("Properties", {}).get("DefinitionBody")
    if isinstance(body, dict):
        body.setdefault("info", {})["title"] = f"{app_name}-{stage}"
        if "AutoPublishAlias" in resources.get("APIHandler", {}).get("Properties", {}):
            route_api_to_alias(body)
    for name in RETAINED_ON_PROD:
        if name in resources:
            policy = "Retain" if stage == "prod" else "Delete"
            resources[name]["DeletionPolicy"] = policy
            resources[name]["UpdateReplacePolicy"] = policy
    missing = unresolved_references(template)
    if missing:
        raise BuildError(
            "these ${...} references name no parameter or resource of the template "
            f"(check .chalice/config.json and .chalice/policy-*.json): {', '.join(missing)}"
        )
    return template


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short tags (`!Ref`, `!GetAtt A.B`, `!Sub`...) as intrinsics."""


def _cfn_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = suffix if suffix in _INTRINSIC_KEYS else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_merge_template(path: Path = MERGE_TEMPLATE) -> dict[str, Any]:
    """infra/resources.yaml as a dict (for checks that need no chalice run)."""
    return yaml.load(path.read_text(), Loader=_CfnLoader)


def sam_transform(template: dict[str, Any], region: str = "us-east-1") -> dict[str, Any]:
    """Expand the SAM resources into plain CloudFormation, offline, as CloudFormation would.

    cfn-lint checks SAM resources against a schema only; running the real transform
    (aws-sam-translator) also catches what the schema cannot see, and lets cfn-lint
    check the resources SAM generates (mapping, rules, permissions, stage). The
    translator lives in the tools venv (infra/sam_expand.py says why).
    """
    if not TOOLS_PYTHON.exists():
        raise BuildError(f"no tools venv at {TOOLS_PYTHON}: run `make tools` (or set TOOLS_PYTHON)")
    env = {**os.environ, "AWS_DEFAULT_REGION": region}
    result = subprocess.run([str(TOOLS_PYTHON), str(ROOT / "infra" / "sam_expand.py"), region],
                            input=json.dumps(template), capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise BuildError(f"the SAM transform rejects the template: {result.stderr.strip()}")
    return dict(json.loads(result.stdout))


# ------------------------------------------------------------------ the zip


@dataclass
class ZipEntryGroup:
    name: str
    compressed: int = 0
    uncompressed: int = 0
    files: int = 0
    shipped: bool = True


def _group_name(path: str) -> str:
    """Top-level package of a zip entry, with `x-1.0.dist-info` folded into `x`."""
    top = path.split("/", 1)[0]
    if top.endswith((".dist-info", ".egg-info", ".data")):
        top = top.split("-", 1)[0]
    if top.endswith(".py"):
        top = top[:-3]
    return top.lower().replace("-", "_")


def _runtime_provided_names() -> set[str]:
    names: set[str] = set()
    for dist, tops in RUNTIME_PROVIDED.items():
        names.add(dist.lower())
        names.update(_group_name(top) for top in tops)
    return names


def zip_contents(path: Path) -> dict[str, ZipEntryGroup]:
    groups: dict[str, ZipEntryGroup] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            group = groups.setdefault(_group_name(info.filename), ZipEntryGroup(_group_name(info.filename)))
            group.compressed += info.compress_size
            group.uncompressed += info.file_size
            group.files += 1
    return groups


def strip_runtime_provided(path: Path) -> list[str]:
    """Rewrite the zip without the SDK the runtime provides; returns the groups removed."""
    drop = _runtime_provided_names()
    removed: set[str] = set()
    stripped = path.with_suffix(".stripped.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            group = _group_name(info.filename)
            if group in drop:
                removed.add(group)
                continue
            target.writestr(info, source.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    stripped.replace(path)
    return sorted(removed)


def _debian_root_python(root: Path, version: str) -> list[str] | None:
    """The cached Debian root's python (tests/py313.sh) as a command runnable outside it.

    Its binary needs a newer glibc than the host's, so it runs through the root's own
    dynamic loader and libraries; the interpreter finds its standard library by its path.
    """
    python = root / "usr" / "bin" / f"python{version}"
    loaders = sorted(root.glob("lib*/ld-linux*.so*"))
    libraries = sorted(str(d) for d in [*root.glob("lib/*-linux-gnu"), *root.glob("usr/lib/*-linux-gnu")])
    if not ((root / ".complete").exists() and python.exists() and loaders and libraries):
        return None
    return [str(loaders[0]), "--library-path", ":".join(libraries), str(python)]


def runtime_interpreter(target: Target) -> list[str] | None:
    """A Python of the runtime's version on this machine (to write its bytecode), or None.

    In order: this interpreter if it is that version, `$LAMBDA_PYTHON`, `python<version>`
    on PATH, the Debian 13 root the 3.13 test leg caches (`$PY313_CACHE`, else
    .cache/py313); each is checked by running it (a pyenv shim may exist and fail).
    """
    if f"python{sys.version_info.major}.{sys.version_info.minor}" == target.runtime:
        return [sys.executable]
    cache = Path(os.environ.get("PY313_CACHE") or ROOT / ".cache" / "py313")
    candidates = [[os.environ.get("LAMBDA_PYTHON", "")], [shutil.which(target.runtime) or ""],
                  _debian_root_python(cache / "root", target.python_version) or [""]]
    for command in candidates:
        if not command[0]:
            continue
        check = subprocess.run([*command, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True, check=False)
        if check.returncode == 0 and check.stdout.strip() == target.python_version:
            return command
    return None


def precompile(path: Path, interpreter: list[str]) -> int:
    """Add unchecked-hash .pyc files written by `interpreter` (a command) to the zip; returns how many.

    /var/task is read-only in Lambda, so without them every cold start compiles every
    module from source again. Unchecked-hash pycs are never revalidated against the
    source (the package is immutable), so zip timestamps do not matter. They are only
    valid for the interpreter version that wrote them: runtime_interpreter() finds one.
    """
    with tempfile.TemporaryDirectory(prefix="precompile-") as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(path) as source:
            infos = source.infolist()
            source.extractall(root)
            before = {info.filename for info in infos}
            # One process: worker processes would be started as plain `python`, which the
            # Debian root's interpreter cannot be outside its root (see _debian_root_python).
            result = subprocess.run([*interpreter, "-m", "compileall", "-q", "-j", "1", "--invalidation-mode",
                                     "unchecked-hash", str(root)], capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BuildError(f"precompiling with {interpreter[-1]} failed:\n{result.stdout}{result.stderr}")
            added = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.pyc"))
            added = [name for name in added if name not in before]
            rebuilt = path.with_suffix(".pyc.zip")
            with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
                for info in infos:
                    target.writestr(info, source.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                for name in added:
                    target.write(root / name, name)
    rebuilt.replace(path)
    return len(added)


# ------------------------------------------------------------------ native code

_EXTENSION_TAG = re.compile(r"\.(cpython-[^.]+|abi3|pypy[^.]*)\.so$")
_ELF_MAGIC = b"\x7fELF"


def _is_shared_object(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.endswith(".so") or ".so." in base


def _elf_machine(header: bytes) -> int | None:
    """e_machine of an ELF header (its byte order from EI_DATA), None if not ELF."""
    if len(header) < 20 or header[:4] != _ELF_MAGIC:
        return None
    return int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")


@dataclass
class NativeModule:
    name: str
    tag: str  #: the extension tag of the file name ("" for a plain shared library)
    elf_machine: int | None


def native_modules(path: Path) -> list[NativeModule]:
    """Every shared object in the zip (extension modules and bundled libraries)."""
    found: list[NativeModule] = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not _is_shared_object(info.filename):
                continue
            with archive.open(info) as handle:
                machine = _elf_machine(handle.read(20))
            tag = _EXTENSION_TAG.search(info.filename)
            found.append(NativeModule(info.filename, tag.group(1) if tag else "", machine))
    return found


def native_mismatches(modules: list[NativeModule], target: Target) -> list[str]:
    """Shared objects that cannot load on `target`, each with the reason."""
    wrong: list[str] = []
    for module in modules:
        if module.elf_machine != target.architecture.elf_machine:
            wrong.append(f"{module.name}: ELF machine {module.elf_machine}, {target.arch} is "
                         f"{target.architecture.elf_machine}")
        if module.tag and module.tag not in (target.extension_tag, "abi3"):
            wrong.append(f"{module.name}: built for {module.tag}, the runtime loads {target.extension_tag}")
    return wrong


# ------------------------------------------------------------------ chalice


def _chalice_environment() -> dict[str, str]:
    """A clean environment: the stage's config.json values must be what the app sees."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "CHALICE_"))}
    for name in ("STAGE", "TABLE_NAME", "BUCKET_NAME", "KMS_KEY_ID", "TABLE_STREAM_ARN", "AUTH_ISSUER",
                 "AUTH_AUDIENCE", "AUTH_JWKS_URL", "AUTH_DEV_SECRET", "SES_SENDER", "ALLOWED_ORIGINS",
                 "MAX_GRANT_AMOUNT", "PRETALX_SYNC_MINUTES", "TICKET_SYNC_MINUTES"):
        env.pop(name, None)
    # Chalice wants a region to name the runtime's service principals; nothing is called.
    env["AWS_DEFAULT_REGION"] = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    return env


def locked_requirements(path: Path = LOCK_FILE) -> dict[str, str]:
    """`name -> version` of every pin in requirements.lock (names normalised as pip does)."""
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip_target_options(target: Target) -> list[str]:
    """Select the target's wheels, whatever interpreter runs pip."""
    platforms = [option for name in target.architecture.wheel_platforms for option in ("--platform", name)]
    return ["--only-binary=:all:", *platforms, "--implementation", "cp",
            "--python-version", target.python_version, "--abi", target.abi]


def _pip(args: list[str], what: str) -> None:
    command = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"{what} failed ({result.returncode}):\n{result.stderr}")


def wheel_cache(target: Target) -> Path:
    return WHEEL_CACHE / f"wheels-{target.architecture.wheel_platform}-{target.abi}"


def download_locked_wheels(target: Target) -> Path:
    """The target's wheels for requirements.lock, downloaded once (every hash checked).

    A stamp holding the lock's digest marks a complete download; builds after it (the
    tests, a bench) install from the folder with no network at all. A file lock keeps
    concurrent builds from downloading into the same folder at once.
    """
    folder = wheel_cache(target)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".complete"
    digest = hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text() == digest):
            stamp.unlink(missing_ok=True)
            _pip(["download", "--require-hashes", "--no-deps", *_pip_target_options(target),
                  "--dest", str(folder), "-r", str(LOCK_FILE)], f"downloading the {target.arch} wheels")
            stamp.write_text(digest)
    return folder


def install_locked_dependencies(directory: Path, target: Target) -> None:
    """pip-install requirements.lock for the Lambda target into `directory`, every hash checked.

    `--require-hashes` refuses any file whose sha256 is not in the lock, and `--no-deps`
    refuses to pull anything the lock does not name: the zip holds exactly what was
    reviewed. Only the target's wheels are accepted (`--only-binary`, `--platform`,
    `--python-version`, `--abi`), from the downloaded folder only (`--no-index`), and
    nothing is compiled to bytecode by the packaging interpreter (`--no-compile`).
    """
    wheels = download_locked_wheels(target)
    _pip(["install", "--require-hashes", "--no-deps", "--no-compile", "--no-index", "--find-links", str(wheels),
          *_pip_target_options(target), "--target", str(directory), "-r", str(LOCK_FILE)],
         f"installing requirements.lock for {target.runtime}/{target.arch}")
    shutil.rmtree(directory / "bin", ignore_errors=True)  # console scripts: nothing runs them in Lambda
    keep_babel_locales(directory)


#: The CLDR data files the e-mails read (domain.locale.SUPPORTED and the root they inherit
#: from): Babel ships ~1,000 locales (~30 MB); the others would only weigh on the zip.
BABEL_LOCALES = ("root", "en", "es")


def keep_babel_locales(directory: Path) -> None:
    data = directory / "babel" / "locale-data"
    for path in data.glob("*.dat") if data.is_dir() else ():
        if path.stem not in BABEL_LOCALES:
            path.unlink()


def stage_project(directory: Path, target: Target) -> None:
    """A copy of the Chalice project whose only dependencies are the locked ones, in vendor/.

    Chalice would otherwise resolve requirements.txt itself (no hashes, transitive
    versions left open, and the packaging interpreter's wheels). Without a
    requirements.txt it installs nothing and zips vendor/ as it is. Staging also keeps
    concurrent builds (pytest workers, a bench) out of each other's way: nothing is
    written to the source tree.
    """
    directory.mkdir(parents=True)
    shutil.copy2(ROOT / "app.py", directory / "app.py")
    shutil.copytree(ROOT / "chalicelib", directory / "chalicelib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (directory / ".chalice").mkdir()
    for path in (ROOT / ".chalice").glob("*.json"):
        shutil.copy2(path, directory / ".chalice" / path.name)
    install_locked_dependencies(directory / "vendor", target)


def run_chalice_package(stage: str, project: Path, out_dir: Path) -> None:
    """`chalice package` of the staged project (see stage_project)."""
    command = [
        sys.executable, "-c", "import sys; from chalice.cli import main; sys.exit(main())",
        "--project-dir", str(project), "package", "--stage", stage,
        "--merge-template", str(MERGE_TEMPLATE), str(out_dir),
    ]
    result = subprocess.run(command, cwd=project, env=_chalice_environment(), capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise BuildError(f"chalice package failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def set_target(template: dict[str, Any], target: Target) -> list[str]:
    """Every function's Runtime and Architectures become the target's; returns their names."""
    functions = [name for name, resource in template["Resources"].items()
                 if resource.get("Type") in ("AWS::Serverless::Function", "AWS::Lambda::Function")]
    for name in functions:
        properties = template["Resources"][name].setdefault("Properties", {})
        properties["Runtime"] = target.runtime
        properties["Architectures"] = [target.arch]
    return functions


def read_generated_template(directory: Path) -> dict[str, Any]:
    """Chalice writes sam.yaml when the merge template is YAML (plain YAML: no short tags)."""
    if (directory / "sam.json").exists():
        return json.loads((directory / "sam.json").read_text())
    return yaml.safe_load((directory / "sam.yaml").read_text())


@dataclass
class Manifest:
    stage: str
    runtime: str
    architecture: str
    wheel_platform: str
    template: str
    zip: str
    zip_bytes: int
    zip_bytes_as_built: int
    removed_runtime_provided: list[str]
    #: .pyc files added, all for the runtime's Python (0: none in the zip, see bytecode)
    precompiled_modules: int
    #: "cpython-313" when precompiled, else why not
    bytecode: str
    native_modules: list[dict[str, Any]] = field(default_factory=list)
    dependencies: list[dict[str, Any]] = field(default_factory=list)


def build(stage: str, out_dir: Path, *, target: Target | None = None, bundle_sdk: bool = False,
          compile_pyc: bool = True, transform: bool = True) -> Manifest:
    """Package `stage` for `target` into `out_dir` (replaced): sam.json, deployment.zip, manifest.json."""
    if stage not in STAGES:
        raise BuildError(f"stage must be one of {STAGES}, not {stage!r}")
    target = target or Target()
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    check_auth_settings(config, stage)
    parameters = load_stage_parameters(stage)
    with tempfile.TemporaryDirectory(prefix="chalice-package-") as tmp:
        project, generated = Path(tmp) / "project", Path(tmp) / "out"
        stage_project(project, target)
        run_chalice_package(stage, project, generated)
        template = apply_stage(read_generated_template(generated), stage, parameters, config["app_name"])
        set_target(template, target)
        zip_path = generated / "deployment.zip"
        as_built = zip_path.stat().st_size
        groups_before = zip_contents(zip_path)
        removed = [] if bundle_sdk else strip_runtime_provided(zip_path)
        natives = native_modules(zip_path)
        wrong = native_mismatches(natives, target)
        if wrong:
            raise BuildError(f"native code in the zip does not run on {target.runtime}/{target.arch}:\n"
                             + "\n".join(wrong))
        interpreter = runtime_interpreter(target) if compile_pyc else None
        precompiled = precompile(zip_path, interpreter) if interpreter else 0
        if interpreter:
            bytecode = f"cpython-{target.abi.removeprefix('cp')}"
        elif compile_pyc:
            bytecode = (f"none: no {target.runtime} on this machine to compile with (set LAMBDA_PYTHON, "
                        "or run `make test-py313` once)")
        else:
            bytecode = "none: --no-compile"
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        shutil.copy2(zip_path, out_dir / "deployment.zip")
    (out_dir / "sam.json").write_text(json.dumps(template, indent=2, sort_keys=False) + "\n")
    if transform:
        expanded = sam_transform(template)
        (out_dir / "cloudformation.json").write_text(json.dumps(expanded, indent=2) + "\n")
    for group in groups_before.values():
        group.shipped = group.name not in removed
    manifest = Manifest(
        stage=stage,
        runtime=target.runtime,
        architecture=target.arch,
        wheel_platform=target.architecture.wheel_platform,
        template=str(out_dir / "sam.json"),
        zip=str(out_dir / "deployment.zip"),
        zip_bytes=(out_dir / "deployment.zip").stat().st_size,
        zip_bytes_as_built=as_built,
        removed_runtime_provided=removed,
        precompiled_modules=precompiled,
        bytecode=bytecode,
        native_modules=[asdict(m) for m in natives],
        dependencies=[asdict(g) for g in sorted(groups_before.values(), key=lambda g: -g.compressed)],
    )
    (out_dir / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stage", default="dev", choices=STAGES)
    parser.add_argument("--arch", default=DEFAULT_ARCHITECTURE, choices=sorted(ARCHITECTURES),
                        help=f"Lambda architecture (runtime {LAMBDA_RUNTIME} either way)")
    parser.add_argument("--out", default=str(ROOT / "build" / "package"))
    parser.add_argument("--bundle-sdk", action="store_true",
                        help="keep boto3/botocore in the zip instead of using the runtime's")
    parser.add_argument("--no-compile", action="store_true", help="do not add .pyc files to the zip")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.stage, Path(args.out), target=Target(LAMBDA_RUNTIME, args.arch),
                         bundle_sdk=args.bundle_sdk, compile_pyc=not args.no_compile)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{manifest.template}: {manifest.runtime} on {manifest.architecture}\n"
          f"{manifest.zip}: {manifest.zip_bytes / 1e6:.1f} MB "
          f"(as built by chalice: {manifest.zip_bytes_as_built / 1e6:.1f} MB; runtime-provided removed: "
          f"{', '.join(manifest.removed_runtime_provided) or 'none'}; {len(manifest.native_modules)} native modules "
          f"for {manifest.wheel_platform}; bytecode: "
          f"{manifest.bytecode if not manifest.precompiled_modules else f'{manifest.precompiled_modules} .pyc'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
