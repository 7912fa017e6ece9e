"""The e-mail telling a signed-up person that their per-talk activity moved or was withdrawn.

Self-contained and in English on purpose: it follows the shape of the other notifications
(domain.emails.Content: text and HTML parts, one link to the activity's page) and is sent
through services.notify.send_once, so a replayed stream record sends nothing twice. The key
names the activity, the signup, the kind of change and the activity's `updated_at`: one
e-mail per person per change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ..config import settings
from ..domain import emails as pages
from ..domain import signups as signup_rules
from ..domain.emails import Content, Email
from ..domain.talk_activities import MOVED, WITHDRAWN
from ..store import signups as signup_store
from . import notify


def _when(start: str | None, end: str | None, timezone: str) -> str:
    """`Monday, May 18, 9:00 AM – 12:30 PM (America/New_York)`; '' without a start."""
    if not start:
        return ""
    try:
        zone = ZoneInfo(timezone or "UTC")
        begins = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(zone)
        text = f"{begins:%A}, {begins:%B} {begins.day}, {begins:%I:%M %p}".replace(" 0", " ")
        if end:
            ends = datetime.fromisoformat(end.replace("Z", "+00:00")).astimezone(zone)
            text += f" – {ends:%I:%M %p}".replace("– 0", "– ")
    except (ValueError, KeyError):
        return start
    return f"{text} ({timezone or 'UTC'})"


def change_email(kind: str, activity: Mapping[str, Any], signup: Mapping[str, Any], conference_name: str,
                 timezone: str) -> Email:
    name = str(activity.get("name") or activity.get("slug") or "the activity")
    conf, slug = str(activity.get("conference_slug") or ""), str(activity.get("slug") or "")
    link = pages.page_url(settings().frontend_url, pages.activity_page(conf, slug)) if conf and slug else None
    if kind == WITHDRAWN:
        content = Content(
            subject=f"{name} is no longer on the programme",
            name=signup.get("user_name") or "there",
            paragraphs=[f"{name}, which you signed up for at {conference_name}, has been taken off the programme.",
                        "Your signup is kept: if the session comes back on the programme, your place is still "
                        "there. You do not need to do anything."],
            action="see the conference's other activities",
            link=pages.page_url(settings().frontend_url, f"/c/{quote(conf, safe='')}/activities") if conf else None,
            signature=f"The {conference_name} team",
        )
    else:
        content = Content(
            subject=f"{name} has moved",
            name=signup.get("user_name") or "there",
            paragraphs=[f"{name}, which you signed up for at {conference_name}, has a new time or room.",
                        "Your signup is kept. If you can no longer attend at the new time, please cancel your signup "
                        "on the activity's page so someone else can have the place."],
            facts=[(label, value) for label, value in (
                ("When", _when(activity.get("start_time"), activity.get("end_time"), timezone)),
                ("Room", str(activity.get("room") or "")),
            ) if value],
            action="open the activity" if link else "check the activity's page",
            link=link, signature=f"The {conference_name} team",
        )
    return content.email(str(signup.get("user_email") or ""))


def notify_activity_change(kind: str, activity: Mapping[str, Any]) -> int:
    """E-mail every active signup of the activity about this change, once each; returns how many sent."""
    assert kind in (MOVED, WITHDRAWN)
    from .conferences import get_conference  # local: only the stream function needs it

    conf, slug = str(activity.get("conference_slug") or ""), str(activity.get("slug") or "")
    conference = get_conference(conf)
    conference_name = conference.name if conference else conf
    timezone = conference.timezone if conference else "UTC"
    sent = 0
    for signup in signup_store.list_signups(conf, slug):
        if signup.status not in signup_rules.ACTIVE:
            continue
        key = f"activity-change#{conf}#{slug}#{signup.signup_id}#{kind}#{activity.get('updated_at') or ''}"
        values = signup.attribute_values
        if notify.send_once(key, change_email(kind, activity, values, conference_name, timezone)):
            sent += 1
    return sent
