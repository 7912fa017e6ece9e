"""`python -m chalicelib.cli sync --conference SLUG`: same sync, progress on stderr, exit codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import cli
from chalicelib.store import schedule
from devstack.demo.pretalx_server import FakePretalx, Fault
from tests.support.pretalx import FAST
from tests.support.pretalx_pycon import EVENT, EXPECTED

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def test_cli_sync_prints_counts_and_progress(make_conference: Any, fake: FakePretalx, capsys):
    slug = make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token})
    assert cli.main(["sync", "--conference", slug]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {**EXPECTED, "changed": True}
    assert "submissions [####################] 187/187" in err and "slots" in err
    assert len(schedule.list_slots(slug)) == EXPECTED["schedule_slots"]
    assert cli.main(["sync", "--conference", slug]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is False


def test_cli_sync_failures_have_distinct_exit_codes(make_conference: Any, fake: FakePretalx, capsys):
    assert cli.main(["sync", "--conference", "no-such-conf-abc"]) == 1
    assert cli.main(["sync", "--conference", make_conference()]) == 2
    slug = make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token})
    fake.faults = [Fault(500) for _ in range(FAST.retries + 1)]
    assert cli.main(["sync", "--conference", slug]) == 3
    assert "pretalx_unavailable" in capsys.readouterr().err
    assert schedule.current_pointer(slug) is None
