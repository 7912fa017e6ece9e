"""The clash rule (half-open intervals, unscheduled never clashes), the feed's secret and rate
rules, the .ics rendering and the e-mail's MIME with its attachment (no AWS)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from types import SimpleNamespace

import icalendar
import pytest

from chalicelib import calendars
from chalicelib.domain import calendar_feeds as feeds
from chalicelib.domain.emails import Attachment, Email
from chalicelib.domain.overlaps import Timed, interval, overlap, overlapping
from chalicelib.services.notify import mime_message


def t(hour: int, minute: int = 0) -> str:
    return f"2026-05-14T{hour:02d}:{minute:02d}:00Z"


@pytest.mark.parametrize(("a", "b", "clash"), [
    ((9, 12), (10, 11), True),    # inside
    ((9, 12), (11, 13), True),    # straddles the end
    ((9, 12), (12, 13), False),   # back to back: half-open
    ((12, 13), (9, 12), False),
    ((9, 10), (10, 10), False),   # an empty interval is no interval
    ((9, 12), (8, 9), False),
])
def test_half_open_overlap(a: tuple[int, int], b: tuple[int, int], clash: bool) -> None:
    assert overlap(interval(t(a[0]), t(a[1])), interval(t(b[0]), t(b[1]))) is clash


def test_unscheduled_activities_never_clash() -> None:
    assert interval(None, t(10)) is None and interval(t(9), None) is None and interval("soon", t(10)) is None
    mine = Timed("mine", t(9), t(12))
    others = [Timed("a", t(10), t(11)), Timed("b", None, None), Timed("mine", t(9), t(12)), Timed("c", t(8), None),
              Timed("d", "2026-05-14T10:30:00+00:00", "2026-05-14T13:00:00+00:00")]
    assert overlapping(mine, others) == ["a", "d"]
    assert overlapping(Timed("x", None, None), others) == []


def test_feed_secrets_and_file_names() -> None:
    secret = feeds.new_secret()
    assert len(secret) >= 43 and feeds.secret_from_file(secret + ".ics") == secret
    assert feeds.secret_hash(secret) != secret and len(feeds.secret_hash(secret)) == 64
    for name in (secret, secret + ".ICS", "short.ics", "../" + secret + ".ics", secret + "!" + ".ics"):
        assert feeds.secret_from_file(name) is None


def test_rate_rule() -> None:
    limit = feeds.FEED_REQUESTS_PER_MINUTE
    assert feeds.within_rate(None) and feeds.within_rate(limit - 1) and not feeds.within_rate(limit)
    assert feeds.window(datetime(2026, 5, 14, 9, 5, 59, tzinfo=UTC)) == "20260514T0905"


def activity(**fields: object) -> SimpleNamespace:
    base = {"slug": "tut", "name": "Tutorial", "description": "Bring a laptop.", "room": None, "location": None,
            "start_time": t(9), "end_time": t(11), "created_at": "2026-01-01T00:00:00.000000Z",
            "updated_at": "2026-01-02T00:00:00.000000Z"}
    return SimpleNamespace(**{**base, **fields})


def test_ics_without_end_or_place_is_still_valid() -> None:
    conference = SimpleNamespace(slug="conf", name="PyCon Test")
    raw = calendars.activity_ics(conference, activity(end_time=None))
    [event] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert "dtend" not in event and "location" not in event
    assert event.decoded("dtstamp") == datetime(2026, 1, 2, tzinfo=UTC)
    assert calendars.feed_ics(conference, [activity(start_time=None)]).count(b"BEGIN:VEVENT") == 0


def test_mime_message_carries_both_parts_and_the_file() -> None:
    raw = mime_message("grants@example.com", Email(
        to="ada@example.org", subject="You are confirmed for Tutorial", body="Hello Ada", html="<p>Hello Ada</p>",
        attachments=(Attachment("tut.ics", calendars.ATTACHMENT_TYPE, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),)))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "ada@example.org" and message["From"] == "grants@example.com"
    assert message.get_body(("plain",)).get_content().strip() == "Hello Ada"
    assert "<p>Hello Ada</p>" in message.get_body(("html",)).get_content()
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "tut.ics" and part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_payload(decode=True) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
