"""Fixtures shared by the API tests: the Pretalx sync's server, and a new activity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devstack.demo.pretalx_server import FakePretalx
from tests.support.clients import Api
from tests.support.pretalx import isolate_from_scheduled_sync
from tests.support.pretalx_pycon import EVENT, dataset


@pytest.fixture
def isolated_pretalx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast client options and no scheduled sync touching other tests' conferences."""
    isolate_from_scheduled_sync(monkeypatch)


@pytest.fixture
def fake() -> Iterator[FakePretalx]:
    """A Pretalx server on loopback serving the PyCon-shaped dataset."""
    server = FakePretalx(dataset(), event=EVENT).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pretalx_conf(make_conference: Any, fake: FakePretalx) -> str:
    """A conference whose Pretalx settings point at `fake`."""
    return make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token})


@pytest.fixture(autouse=True)
def _on_the_emulator(emulator: str) -> None:
    """These tests drive the app against AWS: the emulator (started once per test process, by
    the first test that needs it) runs for each of them."""


@pytest.fixture
def new_activity(api: Api, make_token: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    """Makes an activity (named "Sprint Night" unless `fields` say otherwise) as an activity manager."""
    manager = make_token("activity-manager", "manage_activity")

    def make(conf: str, **fields: Any) -> dict[str, Any]:
        reply = api.post(f"/manage/conferences/{conf}/activities", {"name": "Sprint Night", **fields}, token=manager)
        assert reply.status == 201, reply.body
        return reply.body

    return make
