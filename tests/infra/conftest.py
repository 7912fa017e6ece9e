"""The offline package the infra tests check, built once per session (tests/support/package.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.package import Packaged, package


@pytest.fixture(scope="session")
def packaged() -> Iterator[Packaged]:
    yield package("prod")
