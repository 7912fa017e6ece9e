"""Signing up and cancelling, the caller's signups, and the organiser's signup list and CSV.

Capacity, one active signup per person and the queue's order are conditions of the store's
writes (store.signups, built from domain.signups); this layer maps their outcomes to the
contract's errors and answers a queued signup's place (one COUNT Query).
"""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

from ..auth import Principal
from ..domain import activities as rules
from ..domain import locale as locale_rules
from ..domain import overlaps as clashes
from ..domain import signups as signup_rules
from ..errors import Conflict, NotFound, field_error
from ..observability import metrics
from ..store import activities as activity_store
from ..store import exports
from ..store import signups as store
from ..store.base import public_timestamp
from ..store.keys import SIGNUP_PREFIX
from .activities import manageable_activity, require_slug
from .activity_views import lock_view, position, signup_brief, signup_manage_view


def _count(value: Any) -> int:
    return int(value or 0)


def my_signups(conf: str, user: Principal) -> list[dict[str, Any]]:
    """The caller's active signups in a conference, oldest first.

    One Query on the locks' GSI1 (only active signups have a lock), one Query for the
    activities' current names, and one COUNT Query per waitlisted signup for its place.
    """
    locks = store.list_my_locks(conf, user.sub)
    if not locks:
        return []
    names = {item.slug: item.name for item in activity_store.list_activities(conf)}
    views = []
    for lock in locks:
        slug = lock.activity_slug or ""
        views.append({"activity_slug": slug, "activity_name": names.get(slug) or lock.activity_name or slug,
                      **lock_view(lock, conf, slug)})
    return views


# -- attendee writes ---------------------------------------------------------------------


def signup(conf: str, activity_slug: str, user: Principal, note: str) -> dict[str, Any]:
    """Confirmed if there is room, else waitlisted; 409 `already_signed_up` with the existing one."""
    require_slug(activity_slug)
    item = activity_store.get_activity(conf, activity_slug)
    if item is None or not signup_rules.IS_OPEN.holds(item.attribute_values):
        raise NotFound("No such activity.")
    # Only a verified address is kept: the promotion e-mail goes to it and organisers see it.
    new = store.NewSignup(
        conf=conf, activity=activity_slug, activity_name=item.name, user_sub=user.sub,
        user_email=user.contact_email, user_name=user.name or "", note=note or "",
        key=rules.new_signup_key(),  # the place in the queue: first come, first served
        locale=locale_rules.supported(user.locale),
    )
    try:
        outcome = store.create_signup(new, item)
    except store.AlreadySignedUp as exc:
        extra = {"signup": lock_view(exc.lock, conf, activity_slug)} if exc.lock else {}
        raise Conflict("You already have an active signup for this activity.", code="already_signed_up",
                       extra=extra) from None
    except store.ActivityMissing:
        raise NotFound("No such activity.") from None
    status, key = outcome
    metrics.emit("Signups", Status=status)  # confirmed | waitlisted
    # The signup is committed: if its place cannot be counted, it is estimated from the activity as read.
    place = position(conf, activity_slug, status, key.created_at, key.signup_id,
                     estimate=_count(item.waitlist_count) + 1)
    return {**signup_brief(key.signup_id, status, new.note, key.created_at, place),
            "overlaps": overlaps(conf, item, user.sub)}


def _timed(item: activity_store.ActivityItem) -> clashes.Timed:
    return clashes.Timed(item.slug, item.start_time, item.end_time)


def overlaps(conf: str, activity: activity_store.ActivityItem, sub: str) -> list[str]:
    """The slugs of the person's other active signups whose times overlap `activity`'s.

    No request for an unscheduled activity; else one Query of the person's locks (GSI1) and,
    when they have other active signups, one BatchGetItem of those activities' current times
    (times live on the activity, which an organiser may move, not on the lock).
    """
    if clashes.interval(activity.start_time, activity.end_time) is None:
        return []
    others = [lock.activity_slug for lock in store.list_my_locks(conf, sub)
              if lock.activity_slug and lock.activity_slug != activity.slug
              and lock.status in signup_rules.ACTIVE]
    if not others:
        return []
    found = {item.slug: item for item in activity_store.get_activities(conf, others)}
    # In the person's signup order (the locks' index is oldest first).
    return clashes.overlapping(_timed(activity), (_timed(found[slug]) for slug in others if slug in found))


def cancel(conf: str, activity_slug: str, user: Principal) -> dict[str, Any]:
    require_slug(activity_slug)
    try:
        lock, cancelled_at = store.cancel_signup(conf, activity_slug, user.sub)
    except store.NoActiveSignup:
        raise NotFound("You have no active signup for this activity.", code="no_active_signup") from None
    return {"id": lock.signup_id, "status": "cancelled", "cancelled_at": public_timestamp(cancelled_at),
            "waitlist_position": None}


# -- the organiser's list ----------------------------------------------------------------


def _page_token(sk: str) -> str:
    return base64.urlsafe_b64encode(sk.encode()).decode().rstrip("=")


def _after_key(token: str | None) -> str | None:
    """The sort key a next_token continues after (422 for anything this list did not issue)."""
    if token is None:
        return None
    try:
        key = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        key = ""
    if not key.startswith(SIGNUP_PREFIX):
        raise field_error("next_token", "is not a token this list issued")
    return key


def signups(conf: str, activity_slug: str, user: Principal, status: str | None, limit: int | None = 50,
            token: str | None = None) -> dict[str, Any]:
    """A page of the signups, oldest first (`limit`, `next_token`), with the whole activity's
    stats; `limit=None` gives every row (the CSV export)."""
    item = manageable_activity(conf, activity_slug, user)
    after = _after_key(token)
    everything = store.list_signups(conf, activity_slug)
    if status:
        selected = [s for s in everything if s.status == status]
    else:
        selected = [s for s in everything if s.status != "cancelled"]
    if after is not None:
        selected = [s for s in selected if s.sk > after]
    next_token = None
    if limit is not None and len(selected) > limit:
        selected = selected[:limit]
        next_token = _page_token(selected[-1].sk)
    taken = sum(1 for s in everything if s.status in signup_rules.HOLDS_PLACE)
    # The list is oldest first, which is the queue's order: places need no extra request.
    queue = {s.signup_id: n for n, s in enumerate((s for s in everything if s.status in signup_rules.QUEUED), start=1)}
    return {
        "signups": [signup_manage_view(s, queue.get(s.signup_id)) for s in selected],
        "stats": rules.signup_stats(s.status for s in everything),
        "spots_remaining": signup_rules.spots_remaining({**item.attribute_values, signup_rules.PLACES_TAKEN: taken}),
        "next_token": next_token,
    }


#: UTF-8 byte-order mark: without it spreadsheets read the file as Latin-1 ("JosÃ© MÃ¼ller").
CSV_BOM = "\ufeff"


def signups_csv(conf: str, activity_slug: str, user: Principal, status: str | None) -> str:
    data = signups(conf, activity_slug, user, status, limit=None)
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rules.CSV_HEADER)
    for s in data["signups"]:
        writer.writerow(rules.csv_row([
            s["user"]["sub"], s["user"]["name"], s["user"]["email"], s["status"], s["note"], s["created_at"],
            "" if s["waitlist_position"] is None else str(s["waitlist_position"]),
        ]))
    return out.getvalue()


#: A CSV larger than this is not answered inline (Lambda answers at most 6 MB): it is stored
#: under `exports/` (expired by the bucket after a day) and the answer redirects to it.
CSV_INLINE_BYTES = 1024 * 1024
EXPORT_EXPIRES_SECONDS = 300


def export_url(conf: str, activity_slug: str, body: bytes) -> str:
    """Store a large export and return a presigned GET of it (valid EXPORT_EXPIRES_SECONDS)."""
    return exports.publish(f"{conf}/{activity_slug}", body, content_type="text/csv; charset=utf-8",
                           filename=f"{activity_slug}-signups.csv", expires_seconds=EXPORT_EXPIRES_SECONDS)
