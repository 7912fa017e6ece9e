"""chalicelib/observability: the JSON formatter, LOG_LEVEL, the EMF documents."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chalicelib.observability import logging as obs
from chalicelib.observability import metrics

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level for name in obs.APP_LOGGERS}
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


def test_json_formatter_writes_one_object_with_extras_and_the_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("chalicelib.x").makeRecord(
            "chalicelib.x", logging.ERROR, __file__, 1, "failed %s", ("thing",), sys.exc_info(),
            extra={"route": "/conferences/{slug}", "status": 500})
    line = obs.JsonFormatter().format(record)
    assert "\n" not in line.split('"exception"')[0]
    document = json.loads(line)
    assert document["message"] == "failed thing" and document["level"] == "ERROR"
    assert document["route"] == "/conferences/{slug}" and document["status"] == 500
    assert "ValueError: boom" in document["exception"]
    assert document["timestamp"].endswith("+00:00")


def test_log_level_is_applied_to_the_app_loggers(restore_levels: None) -> None:
    assert obs.configure({"LOG_LEVEL": "WARN"}) == "WARNING"
    assert logging.getLogger("chalicelib.services.notify").getEffectiveLevel() == logging.WARNING
    assert obs.configure({"LOG_LEVEL": "debug"}) == "DEBUG"
    assert logging.getLogger("chalicelib").level == logging.DEBUG
    assert obs.configure({"LOG_LEVEL": "nonsense"}) == "INFO"
    logging.getLogger("chalicelib").setLevel(logging.ERROR)
    assert obs.configure({}) is None  # unset: the local stack's own configuration stands
    assert logging.getLogger("chalicelib").level == logging.ERROR


def _lambda_like_process(env: dict[str, str]) -> list[str]:
    """Import the app as Lambda's runtime would (a root handler at WARNING), log at INFO from the app."""
    code = (
        "import logging, sys\n"
        "handler = logging.StreamHandler(sys.stdout)\n"
        "logging.getLogger().addHandler(handler); logging.getLogger().setLevel(logging.WARNING)\n"
        "import app\n"
        "logging.getLogger('chalicelib.events.stream').info('stream record %s handled', '7', extra={'entity': 'grant'})\n"
    )
    # A deployed stage (not local): in Lambda the local stage logs auth_misconfigured at import.
    # A deployed stage needs its issuer and audience, or it logs auth_misconfigured at import too.
    base = {**{k: v for k, v in os.environ.items() if not k.startswith("AWS_LAMBDA")}, "STAGE": "dev",
            "AUTH_ISSUER": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x", "AUTH_AUDIENCE": "client"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True,
                            text=True, timeout=60, check=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_in_lambda_info_records_are_written_as_json_when_log_level_says_info() -> None:
    lines = _lambda_like_process({"LOG_LEVEL": "INFO", "AWS_LAMBDA_FUNCTION_NAME": "x-stream",
                                  "AWS_LAMBDA_LOG_FORMAT": "Text"})
    (line,) = lines
    document = json.loads(line)
    assert document["message"] == "stream record 7 handled" and document["entity"] == "grant"
    assert _lambda_like_process({"LOG_LEVEL": "ERROR", "AWS_LAMBDA_FUNCTION_NAME": "x-stream"}) == []


def test_user_hash_is_stable_salted_and_not_the_subject(restore_levels: None) -> None:
    obs.configure({"LOG_USER_SALT": "stack-1"})
    salted = obs.hash_user("alice")
    obs.configure({})
    assert salted == obs.hash_user("alice", salt="stack-1") != obs.hash_user("alice")
    assert obs.hash_user("alice", salt="") == obs.hash_user("alice", salt="")
    assert obs.hash_user("alice", salt="") != obs.hash_user("bob", salt="")
    assert obs.hash_user("alice", salt="s1") != obs.hash_user("alice", salt="s2")
    assert "alice" not in obs.hash_user("alice") and len(obs.hash_user("alice")) == 16


def test_emf_document_follows_the_specification() -> None:
    doc = metrics.document("Signups", 1, "Count", {"Status": "waitlisted"}, "prod")
    (directive,) = doc["_aws"]["CloudWatchMetrics"]
    assert directive == {"Namespace": "ConferenceGrants", "Dimensions": [["Stage", "Status"]],
                         "Metrics": [{"Name": "Signups", "Unit": "Count"}]}
    assert isinstance(doc["_aws"]["Timestamp"], int)
    # Every dimension and metric named in the directive is a top-level member.
    assert (doc["Stage"], doc["Status"], doc["Signups"]) == ("prod", "waitlisted", 1)
    with pytest.raises(ValueError, match="unit"):
        metrics.document("X", 1, "Parsecs", {}, "prod")


def test_emit_prints_one_line_to_stdout_in_lambda(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "x-api")
    monkeypatch.setenv("STAGE", "dev")
    with metrics.capture() as captured:
        metrics.emit("PretalxSyncDuration", 812.5, unit="Milliseconds")
        metrics.emit("Bad", 1, unit="Parsecs")  # logged, never raised
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["PretalxSyncDuration"] == 812.5 and json.loads(line)["Stage"] == "dev"
    assert metrics.points(captured, "PretalxSyncDuration") == [812.5]
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME")
    metrics.emit("Signups", Status="confirmed")
    assert capsys.readouterr().out == ""  # outside Lambda: DEBUG log only
