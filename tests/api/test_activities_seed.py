"""The demo activities of `make run`: created once, one of them one place short of full."""

from __future__ import annotations

from tests.support.clients import Api


def test_demo_activities_include_a_nearly_full_one(api: Api, conference: str) -> None:
    from devstack.demo.activities import NEARLY_FULL_PLACES, seed

    seed(conference)
    seed(conference)  # idempotent
    activities = api.get(f"/conferences/{conference}/activities").body["activities"]
    assert len(activities) == 6  # the draft one is inactive
    nearly_full = [a for a in activities if a["spots_remaining"] == 1]
    assert [(a["slug"], a["signup_count"]) for a in nearly_full] == [("packaging-workshop", NEARLY_FULL_PLACES - 1)]
