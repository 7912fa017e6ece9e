"""Unit tests: the code on its own, no emulator and no AWS (they run in seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A unit test that asks for the emulator belongs with the tests that drive AWS (tests/api,
    tests/runtime, tests/emulator…): refuse it, so `pytest tests/unit` never starts one."""
    wrong = [item.nodeid for item in items
             if HERE in Path(str(item.path)).parents and "emulator" in getattr(item, "fixturenames", ())]
    if wrong:
        raise pytest.UsageError("unit tests that need the emulator (move them out of tests/unit): " + ", ".join(wrong))
