"""POST /manage/conferences/{slug}/pretalx/sync against a local Pretalx look-alike.

The fake serves a generated PyCon-sized event (tests/support/pretalx_pycon.py) over real
HTTP on 127.0.0.1, so the client's pagination, headers, retries and timeouts are exercised
for real. DynamoDB requests are counted on botocore's `before-send` event (tests/support/request_count.py).
"""

from __future__ import annotations

import dataclasses

import pytest

from chalicelib.pretalx import sync
from chalicelib.store import schedule
from devstack.demo.pretalx_server import Fault
from tests.support.pretalx import FAST, run_sync
from tests.support.pretalx_pycon import EXPECTED
from tests.support.request_count import ddb_requests, writes

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def test_sync_stores_rooms_talks_slots_and_returns_counts(api, admin_token, pretalx_conf, fake):
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body == EXPECTED
    assert {r.authorization for r in fake.requests} == {f"Token {fake.token}"}
    assert fake.count("submissions") >= 4 and fake.count("slots") >= 4  # several pages followed
    rooms = schedule.list_rooms(pretalx_conf)
    assert [r.name for r in rooms][:3] == ["Hall A", "Hall B", "Hall C"]
    assert "Raum 253" in {r.name for r in rooms}  # no English name: another language is used
    talks = {t.code: t for t in schedule.list_talks(pretalx_conf)}
    assert len(talks) == EXPECTED["talks"]
    assert not any(t.title.startswith(("Rejected", "Withdrawn")) for t in talks.values())
    unscheduled = next(t for t in talks.values() if t.title == "Unscheduled but accepted")
    assert (unscheduled.start, unscheduled.room) == (None, None)
    first = talks["T0001"]
    assert first.start == "2026-05-13T13:00:00Z" and first.end == "2026-05-13T16:30:00Z"  # -04:00 -> UTC
    assert first.room == "Hall A" and first.submission_type == "Tutorials" and len(first.speakers) == 2
    slots = schedule.list_slots(pretalx_conf)
    assert len(slots) == EXPECTED["schedule_slots"]
    breaks = [s for s in slots if s.talk_code is None]
    assert sorted(s.title or "" for s in breaks) == ["", "Lunch", "Lunch", "Lunch", "Lunch", "Lunch"]
    assert all(s.start.endswith("Z") for s in slots)


def test_unchanged_rerun_returns_same_counts_and_writes_nothing(api, admin_token, pretalx_conf):
    first = run_sync(api, pretalx_conf, admin_token)
    version = schedule.current_pointer(pretalx_conf).version
    with ddb_requests() as counts:
        second = run_sync(api, pretalx_conf, admin_token)
    assert second.status == 200 and second.body == first.body
    assert writes(counts) == 0, counts
    assert schedule.current_pointer(pretalx_conf).version == version


def test_changed_schedule_replaces_the_previous_one_and_drops_stale_entries(api, admin_token, pretalx_conf, fake):
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    before = schedule.current_pointer(pretalx_conf)
    gone = {"T0100", "T0101", "T0102"}
    fake.dataset["submissions"] = [s for s in fake.dataset["submissions"] if s["code"] not in gone]
    fake.dataset["slots"] = [s for s in fake.dataset["slots"] if s["submission"] not in gone]
    fake.dataset["submissions"][0]["title"] = "Renamed tutorial"
    with ddb_requests() as counts:
        reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200
    assert reply.body == {**EXPECTED, "talks": EXPECTED["talks"] - 3, "schedule_slots": EXPECTED["schedule_slots"] - 3}
    codes = {t.code for t in schedule.list_talks(pretalx_conf)}
    assert not gone & codes
    assert {s.talk_code for s in schedule.list_slots(pretalx_conf)}.isdisjoint(gone)
    assert schedule.list_talks(pretalx_conf)[0].title == "Renamed tutorial"
    assert schedule.current_pointer(pretalx_conf).version != before.version
    assert writes(counts) <= 12, counts  # chunked batch write + flip + activity updates, not one per entry


def test_guard_refuses_to_wipe_the_schedule_unless_forced(api, admin_token, pretalx_conf, fake):
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    version = schedule.current_pointer(pretalx_conf).version
    fake.dataset["slots"] = fake.dataset["slots"][:20]
    with ddb_requests() as counts:
        reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 502 and reply.error_code == "pretalx_unavailable"
    assert (reply.body["previous_slots"], reply.body["new_slots"]) == (EXPECTED["schedule_slots"], 20)
    assert writes(counts) == 0
    assert schedule.current_pointer(pretalx_conf).version == version
    assert len(schedule.list_slots(pretalx_conf)) == EXPECTED["schedule_slots"]
    forced = run_sync(api, pretalx_conf, admin_token, "?force=true")
    assert forced.status == 200 and forced.body["schedule_slots"] == 20


def test_guard_allows_a_moderate_shrink(api, admin_token, pretalx_conf, fake):
    assert run_sync(api, pretalx_conf, admin_token).status == 200
    fake.dataset["slots"] = fake.dataset["slots"][: EXPECTED["schedule_slots"] // 2 + 5]
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200 and reply.body["schedule_slots"] < EXPECTED["schedule_slots"]


@pytest.mark.parametrize("failure", ["unauthorized", "not_found", "server_error", "timeout", "late_failure"])
def test_pretalx_failures_answer_502_and_write_nothing(api, admin_token, pretalx_conf, fake, failure, monkeypatch):
    if failure == "unauthorized":
        fake.token = "rotated-token"
    elif failure == "not_found":
        fake.event = "another-event"
    elif failure == "server_error":
        fake.faults = [Fault(500) for _ in range(FAST.retries + 1)]
    elif failure == "timeout":
        impatient = dataclasses.replace(FAST, read_timeout=0.3, retries=1)
        monkeypatch.setattr(sync, "DEFAULT_OPTIONS", impatient)
        fake.faults = [Fault(200, sleep=1.0) for _ in range(impatient.retries + 1)]
    else:  # rooms, types and submissions succeed; the slots keep failing
        fake.faults = [Fault(503, collection="slots") for _ in range(FAST.retries + 1)]
    with ddb_requests() as counts:
        reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 502, reply.body
    assert reply.error_code == "pretalx_unavailable"
    assert writes(counts) == 0, counts
    assert schedule.current_pointer(pretalx_conf) is None
    listed = api.get(f"/manage/conferences/{pretalx_conf}/activities", token=admin_token)
    assert listed.body["activities"] == []


def test_transient_errors_are_retried_honouring_retry_after(api, admin_token, pretalx_conf, fake):
    fake.faults = [Fault(429, retry_after="1", collection="submissions"), Fault(502, collection="slots")]
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200 and reply.body == EXPECTED
    asked = [r for r in fake.requests if r.path.endswith("/submissions/")]
    assert asked[1].at - asked[0].at >= 0.9  # waited as Pretalx asked before retrying
    assert fake.faults == []


def test_retry_after_beyond_the_budget_is_capped(api, admin_token, pretalx_conf, fake, monkeypatch):
    import urllib3.util.retry as retry_module

    waits: list[float] = []

    class Clock:
        time = staticmethod(retry_module.time.time)

        @staticmethod
        def sleep(seconds: float) -> None:
            waits.append(seconds)

    monkeypatch.setattr(retry_module, "time", Clock)
    fake.faults = [Fault(429, retry_after="3600", collection="rooms")]
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200
    assert waits == [FAST.retry_after_max]


def test_speakers_are_looked_up_when_pretalx_does_not_expand(api, admin_token, pretalx_conf, fake):
    fake.honour_expand = False
    reply = run_sync(api, pretalx_conf, admin_token)
    assert reply.status == 200 and reply.body == EXPECTED
    assert fake.count("speakers") >= 1
    talk = next(t for t in schedule.list_talks(pretalx_conf) if t.code == "T0001")
    assert len(talk.speakers) == 2 and all(" " in name for name in talk.speakers)


def test_not_configured_is_409(api, admin_token, conference):
    reply = run_sync(api, conference, admin_token)
    assert reply.status == 409 and reply.error_code == "pretalx_not_configured"


def test_sync_needs_manage_conference(api, make_token, pretalx_conf, fake):
    reply = run_sync(api, pretalx_conf, make_token("mallory", "manage_activity"))
    assert reply.status == 403 and reply.error_code == "forbidden"
    assert run_sync(api, pretalx_conf, None).status == 401
    assert fake.requests == [] and schedule.current_pointer(pretalx_conf) is None


def test_unknown_conference_is_404(api, admin_token):
    assert run_sync(api, "no-such-conference-xyz", admin_token).status == 404


def test_conference_rejects_plain_http_pretalx_url_for_non_loopback_hosts(api, admin_token, make_conference):
    from tests.support.conference import conference_body, unique_slug

    body = conference_body(pretalx={"base_url": "http://example.com", "event_slug": "x", "api_token": "t"})
    reply = api.put(f"/manage/conferences/{unique_slug()}", body, token=admin_token)
    assert reply.status == 422 and "pretalx.base_url" in reply.body["error"]["fields"]
