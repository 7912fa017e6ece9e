"""Ticket vouchers through pretix (a fake pretix on loopback): one voucher per accepted grant
under replays, concurrent deliveries and lost answers; failures recorded in words and retried;
revocation, redemption, the settings and the views."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from boto3.dynamodb.types import TypeSerializer

from chalicelib.config import settings
from chalicelib.events import stream
from chalicelib.observability import metrics
from chalicelib.pretix import tickets
from chalicelib.pretix.client import ClientOptions
from chalicelib.services.conferences import get_conference, list_conferences
from chalicelib.store import grants as store
from devstack.demo.pretix_server import FakePretix, Fault
from tests.support.grants import manage, path
from tests.support.tickets import accepted_grant, change_record, raw_grant, ticket_of

REVIEW = ("review_travel_grant",)
FAST = ClientOptions(connect_timeout=2, read_timeout=3, retries=2, backoff_factor=0.01, backoff_max=0.05,
                     retry_after_max=1)
_serializer = TypeSerializer()


def _not_in_the_pump(fn: Any) -> Any:
    """`fn`, except in the event pump's threads: a live stack another test started in this
    process would otherwise handle these tests' stream records too (and eat their faults)."""
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name.startswith("pump-"):
            return None
        return fn(*args, **kwargs)

    return guarded


@pytest.fixture(autouse=True)
def fast_pretix(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quick retries; the live stack's pump (same process) stays off these tests' grants and fakes."""
    from chalicelib.services import notify

    monkeypatch.setattr(tickets, "options", FAST)
    monkeypatch.setattr(tickets, "run_scheduled_sync", lambda now: {})
    for name in ("issue", "revoke"):
        monkeypatch.setattr(tickets, name, _not_in_the_pump(getattr(tickets, name)))
    monkeypatch.setattr(notify, "notify_ticket_issued", _not_in_the_pump(notify.notify_ticket_issued))


@pytest.fixture
def pretix(api: Any, admin_token: str) -> Iterator[FakePretix]:
    server = FakePretix().start()
    try:
        yield server
    finally:
        _forget(server, api, admin_token)
        server.stop()


def _forget(server: FakePretix, api: Any, admin_token: str) -> None:
    """Take this test's pretix off the conferences that name it before the fake stops.

    The live stack's scheduled ticket sync (`POST /dev/schedules/run`, other tests) visits every
    conference with pretix settings; each one naming a stopped fake would cost it a round of
    connection retries and back-off, for every run until the suite ends.
    """
    for conference in list_conferences():
        if conference.pretix is not None and conference.pretix.base_url == server.url:
            reply = api.patch(f"/manage/conferences/{conference.slug}", {"pretix": None}, token=admin_token)
            assert reply.status == 200, reply.body


def pretix_settings(fake: FakePretix, **overrides: Any) -> dict[str, Any]:
    return {"base_url": fake.url, "organizer": fake.organizer, "event": fake.event, "item_id": 1,
            "api_token": fake.token, **overrides}


@pytest.fixture
def slug(make_conference: Any, pretix: FakePretix) -> str:
    return make_conference(pretix=pretix_settings(pretix))




def set_status(slug: str, grant_id: str, status: str) -> None:
    """A status change the app has no route for here (an expiry, a withdrawal after accepting)."""
    ddb = boto3.client("dynamodb", region_name=settings().region, endpoint_url=settings().aws_endpoint_url)
    ddb.update_item(TableName=settings().table_name, Key={"pk": {"S": f"GRANT#{slug}#{grant_id}"}, "sk": {"S": "GRANT"}},
                    UpdateExpression="SET #s = :s, gsi2pk = :by_status", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": status}, ":by_status": {"S": store.status_pk(slug, status)}})








def test_acceptance_owes_a_ticket_and_the_stream_issues_one(api, slug, make_token, pretix):
    grant_id, applicant, reviewer = accepted_grant(api, slug, make_token)
    assert ticket_of(api, slug, applicant) == {"status": "pending", "voucher_code": None, "shop_url": None,
                                               "error": None}
    assert stream.dispatch([change_record(slug, grant_id, "offered")]) == {"batchItemFailures": []}
    [voucher] = pretix.vouchers_for(grant_id)
    assert voucher["max_usages"] == 1 and voucher["item"] == 1 and voucher["tag"] == "travel-grant"
    assert voucher["price_mode"] == "set" and voucher["value"] == "0.00" and voucher["block_quota"] is True
    mine = api.get(path(slug), token=applicant).body
    assert mine["ticket"]["status"] == "issued" and mine["ticket"]["voucher_code"] == voucher["code"]
    assert mine["promo_code"] == voucher["code"]
    assert mine["ticket"]["shop_url"] == f"{pretix.url}/pycon/pycon-test-2026/redeem?voucher={voucher['code']}"
    detail = api.get(manage(slug, f"/{grant_id}"), token=reviewer).body
    assert detail["ticket"]["voucher_code"] == voucher["code"]
    assert any(entry["action"] == "ticket_issued" for entry in detail["audit"])
    assert all(seen.authorization == f"Token {pretix.token}" for seen in pretix.requests)
    # one read (the lookup) and one write (the create) per acceptance
    assert [r.method for r in pretix.requests] == ["GET", "POST"]


def test_replays_make_one_voucher(api, slug, make_token, pretix):
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    record = change_record(slug, grant_id, "offered")
    for _ in range(4):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert len(pretix.vouchers_for(grant_id)) == 1
    assert pretix.count("POST") == 1  # the replays saw the recorded ticket and asked pretix nothing
    assert ticket_of(api, slug, applicant)["status"] == "issued"


def test_concurrent_deliveries_make_one_voucher(api, slug, make_token, pretix):
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    record = change_record(slug, grant_id, "offered")
    pretix.create_delay = 0.3  # every delivery looks the voucher up before any create commits
    start = threading.Barrier(4)
    results: list[Any] = []

    def deliver() -> None:
        start.wait()
        results.append(stream.dispatch([record]))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"batchItemFailures": []}] * 4
    assert len(pretix.vouchers_for(grant_id)) == 1
    assert pretix.count("POST") >= 2  # they really raced: pretix's unique code refused the others
    assert ticket_of(api, slug, applicant)["status"] == "issued"


def test_an_answer_lost_after_pretix_made_the_voucher(api, slug, make_token, pretix):
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    pretix.faults.append(Fault(status=502, method="POST", after=True))  # made, then the answer is lost
    stream.dispatch([change_record(slug, grant_id, "offered")])
    assert len(pretix.vouchers_for(grant_id)) == 1
    ticket = ticket_of(api, slug, applicant)
    assert ticket["status"] == "issued" and ticket["voucher_code"] == pretix.vouchers_for(grant_id)[0]["code"]


def test_pretix_down_fails_in_words_then_the_retry_route_issues(api, slug, make_token, pretix):
    grant_id, applicant, reviewer = accepted_grant(api, slug, make_token)
    pretix.faults.extend(Fault(status=503) for _ in range(3))  # the lookup and its two retries
    with metrics.capture() as points:
        stream.dispatch([change_record(slug, grant_id, "offered")])
    mine = api.get(path(slug), token=applicant).body
    assert mine["status"] == "accepted"  # the acceptance stands
    assert mine["ticket"]["status"] == "failed" and "HTTP 503" in mine["ticket"]["error"]
    assert any("TicketFailures" in point for point in points)  # the alarm's metric
    r = api.post(manage(slug, f"/{grant_id}/ticket/retry"), token=reviewer)
    assert r.status == 200, r.body
    assert r.body["ticket"]["status"] == "issued" and len(pretix.vouchers_for(grant_id)) == 1
    again = api.post(manage(slug, f"/{grant_id}/ticket/retry"), token=reviewer)
    assert again.status == 409 and again.error_code == "invalid_state"


def test_a_refusal_is_recorded_with_pretixs_words(api, make_conference, make_token, pretix):
    slug = make_conference(pretix=pretix_settings(pretix, item_id=99))
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    ticket = ticket_of(api, slug, applicant)
    assert ticket["status"] == "failed"
    assert 'item: Invalid pk "99" - object does not exist.' in ticket["error"]
    assert pretix.vouchers_for(grant_id) == []


def test_a_bad_token_is_failed_with_a_hint(api, make_conference, make_token, pretix):
    slug = make_conference(pretix=pretix_settings(pretix, api_token="wrong-token"))
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    ticket = ticket_of(api, slug, applicant)
    assert ticket["status"] == "failed" and "Invalid token." in ticket["error"] and "API token" in ticket["error"]


def test_leaving_accepted_deletes_the_unredeemed_voucher(api, slug, make_token, pretix):
    grant_id, _, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    assert len(pretix.vouchers_for(grant_id)) == 1
    for status in ("withdrawn",):  # any status outside accepted/disbursed (expired behaves the same)
        set_status(slug, grant_id, status)
        record = change_record(slug, grant_id, "accepted")
        stream.dispatch([record])
        stream.dispatch([record])  # a replay
    assert pretix.vouchers_for(grant_id) == []
    grant = store.get_grant_item(slug, grant_id)
    assert grant.ticket_status == "revoked"


def test_a_revoke_pretix_cannot_take_leaves_the_stream_moving_and_the_sync_deletes_it(api, slug, make_token, pretix):
    grant_id, _, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    [voucher] = pretix.vouchers_for(grant_id)
    set_status(slug, grant_id, "withdrawn")
    pretix.faults.extend(Fault(status=503) for _ in range(3))  # the lookup and its two retries
    # the record is not failed back to the stream: the records behind it must not wait
    assert stream.dispatch([change_record(slug, grant_id, "accepted")]) == {"batchItemFailures": []}
    assert pretix.vouchers_for(grant_id) == [voucher]
    assert store.get_grant_item(slug, grant_id).ticket_status == "issued"
    counts = tickets.sync_conference(get_conference(slug, fresh=True), datetime.now(UTC))
    assert counts["revoked"] == 1 and pretix.vouchers_for(grant_id) == []
    assert store.get_grant_item(slug, grant_id).ticket_status == "revoked"


def test_a_redeemed_voucher_is_kept_and_the_sync_marks_it(api, slug, make_token, pretix):
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    pretix.redeem(pretix.vouchers_for(grant_id)[0]["code"])
    counts = tickets.sync_conference(get_conference(slug, fresh=True), datetime.now(UTC))
    assert counts["redeemed"] == 1
    assert ticket_of(api, slug, applicant)["status"] == "redeemed"
    set_status(slug, grant_id, "expired")
    stream.dispatch([change_record(slug, grant_id, "accepted")])
    assert len(pretix.vouchers_for(grant_id)) == 1  # a used ticket is not taken back


def test_the_sync_pages_through_vouchers_and_retries_due_failures(api, slug, make_token, pretix):
    pretix.max_page_size = 2
    grants = [accepted_grant(api, slug, make_token) for _ in range(3)]
    for grant_id, _, _ in grants[:2]:
        stream.dispatch([change_record(slug, grant_id, "offered")])
    failing = grants[2][0]
    pretix.faults.extend(Fault(status=500) for _ in range(3))
    stream.dispatch([change_record(slug, failing, "offered")])
    assert store.get_grant_item(slug, failing).ticket_status == "failed"
    for grant_id, _, _ in grants[:2]:
        pretix.redeem(pretix.vouchers_for(grant_id)[0]["code"])
    conference = get_conference(slug, fresh=True)
    early = tickets.sync_conference(conference, datetime.now(UTC))  # the back-off has not passed
    assert early["redeemed"] == 2 and early["issued"] == 0
    later = tickets.sync_conference(conference, datetime.now(UTC) + timedelta(minutes=6))
    assert later["issued"] == 1 and store.get_grant_item(slug, failing).ticket_status == "issued"
    pages = [r for r in pretix.requests if r.method == "GET" and "tag" in r.query and "search" not in r.query]
    assert len(pages) >= 2


def test_settings_token_write_only_and_removal(api, make_conference, admin_token, pretix):
    slug = make_conference(pretix=pretix_settings(pretix))
    view = api.get(f"/manage/conferences/{slug}", token=admin_token).body["pretix"]
    assert view == {"base_url": pretix.url, "organizer": "pycon", "event": "pycon-test-2026", "item_id": 1,
                    "api_token_set": True}
    r = api.patch(f"/manage/conferences/{slug}", {"pretix": {**pretix_settings(pretix, item_id=2), "api_token": None}},
                  token=admin_token)
    assert r.status == 200 and r.body["pretix"]["item_id"] == 2 and r.body["pretix"]["api_token_set"] is True
    assert pretix.token not in str(r.body)
    items = api.get(f"/manage/conferences/{slug}/pretix/items", token=admin_token)
    assert items.status == 200 and [i["name"] for i in items.body["items"]] == ["Conference ticket", "Tutorial ticket"]
    r = api.patch(f"/manage/conferences/{slug}", {"pretix": None}, token=admin_token)
    assert r.status == 200 and r.body["pretix"] is None
    assert api.get(f"/manage/conferences/{slug}/pretix/items", token=admin_token).error_code == "pretix_not_configured"


@pytest.mark.parametrize("base_url", ["http://10.0.0.7", "http://169.254.169.254", "ftp://pretix.example"])
def test_settings_refuse_internal_addresses(api, make_conference, admin_token, pretix, base_url):
    slug = make_conference()
    r = api.patch(f"/manage/conferences/{slug}", {"pretix": pretix_settings(pretix, base_url=base_url)},
                  token=admin_token)
    assert r.status == 422, r.body


def test_without_pretix_there_is_no_ticket(api, conference, make_token, pretix):
    grant_id, applicant, _ = accepted_grant(api, conference, make_token)
    assert ticket_of(api, conference, applicant) is None
    stream.dispatch([change_record(conference, grant_id, "offered")])
    assert pretix.requests == []


def test_the_applicant_gets_the_code_and_shop_link_by_e_mail_once(api, slug, make_token, pretix, emulator_url):
    from tests.support.notifications import sent_to

    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, grant_id, "offered")])
    issued = raw_grant(slug, grant_id)
    old = {**issued, "ticket_status": _serializer.serialize("pending")}
    record = {"eventID": uuid.uuid4().hex, "eventName": "MODIFY", "eventSource": "aws:dynamodb",
              "dynamodb": {"Keys": {"pk": issued["pk"], "sk": issued["sk"]}, "NewImage": issued, "OldImage": old,
                           "SequenceNumber": uuid.uuid4().hex, "ApproximateCreationDateTime": 1.0}}
    stream.dispatch([record])
    stream.dispatch([record])  # a replay sends nothing more
    # (a live stack's pump in this process may have sent the offer's e-mail to the same address)
    [mail] = [m for m in sent_to(emulator_url, issued["user_email"]["S"]) if "Your ticket for" in m["subject"]]
    ticket = ticket_of(api, slug, applicant)
    assert ticket["voucher_code"] in mail["body"] and ticket["shop_url"] in mail["body"]


def test_the_client_never_reaches_an_address_the_stage_forbids(pretix):
    """The SSRF guard (chalicelib.netguard) at connect time: loopback is refused unless allowed,
    so the token never travels there."""
    from chalicelib.pretix.client import PretixClient
    from chalicelib.pretix.payload import PretixRefused

    client = PretixClient(pretix.url, pretix.organizer, pretix.event, pretix.token, allow_loopback=False, options=FAST)
    with pytest.raises(PretixRefused, match="not allowed"):
        client.items()
    assert pretix.requests == []


def test_the_console_lists_grants_whose_ticket_is_not_issued(api, slug, make_token, pretix):
    owed, _, reviewer = accepted_grant(api, slug, make_token)
    issued, _, _ = accepted_grant(api, slug, make_token)
    stream.dispatch([change_record(slug, issued, "offered")])
    r = api.get(manage(slug, "?ticket=not_issued"), token=reviewer)
    assert r.status == 200, r.body
    assert [g["id"] for g in r.body["grants"]] == [owed] and r.body["grants"][0]["ticket_status"] == "pending"
    everyone = api.get(manage(slug), token=reviewer).body["grants"]
    assert {g["id"]: g["ticket_status"] for g in everyone} == {owed: "pending", issued: "issued"}
