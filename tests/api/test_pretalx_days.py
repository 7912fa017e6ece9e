"""Day detection tier 1 end to end: after a Pretalx sync, /travel-grant/days is typed by schedule."""

from __future__ import annotations

from typing import Any

import pytest

from devstack.demo.pretalx_server import FakePretalx
from tests.support.pretalx import run_sync
from tests.support.pretalx_pycon import EVENT

pytestmark = pytest.mark.usefixtures("isolated_pretalx")


def test_days_come_from_the_synced_schedule(api: Any, admin_token: str, make_token: Any, make_conference: Any,
                                            fake: FakePretalx):
    slug = make_conference(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token})
    applicant = make_token("applicant")
    before = api.get(f"/conferences/{slug}/travel-grant/days", token=applicant)
    assert before.status == 200, before.body
    assert before.body["days"][0]["label"] == "Tutorials Day 1 -- Wednesday, May 13"  # tier 2: sections

    assert run_sync(api, slug, admin_token).status == 200
    after = api.get(f"/conferences/{slug}/travel-grant/days", token=applicant)
    assert after.status == 200, after.body
    assert after.body["days"] == [
        {"value": "2026-05-13", "label": "Wednesday, May 13 (Tutorials)"},
        {"value": "2026-05-14", "label": "Thursday, May 14 (Tutorials)"},
        {"value": "2026-05-15", "label": "Friday, May 15 (Talks)"},
        {"value": "2026-05-16", "label": "Saturday, May 16 (Talks)"},
        {"value": "2026-05-17", "label": "Sunday, May 17 (Talks)"},
    ]
