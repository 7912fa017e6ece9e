"""The service entry points the Pretalx sync uses to create and refresh activities."""

from __future__ import annotations

from typing import Any


def test_upsert_creates_then_updates_keeping_slug(conference: str, api: Any, admin_token: str) -> None:
    from chalicelib.services import activities as service

    slug = service.upsert_pretalx_activity(
        conference, submission_type="Tutorial", activity_type="tutorial", name="Tutorials",
        description="Hands-on", start_time="2026-05-13T15:00:00+02:00", end_time=None, room="Room A", talk_count=3,
    )
    assert slug == "tutorials"
    first = api.get(f"/manage/conferences/{conference}/activities/{slug}", token=admin_token).body
    assert (first["start_time"], first["room"], first["talk_count"]) == ("2026-05-13T13:00:00Z", "Room A", 3)
    assert first["pretalx_submission_type"] == "Tutorial" and first["activity_type"] == "tutorial"
    api.patch(f"/manage/conferences/{conference}/activities/{slug}", {"max_participants": 9, "organizers": ["o"]},
              token=admin_token)
    again = service.upsert_pretalx_activity(
        conference, submission_type="tutorial", activity_type="tutorial", name="Tutorials (renamed)",
        description="", start_time=None, end_time=None, room=None, talk_count=5,
    )
    assert again == slug
    assert service.list_activities_with_submission_type(conference) == {"tutorial": slug}
    reply = api.get(f"/manage/conferences/{conference}/activities", token=admin_token)
    [activity] = reply.body["activities"]
    assert activity["name"] == "Tutorials (renamed)" and activity["talk_count"] == 5
    # what organisers set is kept across syncs
    assert (activity["max_participants"], activity["organizers"]) == (9, ["o"])


def test_upsert_gives_a_new_type_a_unique_slug(conference: str) -> None:
    from chalicelib.services import activities as service

    first = service.upsert_pretalx_activity(
        conference, submission_type="Talk", activity_type="other", name="Talks", description="",
        start_time=None, end_time=None, room=None,
    )
    second = service.upsert_pretalx_activity(
        conference, submission_type="Talk (long)", activity_type="nonsense", name="Talks", description="",
        start_time=None, end_time=None, room=None,
    )
    assert (first, second) == ("talks", "talks-2")
    assert service.list_activities_with_submission_type(conference) == {"talk": "talks", "talk (long)": "talks-2"}
