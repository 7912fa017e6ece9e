"""The store's request plumbing against the emulator (faults injected where a test needs one)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _on_the_emulator(emulator: str) -> None:
    """Started once per test process, by the first test that needs it."""
