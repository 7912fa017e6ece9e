"""The Lambda package: zip size, what each dependency adds, and a cold import from the zip.

Builds the prod package offline (infra/build.py, the same path as `make package`),
reports the zip Chalice builds and the one we ship (without the boto3/botocore tree the
Lambda runtime provides), the largest dependencies, and the time a fresh interpreter
takes to import `app` from the unpacked zip, which is what a cold start pays.

The shipped zip holds python3.13/arm64 code, which this machine may not be able to load:
the import is timed on the same code and lock packaged for this interpreter and
machine (infra.build.host_target), and the row says which.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from infra.build import build, host_target

from .harness import BenchEnv, Row

IMPORT_APP = "import time; t=time.perf_counter(); import app; print((time.perf_counter()-t)*1000)"
#: Enough configuration for `import app` as on a deployed stage, without any AWS call.
DEPLOYED_ENV = {
    "STAGE": "prod", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
    "TABLE_NAME": "conference-grants-prod", "BUCKET_NAME": "receipts-bucket", "KMS_KEY_ID": "alias/x",
    "TABLE_STREAM_ARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000",
    "AUTH_ISSUER": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example", "AUTH_AUDIENCE": "client",
    "SES_SENDER": "grants@example.org", "ALLOWED_ORIGINS": "https://grants.example.org",
}
TOP_DEPENDENCIES = 8


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def cold_import_ms(unpacked: Path, runs: int = 5) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of `import app` from the unpacked zip, in fresh interpreters.

    Like Lambda's read-only /var/task, no bytecode is written back (so every run pays
    what a cold start pays); boto3/botocore come from the venv as from the runtime.
    CPU time is reported too: wall time on a shared 2-core machine is noisy.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON"))}
    env.update(DEPLOYED_ENV, PYTHONDONTWRITEBYTECODE="1")
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, "-c", IMPORT_APP], cwd=unpacked, env=env, capture_output=True,
                             text=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall.append(float(out.stdout.strip().splitlines()[-1]))
        cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    return wall, cpu


def run(env: BenchEnv) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-package-") as tmp:
        manifest = build("prod", Path(tmp) / "package")
        zip_path = Path(manifest.zip)
        with zipfile.ZipFile(zip_path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            archive.extractall(Path(tmp) / "unpacked")
        shipped = [d for d in manifest.dependencies if d["shipped"]]
        removed = [d for d in manifest.dependencies if not d["shipped"]]
        rows.append(Row("package", "Lambda zip as shipped (prod)", None, None, None,
                        f"{_mb(manifest.zip_bytes)} zipped, {_mb(unzipped)} unzipped; limits 50 / 250 MiB"))
        rows.append(Row("package", "Lambda zip as built by chalice", None, None, None,
                        f"{_mb(manifest.zip_bytes_as_built)}: also bundles "
                        f"{', '.join(d['name'] for d in removed)} ({_mb(sum(d['compressed'] for d in removed))}),"
                        " which the Lambda runtime provides"))
        for dep in shipped[:TOP_DEPENDENCIES]:
            rows.append(Row("package", f"  dependency {dep['name']}", None, None, None,
                            f"{_mb(dep['compressed'])} zipped, {_mb(dep['uncompressed'])} unzipped, {dep['files']} files"))
        rest = shipped[TOP_DEPENDENCIES:]
        rows.append(Row("package", f"  {len(rest)} smaller entries", None, None, None,
                        f"{_mb(sum(d['compressed'] for d in rest))} zipped"))
        rows.append(Row("package", "  runtime and native code", None, None, None,
                        f"{manifest.runtime} on {manifest.architecture}: {len(manifest.native_modules)} native "
                        f"modules for {manifest.wheel_platform}; bytecode {manifest.bytecode}"))
        host = host_target()
        if (host.runtime, host.arch) == (manifest.runtime, manifest.architecture):
            unpacked = Path(tmp) / "unpacked"
        else:
            # The same package for this interpreter and machine, so that it can be imported here.
            local = build("prod", Path(tmp) / "host-package", target=host, transform=False)
            unpacked = Path(tmp) / "host-unpacked"
            with zipfile.ZipFile(local.zip) as archive:
                archive.extractall(unpacked)
            manifest = local
        wall, cpu = cold_import_ms(unpacked)
        rows.append(Row("package", "cold import of app from the zip (precompiled)", None, statistics.median(wall),
                        max(wall), f"CPU {statistics.median(cpu):.0f} ms median; {manifest.precompiled_modules} .pyc "
                        f"in the zip; 5 fresh interpreters (p99 column = slowest); packaged for "
                        f"{manifest.runtime}/{manifest.architecture} to import here"))
        for pyc in unpacked.rglob("*.pyc"):
            pyc.unlink()
        wall, cpu = cold_import_ms(unpacked)
        rows.append(Row("package", "cold import of app from the zip without .pyc", None, statistics.median(wall),
                        max(wall), f"CPU {statistics.median(cpu):.0f} ms median: what a read-only /var/task "
                        "without bytecode costs"))
    return rows


if __name__ == "__main__":
    from .harness import format_table

    print(format_table(run(None)))  # type: ignore[arg-type]
