"""The Makefile's deployment targets run the steps infra/README.md documents (dry runs: `make -n`)."""

from __future__ import annotations

import subprocess

from infra.build import ROOT


def dry_run(*args: str) -> str:
    result = subprocess.run(["make", "-n", "--always-make", *args], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60)
    return result.stdout


def test_package_builds_the_lambda_package_and_the_web_app() -> None:
    out = dry_run("package", "STAGE=prod")
    assert "-m infra.build --stage prod" in out
    assert "npm --prefix web ci && npm --prefix web run build" in out
    assert "-r requirements-tools.txt" in out  # cfn-lint and the SAM translator live in the tools venv


def test_deploy_publishes_the_web_app_after_the_stack() -> None:
    out = dry_run("deploy", "STAGE=dev", "DEPLOY_BUCKET=artifacts")
    stack = out.index("cloudformation deploy")
    web = out.index("-m infra.deploy web --stack conference-grants-dev --dist web/dist")
    assert out.index("cfn-lint") < stack < web


def test_destroy_empties_the_buckets_and_keeps_prod_data() -> None:
    dev = dry_run("destroy", "STAGE=dev")
    assert "-m infra.deploy empty --stack conference-grants-dev" in dev and "--keep-data" not in dev
    assert dev.index("infra.deploy empty") < dev.index("delete-stack")
    prod = dry_run("destroy", "STAGE=prod", "CONFIRM=conference-grants-prod")
    assert "-m infra.deploy empty --stack conference-grants-prod --keep-data" in prod


def test_lock_compiles_hashes() -> None:
    out = dry_run("lock")
    assert "pip-compile" in out and "--generate-hashes" in out and "--output-file requirements.lock" in out


def test_package_targets_arm64_unless_told_x86_64() -> None:
    assert "-m infra.build --stage prod --arch arm64" in dry_run("package", "STAGE=prod")
    assert "-m infra.build --stage prod --arch x86_64" in dry_run("package", "STAGE=prod", "ARCH=x86_64")


def test_test_runs_the_unit_runtime_store_and_api_suites_on_python313_too() -> None:
    out = dry_run("test")
    assert out.index('-m pytest -n 2 -m "not slow"') < out.index("bash tests/py313.sh")
    script = (ROOT / "tests" / "py313.sh").read_text()
    assert "SUITES=(tests/unit tests/runtime tests/emulator tests/store tests/api)" in script
    assert "--include=python3.13,python3.13-venv trixie" in script
    assert "trap unmount_all EXIT" in script


def test_clean_keeps_the_cached_python313_root() -> None:
    out = dry_run("clean")
    assert ".cache" not in out and "build" in out
    assert "rm -rf .cache/py313" in dry_run("clean-py313")
