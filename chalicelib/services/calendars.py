"""Calendars: an activity's `.ics`, and each person's secret feed of their confirmed activities.

The feed URL must keep working until its owner revokes it, and the owner may ask for it again
(a second device, a lost copy). So the secret is kept twice: its SHA-256 finds the feed (the
by-secret item; the fetch never needs the secret itself), and the secret sealed with the
envelope encryption the payment details use (one KMS call to make, one to show again) lets
`GET /my/calendar` answer the same URL every time. Replacing the secret on every GET would
silently break the calendar apps already subscribed; storing it in the clear would let anyone
who reads the table read everyone's feed.

Requests: showing the URL is one GetItem plus a KMS Decrypt (the first time: GetItem, KMS
GenerateDataKey, one transaction); a feed fetch is one UpdateItem (the rate counter), one
GetItem (the secret's hash), one Query (the person's signups) and, when they have confirmed
activities, one BatchGetItem of those activities.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from .. import calendars
from ..auth import Principal
from ..crypto import open_envelope, seal
from ..domain import calendar_feeds as rules
from ..domain.conference import Conference
from ..domain.emails import Attachment
from ..errors import Conflict, NotFound, TooManyRequests
from ..store import activities as activity_store
from ..store import calendar_feeds as store
from ..store import signups as signup_store
from .activities import require_slug


def _encryption_context(conf: str, sub: str) -> dict[str, str]:
    return {"purpose": "calendar-feed", "conference": conf, "user": sub}


def activity_calendar(conference: Conference, activity_slug: str) -> bytes:
    """The activity's `.ics`: 404 where its page is 404, 409 `not_scheduled` without a start time."""
    require_slug(activity_slug)
    item = activity_store.get_activity(conference.slug, activity_slug)
    if item is None or not item.is_active:
        raise NotFound("No such activity.")
    if not calendars.scheduled(item):
        raise Conflict("This activity has no time yet, so it cannot be added to a calendar.", code="not_scheduled")
    return calendars.activity_ics(conference, item)


def activity_attachment(conf: str, activity_slug: str) -> Attachment | None:
    """The activity's `.ics` to attach to an e-mail about a confirmed place (None when the
    conference or activity is gone, or the activity has no time). Two GetItems (the conference
    comes from the container's cache when it is warm)."""
    from .conferences import get_conference

    conference = get_conference(conf) if conf else None
    item = activity_store.get_activity(conf, activity_slug) if conference is not None and activity_slug else None
    if item is None or not calendars.scheduled(item):
        return None
    return Attachment(f"{activity_slug}.ics", calendars.ATTACHMENT_TYPE, calendars.activity_ics(conference, item))


def feed_path(conf: str, secret: str) -> str:
    return f"/conferences/{quote(conf, safe='')}/calendar/{secret}{rules.FEED_SUFFIX}"


def _secret(owner: store.FeedOwner) -> str:
    return open_envelope(owner.envelope, _encryption_context(owner.conference_slug, owner.user_sub))["secret"]


def feed_secret(conf: str, user: Principal) -> str:
    """The person's feed secret in this conference, made on first use and the same until revoked."""
    owner = store.get_owner(conf, user.sub)
    if owner is not None:
        return _secret(owner)
    secret = rules.new_secret()
    envelope = seal({"secret": secret}, _encryption_context(conf, user.sub))
    try:
        store.create(conf, user.sub, rules.secret_hash(secret), envelope)
    except store.FeedExists:  # a concurrent first request made it: show that one
        owner = store.get_owner(conf, user.sub)
        if owner is None:
            raise Conflict("The calendar feed changed while it was being made; try again.",
                           code="feed_changed") from None
        return _secret(owner)
    return secret


def revoke(conf: str, user: Principal) -> None:
    """Delete the person's feed (its URL answers 404 from now on); nothing to do without one."""
    owner = store.get_owner(conf, user.sub)
    if owner is not None:
        store.delete(owner)


def feed(conference: Conference, file_name: str, now: datetime | None = None) -> bytes:
    """The calendar a feed URL opens: 404 for a secret never issued or revoked, 429 over the rate."""
    secret = rules.secret_from_file(file_name)
    if secret is None:
        raise NotFound("No such calendar feed.")
    digest = rules.secret_hash(secret)
    now = now or datetime.now(UTC)
    if not store.count_fetch(digest, now):
        raise TooManyRequests("This calendar feed was fetched too often; try again in a minute.",
                              retry_after=60 - now.second)
    found = store.find(digest)
    if found is None or found.conference_slug != conference.slug:
        raise NotFound("No such calendar feed.")
    locks = signup_store.list_my_locks(conference.slug, found.user_sub)
    confirmed = [lock.activity_slug for lock in locks if lock.activity_slug and lock.status in rules.IN_FEED]
    activities: list[Any] = activity_store.get_activities(conference.slug, confirmed) if confirmed else []
    listed = sorted((a for a in activities if a.is_active), key=lambda a: (a.start_time or "", a.slug))
    return calendars.feed_ics(conference, listed)
