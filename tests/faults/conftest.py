"""Shared fixtures of the fault-injection tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.retries import standard


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep botocore's retry policy (which errors, how many attempts) but shorten its sleeps.

    The standard mode sleeps up to 1, 2, 4 s between attempts; what these tests prove is
    the outcome of the retries, not their pacing, so the waits are scaled down 50x.
    """
    original = standard.ExponentialBackoff.delay_amount

    def shorter(self: Any, context: Any) -> float:
        return original(self, context) / 50

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", shorter)
    yield


@pytest.fixture(autouse=True)
def _on_the_emulator(emulator: str) -> None:
    """These tests drive the app against AWS: the emulator (started once per test process, by
    the first test that needs it) runs for each of them."""
