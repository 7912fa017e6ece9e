"""The local stack's settings: e-mail links to the web app, its origin allowed,
loopback Pretalx allowed (its demo Pretalx runs there)."""

from __future__ import annotations

import os

import pytest

from devstack.run import configure_environment

NAMES = ("ALLOWED_ORIGINS", "FRONTEND_URL", "PRETALX_ALLOW_LOOPBACK", "WEB_PORT", "STAGE", "AWS_ENDPOINT_URL",
         "AUTH_DEV_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in NAMES:
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored afterwards by monkeypatch
        monkeypatch.delenv(name)
    return monkeypatch


def test_defaults_point_at_the_web_app_on_8080(clean_env: pytest.MonkeyPatch) -> None:
    configure_environment("http://127.0.0.1:1", "s" * 32, port=8000)
    assert os.environ["FRONTEND_URL"] == "http://127.0.0.1:8080"
    assert os.environ["PRETALX_ALLOW_LOOPBACK"] == "1"
    assert os.environ["ALLOWED_ORIGINS"].split(",") == [
        "http://localhost:3000", "http://127.0.0.1:8000", "http://localhost:8000",
        "http://127.0.0.1:8080", "http://localhost:8080"]


def test_web_port_moves_the_link_and_the_origins_and_given_origins_are_kept(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("WEB_PORT", "5173")
    clean_env.setenv("ALLOWED_ORIGINS", "https://app.example.org,http://127.0.0.1:5173")
    configure_environment("http://127.0.0.1:1", "s" * 32, port=0)
    assert os.environ["FRONTEND_URL"] == "http://127.0.0.1:5173"
    assert os.environ["ALLOWED_ORIGINS"].split(",") == [
        "https://app.example.org", "http://127.0.0.1:5173", "http://localhost:5173"]
