"""Calendars through the local gateway, as a calendar app and a mail client meet them: the
`.ics` answers are text with their media type, the feed URL points at the server that gave it,
and a promotion from the waitlist (cancel -> stream -> promotion -> SES) arrives in the
mailbox with the activity's `.ics` attached."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import icalendar
import pytest
import requests

from chalicelib import calendars
from tests.support.clients import wait_until

pytestmark = pytest.mark.localstack


def test_ics_and_feed_over_http_and_the_promotion_attachment(live_stack: Any, conference: str,
                                                            make_token: Any) -> None:
    manager = make_token("activity-manager", "manage_activity")
    reply = live_stack.post(f"/manage/conferences/{conference}/activities",
                            {"name": "Calendar Workshop", "max_participants": 1, "room": "Room 5",
                             "start_time": "2026-05-15T14:00:00Z", "end_time": "2026-05-15T16:00:00Z"},
                            token=manager)
    assert reply.status == 201, reply.body
    slug = reply.body["slug"]
    answer = requests.get(f"{live_stack.base_url}/conferences/{conference}/activities/{slug}/calendar.ics",
                          timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    assert str(event["uid"]) == calendars.event_uid(conference, slug)
    missing = requests.get(f"{live_stack.base_url}/conferences/{conference}/activities/nope/calendar.ics", timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

    first = make_token(f"cal-first-{uuid.uuid4().hex[:6]}")
    sub = f"cal-{uuid.uuid4().hex[:8]}"
    address = f"{sub}@example.org"
    second = make_token(sub, email=address)
    assert live_stack.post(f"/conferences/{conference}/activities/{slug}/signup", {}, token=first).status == 201
    assert live_stack.post(f"/conferences/{conference}/activities/{slug}/signup", {},
                           token=second).body["status"] == "waitlisted"

    url = live_stack.get(f"/conferences/{conference}/my/calendar", token=first).body["url"]
    assert url.startswith(f"{live_stack.base_url}/conferences/{conference}/calendar/")  # the server that gave it
    feed = requests.get(url, timeout=30)
    assert feed.status_code == 200 and feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(e["uid"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")] == [
        calendars.event_uid(conference, slug)]

    assert live_stack.delete(f"/conferences/{conference}/activities/{slug}/signup", token=first).status == 200

    def promoted_mail() -> list[dict[str, Any]]:
        messages = requests.get(f"{live_stack.base_url}/dev/mailbox", timeout=10).json()["messages"]
        # the promotion's e-mail, not the signup's own ("You are on the waitlist…")
        return [m for m in messages if m["to"] == address and m["subject"].startswith("You are confirmed for")]

    [message] = wait_until(promoted_mail, timeout=60)
    [attachment] = message["attachments"]
    assert attachment["filename"] == f"{slug}.ics"
    [event] = icalendar.Calendar.from_ical(base64.b64decode(attachment["content_base64"])).walk("VEVENT")
    assert str(event["location"]) == "Room 5"
    page = requests.get(f"{live_stack.base_url}/dev/mailbox.html", timeout=10).text
    assert f'download="{slug}.ics"' in page
    # the first person's feed is empty now: their signup is cancelled
    assert icalendar.Calendar.from_ical(requests.get(url, timeout=30).content).walk("VEVENT") == []
