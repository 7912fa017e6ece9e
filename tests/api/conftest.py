"""Fixtures shared by the API tests of the Pretalx sync."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devstack.demo.pretalx_server import FakePretalx
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
