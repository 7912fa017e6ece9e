"""Activity use cases: list, detail, create/patch, signup, cancel, promote, signups export.

The API layer parses and authorises; this layer turns a use case into the fewest
DynamoDB requests (see bench/activities.py for the counts) and maps store outcomes to
the contract's errors. Also the entry points of the Pretalx sync
(`upsert_pretalx_activity`, `list_activities_with_submission_type`).
"""

from __future__ import annotations

import base64
import csv
import io
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..auth import Principal
from ..domain import activities as rules
from ..domain.conference import Conference, is_valid_slug
from ..errors import Conflict, Forbidden, NotFound, field_error
from ..observability import metrics
from ..policies import can_manage_activity, manages_every_activity
from ..store import activities as store
from ..store import schedule
from ..store.base import public_timestamp
from ..store.keys import SIGNUP_PREFIX

# -- views -------------------------------------------------------------------------------


def _count(value: Any) -> int:
    return int(value or 0)


def activity_view(item: store.ActivityItem) -> dict[str, Any]:
    max_participants = None if item.max_participants is None else int(item.max_participants)
    confirmed = _count(item.confirmed_count)
    return {
        "slug": item.slug,
        "name": item.name,
        "activity_type": item.activity_type,
        "description": item.description or "",
        "location": item.location,
        "room": item.room,
        "start_time": item.start_time,
        "end_time": item.end_time,
        "max_participants": max_participants,
        "spots_remaining": rules.spots_remaining(max_participants, confirmed),
        "signup_count": confirmed,
        "waitlist_count": _count(item.waitlist_count),
        "talk_count": _count(item.talk_count),
        "requires_ticket": bool(item.requires_ticket),
        "external_url": item.external_url,
        "is_active": bool(item.is_active),
        "pretalx_submission_type": item.pretalx_submission_type,
        "organizers": list(item.organizers or []),
    }


def _signup_brief(signup_id: str, status: str, note: str, created_at: str,
                  waitlist_position: int | None = None) -> dict[str, Any]:
    return {"id": signup_id, "status": status, "note": note or "", "created_at": public_timestamp(created_at),
            "waitlist_position": waitlist_position if status == "waitlisted" else None}


def _position(conf: str, activity_slug: str, status: str, created_at: str, signup_id: str,
              estimate: int | None = None) -> int | None:
    """Place in the queue while waitlisted (one COUNT Query), else None (no request)."""
    if status != "waitlisted":
        return None
    return store.waitlist_position(conf, activity_slug, created_at, signup_id, estimate)


def lock_view(lock: store.SignupLock, conf: str, activity_slug: str) -> dict[str, Any]:
    position = _position(conf, activity_slug, lock.status, lock.created_at, lock.signup_id)
    return _signup_brief(lock.signup_id, lock.status, lock.note, lock.created_at, position)


def signup_manage_view(item: store.SignupItem, waitlist_position: int | None = None) -> dict[str, Any]:
    return {
        "id": item.signup_id,
        "user": {"sub": item.user_sub, "email": item.user_email, "name": item.user_name},
        "status": item.status,
        "note": item.note or "",
        "created_at": public_timestamp(item.created_at),
        "cancelled_at": public_timestamp(item.cancelled_at),
        "promoted_at": public_timestamp(item.promoted_at),
        "waitlist_position": waitlist_position if item.status == "waitlisted" else None,
    }


def _require_slug(activity_slug: str) -> None:
    """Anything that cannot be one of our slugs is unknown (and never reaches a key)."""
    if not is_valid_slug(activity_slug):
        raise NotFound("No such activity.")


# -- public reads ------------------------------------------------------------------------


def list_public(conf: str, activity_type: str | None = None) -> list[dict[str, Any]]:
    """Active activities, by start time then name: one Query."""
    views = [
        activity_view(item) for item in store.list_activities(conf)
        if item.is_active and (activity_type is None or item.activity_type == activity_type)
    ]
    return sorted(views, key=rules.activity_sort_key)


def list_all(conf: str) -> list[dict[str, Any]]:
    return sorted((activity_view(item) for item in store.list_activities(conf)), key=rules.activity_sort_key)


def list_manageable(conf: str, user: Principal) -> list[dict[str, Any]]:
    """Every activity for `manage_activity`; else the ones the caller organises (403 if none).

    An organiser without the permission must find their own activities to manage their
    signups; one Query either way (the organisers are on the activity items).
    """
    items = store.list_activities(conf)
    if not manages_every_activity(user):
        items = [item for item in items if can_manage_activity(user, item.organizers)]
        if not items:
            raise Forbidden()
    return sorted((activity_view(item) for item in items), key=rules.activity_sort_key)


def _talk_view(talk: schedule.Talk) -> dict[str, Any]:
    return {
        "code": talk.code, "title": talk.title, "submission_type": talk.submission_type,
        "speakers": list(talk.speakers), "room": talk.room, "start": talk.start, "end": talk.end,
    }


def detail(conference: Conference, activity_slug: str, principal: Principal | None) -> dict[str, Any]:
    """The activity with its talks, speakers, schedule by day and the caller's signup."""
    _require_slug(activity_slug)
    if principal is not None:
        item, lock = store.get_activity_and_lock(conference.slug, activity_slug, principal.sub)
    else:
        item, lock = store.get_activity(conference.slug, activity_slug), None
    if item is None or not item.is_active:
        raise NotFound("No such activity.")
    view = activity_view(item)
    # Talks are linked to an activity only by the Pretalx sync, through the submission
    # type: an activity without one has none, and we save the two schedule reads.
    linked = bool(item.pretalx_submission_type) or _count(item.talk_count) > 0
    talks = schedule.talks_for_activity(conference.slug, activity_slug) if linked else []
    view["talks"] = [_talk_view(t) for t in talks]
    view["speakers"] = rules.unique_speakers(talks)
    view["schedule_by_day"] = rules.schedule_by_day(talks, conference.timezone)
    view["my_signup"] = lock_view(lock, conference.slug, activity_slug) if lock else None
    return view


def my_signups(conf: str, user: Principal) -> list[dict[str, Any]]:
    """The caller's active signups in a conference, oldest first.

    One Query on the locks' GSI1 (only active signups have a lock), one Query for the
    activities' current names, and one COUNT Query per waitlisted signup for its place.
    """
    locks = store.list_my_locks(conf, user.sub)
    if not locks:
        return []
    names = {item.slug: item.name for item in store.list_activities(conf)}
    views = []
    for lock in locks:
        slug = lock.activity_slug or ""
        views.append({"activity_slug": slug, "activity_name": names.get(slug) or lock.activity_name or slug,
                      **lock_view(lock, conf, slug)})
    return views


# -- attendee writes ---------------------------------------------------------------------


def ensure_active(conf: str, activity_slug: str) -> None:
    """404 unless the activity exists and is active (routes run it only for an invalid input)."""
    _require_slug(activity_slug)
    item = store.get_activity(conf, activity_slug)
    if item is None or not item.is_active:
        raise NotFound("No such activity.")


def signup(conf: str, activity_slug: str, user: Principal, note: str) -> dict[str, Any]:
    """Confirmed if there is room, else waitlisted; 409 `already_signed_up` with the existing one."""
    _require_slug(activity_slug)
    item = store.signup_view_of_activity(conf, activity_slug)
    if item is None or not item.is_active:
        raise NotFound("No such activity.")
    key = rules.new_signup_key()  # the place in the queue: first come, first served
    # Only a verified address is kept: the promotion e-mail goes to it and organisers see it.
    new = store.NewSignup(
        conf=conf, activity=activity_slug, activity_name=item.name, user_sub=user.sub,
        user_email=user.contact_email, user_name=user.name or "", note=note or "", key=key,
    )
    looks_full = rules.is_full(None if item.max_participants is None else int(item.max_participants),
                               _count(item.confirmed_count)) or _count(item.waitlist_count) > 0
    try:
        outcome = store.create_signup(new, looks_full=looks_full, snapshot=store.QueueSnapshot.of(item))
    except store.AlreadySignedUp as exc:
        extra = {"signup": lock_view(exc.lock, conf, activity_slug)} if exc.lock else {}
        raise Conflict("You already have an active signup for this activity.", code="already_signed_up",
                       extra=extra) from None
    except store.ActivityMissing:
        raise NotFound("No such activity.") from None
    status = outcome.status
    metrics.emit("Signups", Status=status)  # confirmed | waitlisted
    position = outcome.waitlist_position
    if position is None:
        # Someone behind us in the queue committed first: count our place. The signup is
        # committed: if its place cannot be counted, it is estimated from the activity as read.
        position = _position(conf, activity_slug, status, key.created_at, key.signup_id,
                             estimate=_count(item.waitlist_count) + 1)
    return _signup_brief(key.signup_id, status, new.note, key.created_at, position)


def cancel(conf: str, activity_slug: str, user: Principal) -> dict[str, Any]:
    _require_slug(activity_slug)
    try:
        lock, cancelled_at = store.cancel_signup(conf, activity_slug, user.sub)
    except store.NoActiveSignup:
        raise NotFound("You have no active signup for this activity.", code="no_active_signup") from None
    return {"id": lock.signup_id, "status": "cancelled", "cancelled_at": public_timestamp(cancelled_at),
            "waitlist_position": None}


# -- management --------------------------------------------------------------------------


def _activity_values(data: dict[str, Any], timezone: str = "UTC") -> dict[str, Any]:
    """Request fields -> stored attributes (times as ISO UTC strings).

    A time without a zone is what an organiser reads off the conference's programme, so it
    is read in the conference's timezone (not UTC); then every stored time is UTC.
    """
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in ("start_time", "end_time") and isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(timezone or "UTC"))
            try:
                value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            except (OverflowError, ValueError):
                raise field_error(name, "is out of range") from None
        values[name] = value
    return values


def _check_times(start: str | None, end: str | None) -> None:
    """`end_time` before `start_time` (both UTC strings, after reading zones): 422 on end_time."""
    if start and end and end < start:
        raise field_error("end_time", "must not be before start_time")


def create(conf: str, data: dict[str, Any], timezone: str = "UTC") -> dict[str, Any]:
    values = _activity_values(data, timezone)
    _check_times(values.get("start_time"), values.get("end_time"))
    try:
        item = store.create_activity(conf, rules.slug_candidates(values["name"]), values)
    except store.SlugsExhausted:
        raise Conflict("Too many activities share this name; choose another.", code="slug_taken") from None
    return activity_view(item)


def patch(conf: str, activity_slug: str, data: dict[str, Any], timezone: str = "UTC") -> dict[str, Any]:
    """Field changes in one UpdateItem; a raised capacity promotes from the stream.

    A change of one time is checked against the other as stored (one GetItem, only then).
    """
    _require_slug(activity_slug)
    values = _activity_values(data, timezone)
    if values.get("start_time") or values.get("end_time"):
        current = store.get_activity(conf, activity_slug, consistent=True)
        if current is None:
            raise NotFound("No such activity.")
        _check_times(values.get("start_time", current.start_time), values.get("end_time", current.end_time))
    item = store.update_activity(conf, activity_slug, values)
    if item is None:
        raise NotFound("No such activity.")
    return activity_view(item)


def manageable_activity(conf: str, activity_slug: str, user: Principal) -> store.ActivityItem:
    """The activity, if the caller manages activities or organises this one (else 403/404)."""
    if not is_valid_slug(activity_slug):
        raise NotFound("No such activity.") if manages_every_activity(user) else Forbidden()
    item = store.get_activity(conf, activity_slug)
    if item is None:
        raise NotFound("No such activity.") if manages_every_activity(user) else Forbidden()
    if not can_manage_activity(user, item.organizers):
        raise Forbidden()
    return item


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
    max_participants = None if item.max_participants is None else int(item.max_participants)
    confirmed = sum(1 for s in everything if s.status == "confirmed")
    # The list is oldest first, which is the queue's order: places need no extra request.
    queue = {s.signup_id: n for n, s in enumerate((s for s in everything if s.status == "waitlisted"), start=1)}
    return {
        "signups": [signup_manage_view(s, queue.get(s.signup_id)) for s in selected],
        "stats": rules.signup_stats(s.status for s in everything),
        "spots_remaining": rules.spots_remaining(max_participants, confirmed),
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
        ]))
    return out.getvalue()


#: A CSV larger than this is not answered inline (Lambda answers at most 6 MB): it is stored
#: under `exports/` (expired by the bucket after a day) and the answer redirects to it.
CSV_INLINE_BYTES = 1024 * 1024
EXPORT_EXPIRES_SECONDS = 300


def export_url(conf: str, activity_slug: str, body: bytes) -> str:
    """Store a large export and return a presigned GET of it (valid EXPORT_EXPIRES_SECONDS)."""
    import uuid

    from .. import aws
    from ..config import settings

    key = f"exports/{conf}/{activity_slug}/{uuid.uuid4().hex}.csv"
    s3 = aws.client("s3")
    s3.put_object(Bucket=settings().bucket_name, Key=key, Body=body, ContentType="text/csv; charset=utf-8",
                  ContentDisposition=f'attachment; filename="{activity_slug}-signups.csv"')
    return s3.generate_presigned_url("get_object", Params={"Bucket": settings().bucket_name, "Key": key},
                                     ExpiresIn=EXPORT_EXPIRES_SECONDS)


def promote(conf: str, activity_slug: str, signup_id: str, user: Principal) -> dict[str, Any]:
    """Manual promotion: respects capacity first, and overbooks (flagged) only when full."""
    manageable_activity(conf, activity_slug, user)
    key = rules.signup_key_from_id(signup_id)
    item = store.get_signup(conf, activity_slug, key) if key else None
    if item is None:
        raise NotFound("No such signup.")
    if item.status != "waitlisted":
        raise Conflict("Only a waitlisted signup can be promoted.", code="not_waitlisted")
    overbooked = False
    try:
        try:
            store.promote_signup(conf, activity_slug, item)
        except store.CapacityReached:
            overbooked = True
            store.promote_signup(conf, activity_slug, item, respect_capacity=False)
    except store.NotWaitlisted:
        raise Conflict("Only a waitlisted signup can be promoted.", code="not_waitlisted") from None
    metrics.emit("Promotions", Source="organiser")
    view = signup_manage_view(item)  # confirmed now: no place in the queue
    view["overbooked"] = overbooked
    return view


# -- Pretalx sync entry points -----------------------------------------------------------


def list_activities_with_submission_type(conf: str) -> dict[str, str]:
    """Lower-cased Pretalx submission type -> activity slug (one Query)."""
    return {
        item.pretalx_submission_type.casefold(): item.slug
        for item in store.list_activities(conf) if item.pretalx_submission_type
    }


def upsert_pretalx_activity(
    conf: str, *, submission_type: str, activity_type: str, name: str, description: str,
    start_time: str | None, end_time: str | None, room: str | None, talk_count: int = 0,
) -> str:
    """Create or refresh the activity linked to one Pretalx submission type; returns its slug.

    An existing activity (matched case-insensitively on `pretalx_submission_type`) keeps
    its slug, signups, capacity, organisers and active flag; only the synced fields change.
    """
    values: dict[str, Any] = {
        "name": name[:200] or submission_type,
        "activity_type": activity_type if activity_type in rules.ACTIVITY_TYPES else "other",
        "description": description or "",
        "start_time": rules.utc_timestamp(start_time), "end_time": rules.utc_timestamp(end_time), "room": room,
        "talk_count": int(talk_count), "pretalx_submission_type": submission_type,
    }
    existing = list_activities_with_submission_type(conf).get(submission_type.casefold())
    if existing is not None:
        if store.update_activity(conf, existing, values) is not None:
            return existing
    try:
        item = store.create_activity(conf, rules.slug_candidates(values["name"]), values)
    except store.SlugsExhausted:
        raise Conflict(f"No free slug for activity {name!r}.", code="slug_taken") from None
    return item.slug


def set_talk_count(conf: str, activity_slug: str, talk_count: int) -> None:
    """Only the talk count of an activity the organiser linked to a Pretalx type by hand."""
    store.update_activity(conf, activity_slug, {"talk_count": int(talk_count)})


# -- promotion (stream) ------------------------------------------------------------------

#: Bounds one invocation: at most this many waitlist pages of PROMOTION_PAGE signups.
PROMOTION_ROUNDS = 20
PROMOTION_PAGE = 100


def promote_waitlisted(conf: str, activity_slug: str, needed: int) -> int:
    """Promote up to `needed` of the oldest waitlisted signups, FIFO; returns how many were.

    `needed` comes from a stream image and may be stale: each promotion is guarded by a
    free place, so the first `CapacityReached` ends the run (a replayed record costs one
    Query and one refused transaction, and promotes nobody).
    """
    promoted = 0
    for _ in range(PROMOTION_ROUNDS):
        if promoted >= needed:
            break
        candidates = store.oldest_waitlisted(conf, activity_slug, min(needed - promoted, PROMOTION_PAGE))
        if not candidates:
            break
        for candidate in candidates:
            try:
                store.promote_signup(conf, activity_slug, candidate)
            except store.NotWaitlisted:
                continue  # cancelled or promoted meanwhile (or a stale index entry): next in line
            except store.CapacityReached:
                return promoted
            promoted += 1
            if promoted >= needed:
                break
    return promoted
