"""What operators see of real requests and events: one access line per request, EMF metric points.

In-process API and stream dispatch against the emulator, as the other API tests; the
metric points are collected with `metrics.capture()` (the same documents Lambda prints).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib.events import stream
from chalicelib.observability import logging as obs
from chalicelib.observability import metrics
from chalicelib.services import notify
from devstack.demo.pretalx_server import FakePretalx, Fault
from tests.support.clients import Api, wait_until
from tests.support.notifications import grant_record, modify_record, raw_item
from tests.support.pretalx import FAST
from tests.support.pretalx_pycon import EVENT, dataset
from tests.support.receipts import PNG, accepted_grant, mine, presign, upload

REVIEW = ("review_travel_grant",)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def access_lines() -> Iterator[list[logging.LogRecord]]:
    handler, logger = Lines(), obs.access_log
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def captured() -> Iterator[list[dict[str, Any]]]:
    with metrics.capture() as points:
        yield points


def new_activity(api: Api, conf: str, token: str, **fields: Any) -> str:
    reply = api.post(f"/manage/conferences/{conf}/activities", {"name": "Sprint", "activity_type": "sprint", **fields},
                     token=token)
    assert reply.status == 201, reply.body
    return str(reply.body["slug"])


def test_one_access_line_per_request_with_route_status_latency_conference_and_hashed_user(
        api: Api, conference: str, make_token: Callable[..., str], access_lines: list[logging.LogRecord]) -> None:
    token = make_token("obs-user-1", email="obs-user-1@example.org", name="Private Name")
    assert api.get(f"/conferences/{conference}").status == 200
    assert api.get(f"/conferences/{conference}/travel-grant", token=token).status == 404
    assert api.get(f"/conferences/{conference}/travel-grant", token="Bearer-garbage").status == 401
    first, second, third = access_lines
    assert (first.route, first.status, first.conference) == ("/conferences/{slug}", 200, conference)
    assert not hasattr(first, "user")  # anonymous
    assert (second.route, second.status, second.user) == ("/conferences/{slug}/travel-grant", 404,
                                                            obs.hash_user("obs-user-1"))
    assert third.status == 401 and not hasattr(third, "user")
    for line in access_lines:
        assert line.method == "GET" and isinstance(line.latency_ms, float) and line.latency_ms >= 0
        text = str(vars(line))
        assert token not in text and "obs-user-1" not in text and "Private Name" not in text and "@" not in text


def test_signups_confirmed_and_waitlisted_and_promotions_are_counted(
        api: Api, conference: str, make_token: Callable[..., str], captured: list[dict[str, Any]]) -> None:
    manager = make_token("obs-manager", "manage_activity")
    activity = new_activity(api, conference, manager, max_participants=1)
    first, second = make_token("obs-a"), make_token("obs-b")
    signup = f"/conferences/{conference}/activities/{activity}/signup"
    assert api.post(signup, {}, token=first).body["status"] == "confirmed"
    assert api.post(signup, {}, token=second).body["status"] == "waitlisted"
    assert metrics.points(captured, "Signups", Status="confirmed") == [1]
    assert metrics.points(captured, "Signups", Status="waitlisted") == [1]
    # A live stack's pump running in this worker sees the same table stream and may promote
    # first: count promotions from every thread; exactly one happened, whoever did it.
    with metrics.capture(this_thread_only=False) as everywhere:
        assert api.delete(signup, token=first).status == 200
        # The stream record of the activity whose place was freed: the handler promotes the waitlist.
        item = raw_item(f"CONF#{conference}", f"ACT#{activity}")
        handler, logger = Lines(), logging.getLogger("chalicelib.events.stream")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)  # what LOG_LEVEL=INFO gives in Lambda
        try:
            assert stream.dispatch([modify_record(item, {"confirmed_count": 1}, seq="42")]) == {"batchItemFailures": []}
        finally:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)
        promoted = wait_until(lambda: sum(metrics.points(everywhere, "Promotions", Source="waitlist")))
    assert promoted == 1
    assert api.get(f"/conferences/{conference}/activities/{activity}", token=second).body["my_signup"]["status"] \
        == "confirmed"
    # The stream handler says what it did with each record (never the item's contents).
    (line,) = [r for r in handler.records if getattr(r, "sequence_number", None) == "42"]
    assert (line.event, line.entity, line.conference, line.outcome) == ("MODIFY", "activity", conference, "handled")


def test_grant_decisions_and_emails_are_counted(api: Api, conference: str, make_token: Callable[..., str],
                                               captured: list[dict[str, Any]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _, record = grant_record(api, conference, make_token, {"status": "rejected"})
    assert metrics.points(captured, "GrantDecisions", Status="rejected") == [1]
    # A live stack's pump in this worker handles the real stream record in its own thread (and
    # sends, or fails to, other tests' e-mails meanwhile): this record names a version the real
    # stream never carries, so its e-mail (idempotency key) is this thread's alone to send.
    record["dynamodb"]["NewImage"]["version"] = {"N": "987654"}

    class BrokenSes:
        def send_email(self, **kw: Any) -> None:
            raise RuntimeError("SES is down")

    with monkeypatch.context() as broken:
        broken.setattr(notify, "client", lambda service: BrokenSes())
        assert stream.dispatch([record])["batchItemFailures"]
    assert metrics.points(captured, "EmailsFailed") == [1] and metrics.points(captured, "EmailsSent") == []
    assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert stream.dispatch([record]) == {"batchItemFailures": []}  # a replay sends (and counts) nothing
    assert metrics.points(captured, "EmailsSent") == [1]


@pytest.mark.usefixtures("no_background_bucket_events")
def test_upload_rejections_are_counted(api: Api, conference: str, make_token: Callable[..., str],
                                       captured: list[dict[str, Any]]) -> None:
    applicant = make_token("obs-applicant", name="Ada")
    accepted_grant(api, conference, applicant, make_token("obs-rita", *REVIEW))
    created = presign(api, conference, applicant)
    upload(created, PNG)  # declared a PDF
    reply = api.post(mine(conference, f"/receipts/{created['receipt']['id']}/complete"), token=applicant)
    assert reply.error_code == "invalid_upload"
    assert metrics.points(captured, "UploadRejections") == [1]


def test_scheduled_pretalx_sync_reports_duration_and_failures(
        make_conference: Callable[..., str], captured: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.events import pretalx_sync
    from chalicelib.pretalx import sync
    from chalicelib.services import conferences

    broken = FakePretalx(dataset(), event=EVENT).start()
    try:
        broken.faults = [Fault(500) for _ in range(FAST.retries + 1)]
        slug = make_conference(pretalx={"base_url": broken.url, "event_slug": EVENT, "api_token": broken.token})
        monkeypatch.setattr(sync, "SCHEDULED_OPTIONS", FAST)
        monkeypatch.setattr(pretalx_sync, "list_conferences", lambda: [conferences.get_conference(slug)])
        summary = pretalx_sync.run_scheduled_sync()
    finally:
        broken.stop()
    assert summary[slug]["error"] == "PretalxUnavailable"
    assert metrics.points(captured, "PretalxSyncFailures") == [1]
    (duration,) = metrics.points(captured, "PretalxSyncDuration")
    assert duration > 0
    (doc,) = [d for d in captured if "PretalxSyncDuration" in d]
    assert doc["_aws"]["CloudWatchMetrics"][0]["Metrics"] == [{"Name": "PretalxSyncDuration", "Unit": "Milliseconds"}]
