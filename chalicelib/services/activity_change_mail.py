"""The e-mail telling a signed-up person that their per-talk activity moved or was withdrawn.

It follows the shape of the other notifications (domain.emails.Content: text and HTML parts,
one link to the activity's page), in the language kept with each signup (the words from the
gettext catalogs, the time by CLDR), and is sent through services.notify.send_once, so a
replayed stream record sends nothing twice. The key
names the activity, the signup, the kind of change and the activity's `updated_at`: one
e-mail per person per change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..config import settings
from ..domain import emails as pages
from ..domain import locale as locale_rules
from ..domain import signups as signup_rules
from ..domain import translations
from ..domain.emails import Content, Email
from ..domain.talk_activities import MOVED, WITHDRAWN
from ..domain.translations import catalog
from ..store import signups as signup_store
from . import notify


def change_email(kind: str, activity: Mapping[str, Any], signup: Mapping[str, Any], conference_name: str,
                 timezone: str, locale: str | None = None) -> Email:
    locale = locale_rules.stored(locale or signup.get("locale"))
    _ = catalog(locale).gettext
    name = str(activity.get("name") or activity.get("slug") or _("the activity"))
    conf, slug = str(activity.get("conference_slug") or ""), str(activity.get("slug") or "")
    link = pages.page_url(settings().frontend_url, pages.activity_page(conf, slug)) if conf and slug else None
    signature = _("The {conference} team").format(conference=conference_name)
    if kind == WITHDRAWN:
        content = Content(
            subject=_("{activity} is no longer on the programme").format(activity=name),
            name=str(signup.get("user_name") or ""),
            paragraphs=[_("{activity}, which you signed up for at {conference}, has been taken off the "
                          "programme.").format(activity=name, conference=conference_name),
                        _("Your signup is kept: if the session comes back on the programme, your place is still "
                          "there. You do not need to do anything.")],
            action=_("see the conference's other activities"),
            link=pages.page_url(settings().frontend_url, f"/c/{quote(conf, safe='')}/activities") if conf else None,
            signature=signature, locale=locale,
        )
    else:
        content = Content(
            subject=_("{activity} has moved").format(activity=name),
            name=str(signup.get("user_name") or ""),
            paragraphs=[_("{activity}, which you signed up for at {conference}, has a new time or room.").format(
                            activity=name, conference=conference_name),
                        _("Your signup is kept. If you can no longer attend at the new time, please cancel your "
                          "signup on the activity's page so someone else can have the place.")],
            facts=[(label, value) for label, value in (
                (_("When"), translations.span(activity.get("start_time"), activity.get("end_time"), timezone, locale)),
                (_("Room"), str(activity.get("room") or "")),
            ) if value],
            action=_("open the activity") if link else _("check the activity's page"),
            link=link, signature=signature, locale=locale,
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
    default_locale = conference.default_locale if conference else None
    sent = 0
    for signup in signup_store.list_signups(conf, slug):
        if signup.status not in signup_rules.ACTIVE:
            continue
        key = f"activity-change#{conf}#{slug}#{signup.signup_id}#{kind}#{activity.get('updated_at') or ''}"
        values = signup.attribute_values
        locale = locale_rules.stored(values.get("locale"), default_locale)
        if notify.send_once(key, change_email(kind, activity, values, conference_name, timezone, locale)):
            sent += 1
    return sent
