"""Contract tests against a REAL pretix (PyPI's `pretix`, SQLite, gunicorn on loopback), not a
recording: the client's assumptions and the fake's answers, checked against the real thing,
and one acceptance end to end. Slow (the first run installs pretix and migrates a database):
`make test-all` runs them; `make test` does not.
"""

from __future__ import annotations

import re
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from chalicelib.domain import tickets as rules
from chalicelib.events import stream
from chalicelib.pretix import tickets
from chalicelib.pretix.client import ClientOptions, DuplicateCode, PretixClient, VoucherRedeemed
from chalicelib.pretix.payload import PretixRefused
from chalicelib.services.conferences import get_conference
from devstack.pretix import local as pretix_local
from tests.support.tickets import accepted_grant, change_record, ticket_of

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def real() -> Iterator[dict[str, Any]]:
    data = Path(tempfile.mkdtemp(prefix="pretix-contract-"))
    instance = pretix_local.Instance(data, _free_port())
    try:
        yield instance.start()
    finally:
        instance.stop()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def client(real: dict[str, Any]) -> PretixClient:
    return PretixClient(real["url"], real["organizer"], real["event"], real["token"], allow_loopback=True,
                        options=ClientOptions(retries=0, read_timeout=60))


def _api(real: dict[str, Any], suffix: str) -> str:
    return f"{real['url']}/api/v1/organizers/{real['organizer']}/events/{real['event']}/{suffix}"


def test_version_is_the_one_recorded_in_the_readme(real):
    assert real["version"] == pretix_local.VERSION
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"pretix {pretix_local.VERSION}" in readme


def test_create_find_duplicate_missing_item_and_delete(client, real):
    grant_id = uuid.uuid4().hex[:24]
    code = f"TGCT{uuid.uuid4().hex[:10].upper()}"
    voucher = client.create_voucher(code=code.lower(), item=real["item_id"], comment=grant_id, tag=rules.TAG)
    assert voucher.code == code and voucher.max_usages == 1 and voucher.redeemed == 0  # stored upper-case
    with pytest.raises(DuplicateCode, match=re.escape("A voucher with this code already exists.")):
        client.create_voucher(code=code, item=real["item_id"], comment=grant_id, tag=rules.TAG)
    with pytest.raises(PretixRefused, match=re.escape('item: Invalid pk "999999" - object does not exist.')):
        client.create_voucher(code=code + "X", item=999_999, comment=grant_id, tag=rules.TAG)
    assert client.find_voucher(code.lower()).id == voucher.id
    assert [v.id for v in client.search_vouchers(grant_id, rules.TAG)] == [voucher.id]
    assert voucher.id in {v.id for v in client.tagged_vouchers(rules.TAG)}
    client.delete_voucher(voucher.id)
    client.delete_voucher(voucher.id)  # gone already: not an error
    assert client.find_voucher(code) is None


def test_a_bad_token_is_refused_in_words(real):
    bad = PretixClient(real["url"], real["organizer"], real["event"], "not-the-token", allow_loopback=True,
                       options=ClientOptions(retries=0, read_timeout=60))
    with pytest.raises(PretixRefused, match=re.escape("HTTP 401: Invalid token.")):
        bad.items()


def test_items_and_pagination(client, real):
    assert {item.name for item in client.items()} >= {"Conference ticket", "Tutorial ticket"}
    tag = f"page-{uuid.uuid4().hex[:6]}"
    for n in range(3):
        client.create_voucher(code=f"PG{uuid.uuid4().hex[:10].upper()}{n}", item=real["item_id"], comment="x", tag=tag)
    client.options = ClientOptions(retries=0, read_timeout=60, page_size=2)
    assert len(list(client.tagged_vouchers(tag))) == 3


def test_a_redeemed_voucher_cannot_be_deleted(client, real):
    code = f"TGRD{uuid.uuid4().hex[:10].upper()}"
    voucher = client.create_voucher(code=code, item=real["item_id"], comment="redeem", tag=rules.TAG)
    order = requests.post(_api(real, "orders/"), headers={"Authorization": f"Token {real['token']}"}, timeout=60,
                          json={"email": "ada@example.org", "locale": "en", "sales_channel": "web",
                                "positions": [{"item": real["item_id"], "voucher": code, "price": "0.00"}]})
    assert order.status_code == 201, order.text
    assert client.find_voucher(code).redeemed == 1
    with pytest.raises(VoucherRedeemed):
        client.delete_voucher(voucher.id)


def test_acceptance_end_to_end(api, make_conference, make_token, real, monkeypatch):
    """Accept, replay, sync, redeem, sync: one voucher, issued then redeemed, on the real pretix."""
    monkeypatch.setattr(tickets, "options", ClientOptions(retries=1, read_timeout=60))
    monkeypatch.setattr(tickets, "run_scheduled_sync", lambda now: {})
    slug = make_conference(pretix={"base_url": real["url"], "organizer": real["organizer"], "event": real["event"],
                                   "item_id": real["item_id"], "api_token": real["token"]})
    grant_id, applicant, _ = accepted_grant(api, slug, make_token)
    record = change_record(slug, grant_id, "offered")
    for _ in range(3):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    client = PretixClient(real["url"], real["organizer"], real["event"], real["token"], allow_loopback=True)
    [voucher] = client.search_vouchers(grant_id, rules.TAG)
    ticket = ticket_of(api, slug, applicant)
    assert ticket["status"] == "issued" and ticket["voucher_code"] == voucher.code
    assert requests.get(ticket["shop_url"], timeout=60).status_code < 500
    order = requests.post(_api(real, "orders/"), headers={"Authorization": f"Token {real['token']}"}, timeout=60,
                          json={"email": "ada@example.org", "locale": "en", "sales_channel": "web",
                                "positions": [{"item": real["item_id"], "voucher": voucher.code, "price": "0.00"}]})
    assert order.status_code == 201, order.text
    counts = tickets.sync_conference(get_conference(slug, fresh=True), datetime.now(UTC))
    assert counts["redeemed"] == 1
    assert ticket_of(api, slug, applicant)["status"] == "redeemed"
