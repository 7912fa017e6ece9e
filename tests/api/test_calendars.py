"""Calendars: an activity's `.ics`, the personal feed (secret URL, revocation, rate limit), and
the clashes a signup answers (`overlaps`). Every calendar is parsed by two iCalendar parsers:
`icalendar` (which makes them) and `ical` (Home Assistant's calendar parser, stricter)."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from chalicelib import calendars, config
from chalicelib.domain import calendar_feeds
from chalicelib.services import calendars as calendar_service
from tests.support.activities import path, sign_up
from tests.support.clients import Api
from tests.support.request_count import ddb_requests

FRONTEND = "https://web.example.org"


@pytest.fixture(autouse=True)
def frontend(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = config.settings()._replace(frontend_url=FRONTEND)
    monkeypatch.setattr(calendars, "settings", lambda: configured)


def parse(raw: bytes) -> icalendar.Calendar:
    """Both parsers accept it; icalendar's view is returned for the checks."""
    IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))  # raises on anything RFC 5545 refuses
    return icalendar.Calendar.from_ical(raw)


def events(calendar: icalendar.Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def ics(api: Api, conf: str, activity: str) -> Any:
    return api.get(path(conf, activity, "/calendar.ics"))


def at(hour: int, minute: int = 0, day: int = 14) -> str:
    return f"2026-05-{day:02d}T{hour:02d}:{minute:02d}:00Z"


def test_activity_ics_is_one_utc_event_with_a_stable_uid(api: Api, conference: str, new_activity: Callable) -> None:
    activity = new_activity(conference, name="Packaging Tutorial", start_time="2026-05-14T09:00:00-04:00",
                            end_time="2026-05-14T12:30:00-04:00", room="Room 2", location="Hall B")
    slug = activity["slug"]
    reply = ics(api, conference, slug)
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert reply.raw.startswith(b"BEGIN:VCALENDAR\r\n")
    [event] = events(parse(reply.raw))
    assert event.decoded("dtstart") == datetime(2026, 5, 14, 13, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 5, 14, 16, 30, tzinfo=UTC)
    assert b"DTSTART:20260514T130000Z" in reply.raw and b"DTEND:20260514T163000Z" in reply.raw
    assert "Packaging Tutorial" in str(event["summary"])
    assert str(event["location"]) == "Room 2, Hall B"
    assert str(event["url"]) == f"{FRONTEND}/c/{conference}/activities/{slug}"
    assert event.get("dtstamp") is not None
    again = ics(api, conference, slug)
    assert again.raw == reply.raw  # the same activity renders the same bytes
    assert str(event["uid"]) == calendars.event_uid(conference, slug)
    other = new_activity(conference, name="Other", start_time=at(9), end_time=at(10))["slug"]
    assert str(events(parse(ics(api, conference, other).raw))[0]["uid"]) != str(event["uid"])


def test_activity_ics_is_404_where_the_activity_is(api: Api, conference: str, new_activity: Callable,
                                                   make_token: Callable) -> None:
    assert ics(api, conference, "no-such-thing").status == 404
    assert ics(api, "no-such-conference", "anything").status == 404
    hidden = new_activity(conference, name="Hidden", start_time=at(9), end_time=at(10))["slug"]
    manager = make_token("activity-manager", "manage_activity")
    assert api.patch(f"/manage/conferences/{conference}/activities/{hidden}", {"is_active": False},
                     token=manager).status == 200
    assert api.get(path(conference, hidden)).status == 404
    reply = ics(api, conference, hidden)
    assert reply.status == 404 and reply.error_code is not None


def test_an_activity_without_a_time_has_no_calendar(api: Api, conference: str, new_activity: Callable) -> None:
    slug = new_activity(conference, name="Whenever")["slug"]
    reply = ics(api, conference, slug)
    assert reply.status == 409 and reply.error_code == "not_scheduled"


# -- the personal feed ----------------------------------------------------------------------------


def feed_url(api: Api, conf: str, token: str) -> str:
    reply = api.get(f"/conferences/{conf}/my/calendar", token=token)
    assert reply.status == 200, reply.body
    assert reply.headers.get("Cache-Control") == "no-store"
    return str(reply.body["url"])


def fetch(api: Api, url: str) -> Any:
    return api.get(urlsplit(url).path)


def test_feed_lists_only_the_persons_confirmed_activities(api: Api, conference: str, make_conference: Callable,
                                                          new_activity: Callable, make_token: Callable) -> None:
    me, other = make_token("feed-me"), make_token("feed-other")
    mine = new_activity(conference, name="Mine", start_time=at(9), end_time=at(10))["slug"]
    full = new_activity(conference, name="Full", start_time=at(11), end_time=at(12), max_participants=1)["slug"]
    theirs = new_activity(conference, name="Theirs", start_time=at(13), end_time=at(14))["slug"]
    cancelled = new_activity(conference, name="Cancelled", start_time=at(15), end_time=at(16))["slug"]
    unscheduled = new_activity(conference, name="Unscheduled")["slug"]
    sign_up(api, conference, mine, me)
    sign_up(api, conference, full, other)
    assert sign_up(api, conference, full, me)["status"] == "waitlisted"
    sign_up(api, conference, theirs, other)
    sign_up(api, conference, cancelled, me)
    assert api.delete(path(conference, cancelled, "/signup"), token=me).status == 200
    sign_up(api, conference, unscheduled, me)
    elsewhere = make_conference()
    sign_up(api, elsewhere, new_activity(elsewhere, name="Elsewhere", start_time=at(9), end_time=at(10))["slug"], me)

    url = feed_url(api, conference, me)
    assert url.endswith(".ics") and f"/conferences/{conference}/calendar/" in url
    reply = fetch(api, url)
    assert reply.status == 200 and reply.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in reply.headers["Cache-Control"]
    listed = events(parse(reply.raw))
    assert [str(e["uid"]) for e in listed] == [calendars.event_uid(conference, mine)]
    # the UID is the one of the activity's own file: calendars merge them
    assert str(events(parse(ics(api, conference, mine).raw))[0]["uid"]) == str(listed[0]["uid"])

    # the other person's feed has their activities only, and a feed of nothing still parses
    assert [str(e["summary"]).split(" (")[0] for e in events(parse(fetch(api, feed_url(api, conference, other)).raw))
            ] == ["Full", "Theirs"]
    nobody = feed_url(api, conference, make_token("feed-nobody"))
    assert events(parse(fetch(api, nobody).raw)) == []


def test_feed_url_is_stable_until_revoked_and_stored_hashed(api: Api, conference: str, make_token: Callable) -> None:
    me = make_token("feed-stable")
    first = feed_url(api, conference, me)
    assert feed_url(api, conference, me) == first  # shown again, the same secret
    secret = urlsplit(first).path.rsplit("/", 1)[-1].removesuffix(".ics")
    assert len(secret) >= 40
    from chalicelib.store import calendar_feeds as store

    owner = store.get_owner(conference, "feed-stable")
    assert owner is not None and secret not in owner.sealed_secret and secret not in owner.pk
    assert owner.secret_hash == calendar_feeds.secret_hash(secret)
    assert fetch(api, first).status == 200

    assert api.delete(f"/conferences/{conference}/my/calendar", token=me).status == 204
    gone = fetch(api, first)
    assert gone.status == 404 and gone.error_code == "not_found"
    assert api.delete(f"/conferences/{conference}/my/calendar", token=me).status == 204  # nothing to revoke
    fresh = feed_url(api, conference, me)
    assert fresh != first and fetch(api, fresh).status == 200 and fetch(api, first).status == 404


def test_feed_needs_its_conference_and_a_real_secret(api: Api, conference: str, make_conference: Callable,
                                                     make_token: Callable) -> None:
    assert api.get(f"/conferences/{conference}/my/calendar").status == 401
    url = feed_url(api, conference, make_token("feed-where"))
    other = make_conference()
    assert fetch(api, url.replace(f"/conferences/{conference}/", f"/conferences/{other}/")).status == 404
    for name in ("x.ics", "A" * 43, "A" * 43 + ".txt", "%00" * 20 + ".ics"):
        assert api.get(f"/conferences/{conference}/calendar/{name}").status == 404


def test_feed_is_rate_limited_with_the_error_shape(api: Api, conference: str, make_token: Callable,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_feeds, "FEED_REQUESTS_PER_MINUTE", 3)
    url = feed_url(api, conference, make_token("feed-busy"))
    moment = datetime(2026, 5, 14, 9, 30, 15, tzinfo=UTC)
    monkeypatch.setattr(calendar_service, "datetime", _Frozen(moment))
    assert [fetch(api, url).status for _ in range(3)] == [200, 200, 200]
    refused = fetch(api, url)
    assert refused.status == 429 and refused.error_code == "too_many_requests"
    assert set(refused.body) == {"error"} and refused.body["error"]["message"]
    assert refused.headers["Retry-After"] == "45"
    monkeypatch.setattr(calendar_service, "datetime", _Frozen(moment.replace(minute=31)))
    assert fetch(api, url).status == 200  # a new minute, a new count


def test_feed_fetch_costs_a_bounded_number_of_requests(api: Api, conference: str, new_activity: Callable,
                                                       make_token: Callable) -> None:
    me = make_token("feed-cost")
    for n in range(5):
        sign_up(api, conference, new_activity(conference, name=f"Cost {n}", start_time=at(9 + n),
                                              end_time=at(10 + n))["slug"], me)
    url = feed_url(api, conference, me)
    with ddb_requests() as counts:
        assert fetch(api, url).status == 200
    assert counts == {"UpdateItem": 1, "GetItem": 1, "Query": 1, "BatchGetItem": 1}, counts


class _Frozen:
    """`datetime` with a fixed `now` (the feed's rate window)."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def now(self, tz: Any = None) -> datetime:
        return self._moment


# -- overlaps -------------------------------------------------------------------------------------


def test_signup_answers_the_persons_overlapping_active_signups(api: Api, conference: str, new_activity: Callable,
                                                               make_token: Callable) -> None:
    me = make_token("clash-me")
    morning = new_activity(conference, name="Morning", start_time=at(9), end_time=at(12))["slug"]
    full = new_activity(conference, name="Full", start_time=at(10), end_time=at(11), max_participants=1)["slug"]
    adjacent = new_activity(conference, name="Adjacent", start_time=at(12), end_time=at(13))["slug"]
    dropped = new_activity(conference, name="Dropped", start_time=at(9), end_time=at(10))["slug"]
    whenever = new_activity(conference, name="Whenever")["slug"]
    assert sign_up(api, conference, morning, me)["overlaps"] == []
    sign_up(api, conference, full, make_token("clash-other"))
    waiting = sign_up(api, conference, full, me)
    assert waiting["status"] == "waitlisted" and waiting["overlaps"] == [morning]
    assert sign_up(api, conference, adjacent, me)["overlaps"] == []  # 12:00 end, 12:00 start: no clash
    sign_up(api, conference, dropped, me)
    assert api.delete(path(conference, dropped, "/signup"), token=me).status == 200
    assert sign_up(api, conference, whenever, me)["overlaps"] == []  # no times, no clash
    late = new_activity(conference, name="Late", start_time=at(10, 30), end_time=at(12, 30))["slug"]
    assert sign_up(api, conference, late, me)["overlaps"] == [morning, full, adjacent]
    # someone else's signups are not the caller's clashes
    assert sign_up(api, conference, morning, make_token("clash-free"))["overlaps"] == []


def test_overlaps_follow_an_activity_moved_by_its_organiser(api: Api, conference: str, new_activity: Callable,
                                                            make_token: Callable) -> None:
    me = make_token("clash-moved")
    first = new_activity(conference, name="First", start_time=at(9), end_time=at(10))["slug"]
    sign_up(api, conference, first, me)
    manager = make_token("activity-manager", "manage_activity")
    assert api.patch(f"/manage/conferences/{conference}/activities/{first}",
                     {"start_time": at(14), "end_time": at(15)}, token=manager).status == 200
    second = new_activity(conference, name="Second", start_time=at(14, 30), end_time=at(16))["slug"]
    assert sign_up(api, conference, second, me)["overlaps"] == [first]


def test_signup_requests_with_overlaps(api: Api, conference: str, new_activity: Callable,
                                       make_token: Callable) -> None:
    """A signup: the activity's GetItem and the write as before; the clash check adds one Query
    (the person's signups) and, when they have others, one BatchGetItem; none for an activity
    without times."""
    me = make_token("clash-count")
    for n in range(3):
        sign_up(api, conference, new_activity(conference, name=f"Busy {n}", start_time=at(9 + n),
                                              end_time=at(10 + n))["slug"], me)
    timed = new_activity(conference, name="Timed", start_time=at(9, 30), end_time=at(10, 30))["slug"]
    with ddb_requests() as counts:
        assert len(sign_up(api, conference, timed, me)["overlaps"]) == 2
    assert counts == {"GetItem": 1, "TransactWriteItems": 1, "Query": 1, "BatchGetItem": 1}, counts
    untimed = new_activity(conference, name="Untimed")["slug"]
    with ddb_requests() as counts:
        sign_up(api, conference, untimed, me)
    assert counts == {"GetItem": 1, "TransactWriteItems": 1}, counts


# -- the confirmation e-mail's attachment ---------------------------------------------------------


def test_promotion_email_attaches_the_activity_ics(api: Api, app_module: Any, conference: str,
                                                   new_activity: Callable, make_token: Callable,
                                                   emulator_url: str) -> None:
    from devstack.gateway.mailbox import fetch_messages
    from tests.support.notifications import modify_record, raw_signups, unique_email

    manager = make_token("activity-manager", "manage_activity")
    activity = new_activity(conference, name="Attached Tutorial", start_time=at(9), end_time=at(11),
                            max_participants=1)["slug"]
    sign_up(api, conference, activity, make_token("attach-first"))
    sub, email = unique_email()
    waiting = sign_up(api, conference, activity, make_token(sub, email=email))
    assert api.post(f"/manage/conferences/{conference}/activities/{activity}/signups/{waiting['id']}/promote",
                    token=manager).status == 200
    promoted = next(i for i in raw_signups(conference, activity) if i.get("user_sub", {}).get("S") == sub)
    record = modify_record(promoted, {"status": "waitlisted"})
    assert app_module.handle_table_stream({"Records": [record, record]}, None) == {"batchItemFailures": []}
    [message] = [m for m in fetch_messages(emulator_url) if email in m["to"]]
    assert "Attached Tutorial" in message["subject"] and "waitlist" in message["text"] and message["html"]
    [attachment] = message["attachments"]
    assert attachment["filename"] == f"{activity}.ics" and attachment["content_type"] == "text/calendar"
    [event] = events(parse(base64.b64decode(attachment["content_base64"])))
    assert str(event["uid"]) == calendars.event_uid(conference, activity)
    assert event.decoded("dtstart") == datetime(2026, 5, 14, 9, tzinfo=UTC)


def test_mailbox_page_lists_attachments() -> None:
    from devstack.gateway.mailbox import render_page

    page = render_page([{"id": "m1", "to": "a@example.org", "subject": "Hi", "text": "x", "html": "",
                         "attachments": [{"filename": "tutorial.ics", "content_type": "text/calendar", "size": 3,
                                          "content_base64": base64.b64encode(b"abc").decode()}]}])
    assert 'download="tutorial.ics"' in page and "text/calendar, 3 bytes" in page
    assert io.StringIO(page).read().count("<li>") == 1
