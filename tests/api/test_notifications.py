"""E-mails from the stream: offered / rejected / info_needed grants and waitlist promotions,
each sent exactly once even when the stream record is delivered again."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import boto3
import pytest

from chalicelib.config import settings
from chalicelib.events import stream
from chalicelib.services import notify
from chalicelib.store import idempotency, table
from chalicelib.store.keys import IDEMPOTENCY_SK
from tests.support.clients import wait_until
from tests.support.grants import application, manage, path, review
from tests.support.notifications import (
    _serializer,
    grant_record,
    modify_record,
    raw_item,
    raw_signups,
    redirect,
    sent_to,
    unique_email,
)

REVIEW = ("review_travel_grant",)


def test_offer_email_sent_once_under_replay(api, conference, make_token, emulator_url):
    email, record = grant_record(api, conference, make_token,
                                 {"status": "offered", "approved_amount": "1234.50", "promo_code": "TG-42"})
    for _ in range(3):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    messages = sent_to(emulator_url, email)
    assert len(messages) == 1
    body = messages[0]["body"]
    assert "$1,234.50" in body and "TG-42" in body and "Accept" in body and "Decline" in body
    assert "Grace Hopper" in body and "PyCon Test" in messages[0]["subject"]
    assert messages[0]["source"] == settings().ses_sender


def test_rejected_and_info_needed_emails(api, conference, make_token, emulator_url):
    email, record = grant_record(api, conference, make_token, {"status": "rejected"})
    stream.dispatch([record, record])
    [message] = sent_to(emulator_url, email)
    assert "could not offer" in message["body"] and "What to do next" in message["body"]
    email, record = grant_record(api, conference, make_token, {"status": "info_needed", "message": "Which airport do you fly from?"})
    stream.dispatch([record])
    stream.dispatch([record])
    [message] = sent_to(emulator_url, email)
    assert "more information" in message["body"] and "Provide information" in message["body"]


def test_other_changes_send_nothing(api, conference, make_token, emulator_url):
    email, record = grant_record(api, conference, make_token, {"reviewer_notes": "just a note"})
    stream.dispatch([record])  # submitted -> submitted
    record["dynamodb"]["NewImage"]["status"] = {"S": "accepted"}
    record["dynamodb"]["OldImage"]["status"] = {"S": "offered"}
    stream.dispatch([record])  # the applicant's own accept: no e-mail
    assert sent_to(emulator_url, email) == []


def test_next_status_change_sends_a_new_email(api, conference, make_token, emulator_url):
    sub, _ = unique_email()
    applicant = make_token(sub)
    reviewer = make_token("rita", *REVIEW)
    grant_id = api.post(path(conference), application(), token=applicant).body["id"]
    pk = f"GRANT#{conference}#{grant_id}"
    review(api, conference, grant_id, reviewer, {"status": "info_needed", "message": "Which airport do you fly from?"})
    email, first = redirect(raw_item(pk, "GRANT"))
    stream.dispatch([modify_record(first, {"status": "submitted"})])
    api.post(path(conference, "/provide-info"), {"message": "done"}, token=applicant)
    review(api, conference, grant_id, reviewer, {"status": "info_needed", "message": "Which airport do you fly from?"})
    second = {**raw_item(pk, "GRANT"), "user_email": {"S": email},
              "version": {"N": str(int(first["version"]["N"]) + 2)}}
    record = modify_record(second, {"status": "submitted"})
    stream.dispatch([record, record])
    assert len(sent_to(emulator_url, email)) == 2


def test_failed_send_is_retried_and_still_sent_once(api, conference, make_token, emulator_url, monkeypatch):
    email, record = grant_record(api, conference, make_token, {"status": "rejected"})

    class BrokenSes:
        def send_email(self, **kw: Any) -> None:
            raise RuntimeError("SES is down")

    monkeypatch.setattr(notify, "client", lambda service: BrokenSes())
    failed = stream.dispatch([record])
    assert failed == {"batchItemFailures": [{"itemIdentifier": "1"}]}
    monkeypatch.undo()
    assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert len(sent_to(emulator_url, email)) == 1


def signup_record(email: str, old_status: str, new_status: str, promoted_at: str | None) -> dict[str, Any]:
    new = {"pk": "ACT#conf-x#sprint", "sk": f"SIGNUP#2026-05-01T00:00:00.000000Z#{uuid.uuid4().hex[:8]}",
           "entity": "signup", "signup_id": uuid.uuid4().hex, "status": new_status, "conference_slug": "conf-x",
           "activity_slug": "sprint", "activity_name": "CPython Sprint", "user_sub": "u", "user_email": email,
           "user_name": "Lin"}
    if promoted_at:
        new["promoted_at"] = promoted_at
    return modify_record({k: _serializer.serialize(v) for k, v in new.items()}, {"status": old_status})


def test_waitlist_promotion_email_once(emulator_url):
    _, email = unique_email()
    record = signup_record(email, "waitlisted", "confirmed", "2026-05-01T10:00:00.000000Z")
    for _ in range(3):
        stream.dispatch([record])
    [message] = sent_to(emulator_url, email)
    assert "CPython Sprint" in message["subject"] and "waitlist" in message["body"]
    _, other = unique_email()
    stream.dispatch([signup_record(other, "confirmed", "cancelled", None)])
    stream.dispatch([signup_record(other, "waitlisted", "waitlisted", None)])
    assert sent_to(emulator_url, other) == []


def test_a_place_offered_is_mailed_once_with_its_deadline(emulator_url):
    _, email = unique_email()
    record = signup_record(email, "waitlisted", "offered", "2026-05-01T10:00:00.000000Z")
    record["dynamodb"]["NewImage"]["claim_by"] = {"S": "2026-05-02T10:00:00.000000Z"}
    for _ in range(3):
        stream.dispatch([record])
    [message] = sent_to(emulator_url, email)
    assert "claim it by May 2, 2026, 10:00 AM (UTC)" in message["subject"], message["subject"]
    assert "CPython Sprint" in message["body"] and "Claim my place" in message["body"]
    # The claim itself (offered -> confirmed) mails nobody: the person just did it.
    _, other = unique_email()
    stream.dispatch([signup_record(other, "offered", "confirmed", "2026-05-01T10:00:00.000000Z")])
    assert sent_to(emulator_url, other) == []


def _streams() -> Any:
    s = settings()
    return boto3.client("dynamodbstreams", region_name=s.region, endpoint_url=s.aws_endpoint_url)


def _latest_iterators() -> list[str]:
    """Shard iterators positioned after everything written so far (read only what follows)."""
    arn = settings().table_stream_arn
    return [_streams().get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")
            ["ShardIterator"] for shard in _streams().describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]]


def _records_for(pk: str, iterators: list[str]) -> list[dict[str, Any]]:
    found = []
    for iterator in iterators:
        while iterator:
            page = _streams().get_records(ShardIterator=iterator, Limit=1000)
            found += [r for r in page["Records"] if r["dynamodb"]["Keys"]["pk"]["S"] == pk]
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return found


def test_live_stack_stream_records_send_once(live_stack, app_module, make_conference, make_token, emulator_url):
    """The table's real stream records, delivered to the app's stream function three times
    (as Lambda would on retries), send one e-mail; the pump's own delivery is one more replay."""
    slug = make_conference()
    sub, email = unique_email()
    applicant = make_token(sub, email=email)
    reviewer = make_token("rita", *REVIEW)
    iterators = _latest_iterators()
    grant_id = live_stack.post(path(slug), application(), token=applicant).body["id"]
    r = live_stack.patch(manage(slug, f"/{grant_id}"), {"status": "offered", "approved_amount": "700",
                                                        "promo_code": "LIVE"}, token=reviewer)
    assert r.status == 200
    records = wait_until(lambda: _records_for(f"GRANT#{slug}#{grant_id}", iterators), timeout=10)
    assert any(rec["eventName"] == "MODIFY" for rec in records)
    for _ in range(3):
        live_stack.pump.deliver_stream_batch(app_module.handle_table_stream, "stream_handler", records)
    messages = sent_to(emulator_url, email)
    [offer] = [m for m in messages if "offer" in m["subject"]]
    assert "$700.00" in offer["body"] and "LIVE" in offer["body"]
    assert len([m for m in messages if "received" in m["subject"]]) == 1  # the application's INSERT, once too
    assert len(messages) == 2


def test_real_signup_promotion_item_sends_one_email(api, app_module, conference, make_token, emulator_url):
    """A signup promoted by the activities code, as its stream record would carry it."""
    manager = make_token("activity-manager", "manage_activity")
    activity = api.post(f"/manage/conferences/{conference}/activities",
                        {"name": "Packaging Summit", "max_participants": 1}, token=manager).body["slug"]
    first, _ = unique_email()
    second, email = unique_email()
    assert api.post(f"/conferences/{conference}/activities/{activity}/signup", {},
                    token=make_token(first)).body["status"] == "confirmed"
    waiting = api.post(f"/conferences/{conference}/activities/{activity}/signup", {},
                       token=make_token(second, email=email, name="Lin Clark")).body
    assert waiting["status"] == "waitlisted"
    r = api.post(f"/manage/conferences/{conference}/activities/{activity}/signups/{waiting['id']}/promote",
                 token=manager)
    assert r.status == 200 and r.body["status"] == "confirmed"
    items = raw_signups(conference, activity)
    promoted = next(i for i in items if i.get("user_sub", {}).get("S") == second)
    record = modify_record(promoted, {"status": "waitlisted"})
    for _ in range(2):
        assert app_module.handle_table_stream({"Records": [record]}, None) == {"batchItemFailures": []}
    [message] = [m for m in sent_to(emulator_url, email) if "confirmed for" in m["subject"]]
    assert "Packaging Summit" in message["subject"] and "Hello Lin Clark" in message["body"]


# -- a claim expires with its invocation ----------------------------------------------------------


class _Context:
    """What Lambda passes: the time this invocation has left."""

    def __init__(self, remaining_ms: int) -> None:
        self._until = time.time() + remaining_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._until - time.time()) * 1000))


class _DyingSes:
    """SES that never answers before the function dies (a timeout that kills the process),
    for one recipient only: an event pump running in this worker keeps its real SES."""

    def __init__(self, doomed: str, real: Any) -> None:
        self.doomed, self.real = doomed, real

    def send_email(self, **kw: Any) -> Any:
        if self.doomed in kw["Destination"]["ToAddresses"]:
            raise SystemExit("the invocation ran out of time")
        return self.real("ses").send_email(**kw)


def test_a_claim_abandoned_by_a_dead_invocation_is_sent_by_the_retry(api, conference, make_token, emulator_url,
                                                                      monkeypatch):
    email, record = grant_record(api, conference, make_token, {"status": "rejected"})
    real_client = notify.client
    monkeypatch.setattr(notify, "client", lambda service: _DyingSes(email, real_client))
    # SystemExit is no Exception: send_once releases nothing, as a process that died would not.
    with notify.invocation_deadline(_Context(300)), pytest.raises(SystemExit):
        stream.dispatch([record])
    monkeypatch.undo()
    # While that invocation could still be running, a concurrent replay sends nothing…
    with notify.invocation_deadline(_Context(60_000)):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert sent_to(emulator_url, email) == []
    time.sleep(0.4)  # …once its deadline passed, the retry claims the key again and sends.
    with notify.invocation_deadline(_Context(60_000)):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert len(sent_to(emulator_url, email)) == 1


def test_a_live_claim_is_not_taken_twice():
    key = f"grant#live-claim-{uuid.uuid4().hex}"
    with notify.invocation_deadline(_Context(60_000)):
        assert notify._claim(key) is not None
        assert notify._claim(key) is None  # another delivery while the first is still sending


def test_a_legacy_claim_without_expiry_can_be_taken_again():
    """Marks written before claims had an expiry stayed `sending` for ever: they are abandoned."""
    key = f"legacy-{uuid.uuid4().hex}"
    legacy = idempotency.IdempotencyMark(notify.mark_key(key), IDEMPOTENCY_SK, key=key, state="sending",
                                         created_at="2026-01-01T00:00:00Z", expires_at=int(time.time()) + 3600)
    table.put(legacy)
    assert notify._claim(key) is not None


def test_the_claim_lasts_until_the_lambda_deadline(monkeypatch):
    now = time.time()
    with notify.invocation_deadline(_Context(30_000)):
        assert abs(notify.claim_expiry_ms(now) - (now + 30) * 1000) < 1000
    monkeypatch.setattr(notify, "settings", lambda: type("S", (), {"email_claim_seconds": 120})())
    assert abs(notify.claim_expiry_ms(now) - (now + 120) * 1000) < 1000  # no context: the configured time


def test_the_stream_function_passes_its_context(app_module, monkeypatch):
    """The handler hands the Lambda context's deadline to the claims (chalice's test context: 3 s)."""
    from chalice.test import Client

    seen: list[int] = []
    me = threading.get_ident()  # a live stack's pump may dispatch on its own thread meanwhile

    def dispatch(records: list) -> dict:
        if threading.get_ident() == me:
            seen.append(notify.claim_expiry_ms())
        return {}

    monkeypatch.setattr(stream, "dispatch", dispatch)
    before = time.time()
    with Client(app_module.app) as client:
        client.lambda_.invoke("stream_handler", {"Records": []})
    assert seen and seen[0] <= (time.time() + 3) * 1000 + 1
    assert seen[0] >= (before + 2) * 1000  # not the 900 s default, not already expired


def test_a_failed_send_logs_an_alarm_marker(api, conference, make_token, monkeypatch, caplog):
    email, record = grant_record(api, conference, make_token, {"status": "rejected"})
    real_client = notify.client

    class BrokenSes:
        """Times out for this test's recipient only (a pump in this worker keeps its SES)."""

        def send_email(self, **kw: Any) -> Any:
            if email in kw["Destination"]["ToAddresses"]:
                raise TimeoutError("SES read timeout")
            return real_client("ses").send_email(**kw)

    monkeypatch.setattr(notify, "client", lambda service: BrokenSes())
    with caplog.at_level("ERROR"):
        assert stream.dispatch([record])["batchItemFailures"]
    assert any(r.levelname == "ERROR" and r.getMessage().startswith("email_send_failed") for r in caplog.records)
