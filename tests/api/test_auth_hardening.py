"""Through the API: authentication fails closed; subjects fit the keys they are stored under."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.api import routing
from chalicelib.auth import TokenVerifier, mint_dev_token
from chalicelib.config import DEFAULT_DEV_SECRET, load_settings
from tests.support.conference import TEST_SECRET


@pytest.fixture
def misconfigured(request: pytest.FixtureRequest) -> Iterator[None]:
    """The container's verifier built from a deployment's environment (restored afterwards)."""
    routing.reset_verifier(TokenVerifier(load_settings(request.param)))
    try:
        yield
    finally:
        routing.reset_verifier()


@pytest.mark.parametrize("misconfigured", [
    {"AUTH_DEV_SECRET": TEST_SECRET},
    {"STAGE": "local", "AUTH_DEV_SECRET": TEST_SECRET, "AWS_LAMBDA_FUNCTION_NAME": "conference-grants-prod-APIHandler"},
], ids=["stage-unset", "in-lambda"], indirect=True)
def test_every_authenticated_route_answers_401(api: Any, conference: str, misconfigured: None) -> None:
    for secret in (TEST_SECRET, DEFAULT_DEV_SECRET):
        bearer = mint_dev_token(secret, "mallory", permissions=["manage_conference", "review_travel_grant"])
        for method, path in (("GET", f"/conferences/{conference}/travel-grant"),
                             ("GET", f"/manage/conferences/{conference}/travel-grants"),
                             ("PUT", f"/manage/conferences/{conference}"),
                             ("DELETE", f"/conferences/{conference}/activities/none/signup")):
            reply = api.request(method, path, {} if method == "PUT" else None, token=bearer)
            assert reply.status == 401 and reply.error_code == "unauthorized", (method, path, reply.body)
    assert api.get(f"/conferences/{conference}").status == 200  # anonymous routes keep working


def test_signup_with_an_oversized_subject_is_401_and_leaves_nothing(api: Any, admin_token: str, conference: str) -> None:
    created = api.post(f"/manage/conferences/{conference}/activities", {"name": "Sprint", "activity_type": "sprint",
                                                                         "max_participants": 5}, token=admin_token)
    activity = created.body["slug"]
    signup = f"/conferences/{conference}/activities/{activity}/signup"
    huge = mint_dev_token(TEST_SECRET, "s" * 1100)
    assert api.post(signup, {}, token=huge).status == 401
    listing = api.get(f"/manage/conferences/{conference}/activities/{activity}/signups", token=admin_token)
    assert listing.body["signups"] == [] and listing.body["stats"]["confirmed"] == 0


def test_the_longest_subject_can_sign_up_and_cancel(api: Any, admin_token: str, conference: str) -> None:
    """256 four-byte characters: the lock key would be 1,029 bytes, so the store hashes it."""
    created = api.post(f"/manage/conferences/{conference}/activities", {"name": "Sprint", "activity_type": "sprint",
                                                                         "max_participants": 5}, token=admin_token)
    signup = f"/conferences/{conference}/activities/{created.body['slug']}/signup"
    bearer = mint_dev_token(TEST_SECRET, "\U0001f600" * 256)
    first = api.post(signup, {}, token=bearer)
    assert first.status == 201 and first.body["status"] == "confirmed", first.body
    assert api.post(signup, {}, token=bearer).status == 409
    assert api.delete(signup, token=bearer).status == 200
    assert api.post(signup, {}, token=bearer).status == 201


@pytest.mark.parametrize("env, logged", [
    ({}, True),
    ({"STAGE": "local", "AWS_LAMBDA_FUNCTION_NAME": "conference-grants-dev-APIHandler"}, True),
    ({"STAGE": "local"}, False),
], ids=["stage-unset", "local-in-lambda", "explicit-local"])
def test_the_cold_start_logs_one_clear_error(env: dict[str, str], logged: bool) -> None:
    """Importing the app (what Lambda does on a cold start) says why every token will be refused."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items() if k not in ("STAGE", "AWS_LAMBDA_FUNCTION_NAME")}
    out = subprocess.run([sys.executable, "-c", "import logging; logging.basicConfig(); import app"],
                         cwd=Path(__file__).resolve().parents[2], env={**clean, **env},
                         capture_output=True, text=True, timeout=120, check=True)
    errors = [line for line in out.stderr.splitlines() if "auth_misconfigured" in line]
    assert len(errors) == (1 if logged else 0), out.stderr
