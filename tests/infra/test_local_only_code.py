"""The web app's local sign-in routes (`/dev/...`) and the local stack never reach Lambda."""

from __future__ import annotations

import zipfile
from typing import Any

from tests.support.package import Packaged


def test_the_lambda_app_has_no_dev_route(app_module: Any) -> None:
    paths = list(app_module.app.routes)
    assert paths, "the app registered no routes?"
    assert not [p for p in paths if p == "/dev" or p.startswith("/dev/")]


def test_the_lambda_package_holds_no_local_stack_or_web_code(packaged: Packaged) -> None:
    with zipfile.ZipFile(packaged.directory / "deployment.zip") as archive:
        names = archive.namelist()
    assert "app.py" in names
    assert not [n for n in names if n.startswith(("devstack/", "web/", "tests/"))]
    assert not [n for n in names if n.endswith("dev_routes.py")]
