"""The Pretalx client on its own: URL policy, pagination safety, retries (no AWS)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib.domain.urls import base_url_problem
from chalicelib.pretalx.client import ClientOptions, PretalxClient, PretalxUnavailable
from devstack.demo.pretalx_server import FakePretalx, Fault

FAST = ClientOptions(connect_timeout=2, read_timeout=3, retries=2, backoff_factor=0.01, backoff_max=0.05,
                     retry_after_max=1)
DATA = {"rooms": [{"id": n, "name": {"en": f"Room {n}"}, "position": n} for n in range(7)],
        "slots": [], "submissions": [], "speakers": [], "submission-types": []}


@pytest.fixture
def fake() -> Iterator[FakePretalx]:
    server = FakePretalx(DATA, event="ev", token="tok", max_page_size=3).start()
    try:
        yield server
    finally:
        server.stop()


def client(url: str, *, allow_loopback: bool = True, token: str | None = "tok") -> PretalxClient:
    return PretalxClient(url, "ev", token, allow_loopback=allow_loopback, options=FAST)


@pytest.mark.parametrize("url", [
    "http://example.com", "http://10.0.0.8", "https://169.254.169.254", "https://localhost",
    "https://metadata.internal", "ftp://pretalx.com", "https://user:pw@pretalx.com", "http://127.0.0.1:8080",
])
def test_deployed_stages_accept_only_public_https(url):
    assert base_url_problem(url, allow_loopback=False) is not None


@pytest.mark.parametrize("url", ["https://pretalx.com", "https://pretalx.example.org/"])
def test_public_https_is_accepted_everywhere(url):
    assert base_url_problem(url, allow_loopback=False) is None
    assert base_url_problem(url, allow_loopback=True) is None


def test_local_stage_also_accepts_loopback_http():
    assert base_url_problem("http://127.0.0.1:8080", allow_loopback=True) is None
    assert base_url_problem("http://10.0.0.8", allow_loopback=True) is not None


def test_pages_are_followed_and_the_token_sent(fake):
    rooms = client(fake.url).rooms()
    assert [r["id"] for r in rooms] == list(range(7))
    assert fake.count("rooms") == 3
    assert {r.authorization for r in fake.requests} == {"Token tok"}


def test_the_base_url_is_rechecked_before_any_request(fake):
    with pytest.raises(PretalxUnavailable, match="not allowed"):
        client(fake.url, allow_loopback=False).rooms()
    assert fake.requests == []


def test_next_links_to_another_host_are_refused(fake):
    c = client(fake.url)
    with pytest.raises(PretalxUnavailable, match="another host"):
        c._same_origin("http://169.254.169.254/latest/meta-data/")
    assert c._same_origin("http://127.0.0.1/api/events/ev/rooms/?offset=3") == \
        f"{fake.url}/api/events/ev/rooms/?offset=3"  # our scheme and port, their path


def test_pages_linking_back_to_themselves_are_refused(fake, monkeypatch):
    c = client(fake.url)
    page = {"count": 9, "next": f"{fake.url}/api/events/ev/rooms/?limit=100", "results": [{"id": 1}]}
    monkeypatch.setattr(c, "_get_json", lambda url: page)
    with pytest.raises(PretalxUnavailable, match="link back"):
        c.rooms()


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_transient_statuses_are_retried(fake, status):
    fake.faults = [Fault(status), Fault(status)]
    assert len(client(fake.url).rooms()) == 7
    assert fake.count("rooms") == 5  # two failures, then three pages


def test_retries_are_bounded(fake):
    fake.faults = [Fault(503) for _ in range(10)]
    with pytest.raises(PretalxUnavailable, match="HTTP 503"):
        client(fake.url).rooms()
    assert fake.count("rooms") == FAST.retries + 1


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_client_errors_are_not_retried(fake, status):
    fake.faults = [Fault(status)]
    with pytest.raises(PretalxUnavailable, match=f"HTTP {status}"):
        client(fake.url).rooms()
    assert fake.count("rooms") == 1


def test_redirects_are_not_followed(fake):
    fake.faults = [Fault(302)]
    with pytest.raises(PretalxUnavailable, match="HTTP 302"):
        client(fake.url).rooms()


def test_non_json_and_unexpected_documents_are_unavailable(fake):
    fake.faults = [Fault(200, body=b"<html>maintenance</html>")]
    with pytest.raises(PretalxUnavailable, match="not JSON"):
        client(fake.url).rooms()
    fake.faults = [Fault(200, body=b'{"detail": "ok"}')]
    with pytest.raises(PretalxUnavailable, match="unexpected document"):
        client(fake.url).rooms()


def test_unreachable_pretalx_is_unavailable():
    with pytest.raises(PretalxUnavailable, match="could not be reached"):
        client("http://127.0.0.1:9").rooms()


def test_retries_stop_when_the_time_budget_is_spent(fake):
    options = ClientOptions(read_timeout=1, retries=8, backoff_factor=0.2, backoff_max=1, deadline_seconds=0.5)
    fake.faults = [Fault(503) for _ in range(20)]
    with pytest.raises(PretalxUnavailable):
        PretalxClient(fake.url, "ev", "tok", allow_loopback=True, options=options).rooms()
    assert 1 < fake.count("rooms") < options.retries + 1  # retried, but gave up before the retry budget


def test_a_slow_pretalx_cannot_outlast_the_budget(fake):
    options = ClientOptions(read_timeout=30, retries=0, deadline_seconds=0.4)
    fake.faults = [Fault(200, sleep=1.5)]
    with pytest.raises(PretalxUnavailable, match="could not be reached"):
        PretalxClient(fake.url, "ev", "tok", allow_loopback=True, options=options).rooms()


@pytest.mark.parametrize("retry_after", ["soon", "-5", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_odd_retry_after_values_never_escape_as_other_errors(fake, retry_after):
    fake.faults = [Fault(429, retry_after=retry_after)]
    try:
        rooms = client(fake.url).rooms()
    except PretalxUnavailable:
        return
    assert len(rooms) == 7
