"""Per-talk activities through the real stream: a re-sync that moves one talk and takes
another off the programme e-mails each signed-up person once, and replays send nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from chalicelib.events import stream
from chalicelib.store.keys import activity_sk, conference_pk
from devstack.demo.pretalx_server import FakePretalx
from tests.support.clients import wait_until
from tests.support.conference import conference_body, unique_slug
from tests.support.notifications import modify_record, raw_item
from tests.support.pretalx import isolate_from_scheduled_sync
from tests.support.pretalx_pycon import EVENT, dataset

pytestmark = pytest.mark.localstack


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePretalx]:
    isolate_from_scheduled_sync(monkeypatch)
    server = FakePretalx(dataset(), event=EVENT).start()
    try:
        yield server
    finally:
        server.stop()


def _mailbox(base_url: str, address: str) -> list[dict[str, Any]]:
    """The e-mails to `address` about a change to the activity (not the signup's own confirmation)."""
    answer = requests.get(f"{base_url}/dev/mailbox", timeout=10)
    assert answer.status_code == 200, answer.text
    return [m for m in answer.json()["messages"] if m["to"] == address
            and m["subject"].endswith(("has moved", "is no longer on the programme"))]


def test_moved_and_removed_talks_email_each_person_once(live_stack: Any, make_token: Any, admin_token: str,
                                                        fake: FakePretalx) -> None:
    slug = unique_slug()
    body = conference_body(pretalx={"base_url": fake.url, "event_slug": EVENT, "api_token": fake.token,
                                    "per_talk_types": ["Tutorials"]})
    assert live_stack.put(f"/manage/conferences/{slug}", body, token=admin_token).status == 201
    assert live_stack.post(f"/manage/conferences/{slug}/pretalx/sync", token=admin_token).status == 200
    listed = live_stack.get(f"/manage/conferences/{slug}/activities", token=admin_token).body["activities"]
    by_name = {a["name"]: a for a in listed}
    moving, leaving = by_name["Tutorial 2026-05-13 101 09:00"], by_name["Tutorial 2026-05-14 102 13:30"]

    tag = uuid.uuid4().hex[:6]
    people = {name: f"{name}-{tag}@example.org" for name in ("ann", "bob", "cy")}
    for name, activity in (("ann", moving), ("bob", moving), ("cy", leaving)):
        token = make_token(f"{name}-{tag}", name=name.title(), email=people[name])
        assert live_stack.post(f"/conferences/{slug}/activities/{activity['slug']}/signup", {},
                               token=token).status == 201

    submissions = {s["title"]: s for s in fake.dataset["submissions"]}
    slot = next(s for s in fake.dataset["slots"] if s["submission"] == submissions[moving["name"]]["code"])
    slot["start"], slot["end"] = slot["start"].replace("09:00", "09:30"), slot["end"].replace("12:30", "13:00")
    submissions[leaving["name"]]["state"] = "withdrawn"
    assert live_stack.post(f"/manage/conferences/{slug}/pretalx/sync", token=admin_token).status == 200

    for name in people:
        wait_until(lambda name=name: _mailbox(live_stack.base_url, people[name]), timeout=60)
    assert live_stack.pump.wait_until_idle(30)
    for name in ("ann", "bob"):
        [mail] = _mailbox(live_stack.base_url, people[name])
        assert mail["subject"] == f"{moving['name']} has moved"
        assert "9:30 AM" in mail["text"] and "Hall A" in mail["text"] and name.title() in mail["text"]
        assert "Wednesday, May 13, 2026, 9:30 AM – 1:00 PM (America/New_York)" in mail["text"]
        assert "Hall A" in mail["html"] and "9:30 AM" in mail["html"]
    [gone] = _mailbox(live_stack.base_url, people["cy"])
    assert gone["subject"] == f"{leaving['name']} is no longer on the programme"
    assert "Your signup is kept" in gone["text"]

    # Replays: the same stream records again, and an unchanged re-sync, send nothing more.
    for activity, old in ((moving, {"start_time": moving["start_time"]}),
                          (leaving, {"is_active": True, "pretalx_removed_at": None})):
        image = raw_item(conference_pk(slug), activity_sk(activity["slug"]))
        record = modify_record(image, {k: v for k, v in old.items() if v is not None})
        if "pretalx_removed_at" in old:
            record["dynamodb"]["OldImage"].pop("pretalx_removed_at", None)
        assert stream.dispatch([record, record]) == {"batchItemFailures": []}
    assert live_stack.post(f"/manage/conferences/{slug}/pretalx/sync", token=admin_token).status == 200
    assert live_stack.pump.wait_until_idle(30)
    assert {name: len(_mailbox(live_stack.base_url, address)) for name, address in people.items()} == {
        "ann": 1, "bob": 1, "cy": 1}
    after = {a["slug"]: a for a in live_stack.get(f"/manage/conferences/{slug}/activities",
                                                  token=admin_token).body["activities"]}
    assert after[moving["slug"]]["signup_count"] == 2 and after[leaving["slug"]]["signup_count"] == 1
    assert after[leaving["slug"]]["is_active"] is False
