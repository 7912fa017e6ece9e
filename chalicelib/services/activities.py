"""The activity catalogue: list, detail, create/patch, and the Pretalx sync's entry points.

The API layer parses and authorises; this layer turns a use case into the fewest
DynamoDB requests (see bench/activities.py for the counts) and maps store outcomes to
the contract's errors. Signing up is services.signups, promotion services.promotion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..auth import Principal
from ..domain import activities as rules
from ..domain import talk_activities as talk_rules
from ..domain.conference import Conference, is_valid_slug
from ..domain.talk_activities import TalkActivityPlan
from ..errors import Conflict, Forbidden, NotFound, field_error
from ..policies import can_manage_activity, manages_every_activity
from ..store import activities as store
from ..store import schedule
from ..store import signups as signup_store
from .activity_views import activity_view, lock_view


def require_slug(activity_slug: str) -> None:
    """Anything that cannot be one of our slugs is unknown (and never reaches a key)."""
    if not is_valid_slug(activity_slug):
        raise NotFound("No such activity.")


def _count(value: Any) -> int:
    return int(value or 0)


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
    require_slug(activity_slug)
    if principal is not None:
        item, lock = signup_store.get_activity_and_lock(conference.slug, activity_slug, principal.sub)
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


def ensure_active(conf: str, activity_slug: str) -> None:
    """404 unless the activity exists and is active (routes run it only for an invalid input)."""
    require_slug(activity_slug)
    item = store.get_activity(conf, activity_slug)
    if item is None or not item.is_active:
        raise NotFound("No such activity.")


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
    require_slug(activity_slug)
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


# -- Pretalx sync entry points -----------------------------------------------------------


def _grouped_by_type(items: list[store.ActivityItem]) -> dict[str, str]:
    """Lower-cased Pretalx submission type -> slug of the activity grouping that type's talks
    (per-talk activities carry their type too, for people to read, but group nothing)."""
    return {
        item.pretalx_submission_type.casefold(): item.slug
        for item in items if item.pretalx_submission_type and not item.pretalx_submission_code
    }


def list_activities_with_submission_type(conf: str) -> dict[str, str]:
    """Lower-cased Pretalx submission type -> activity slug (one Query)."""
    return _grouped_by_type(store.list_activities(conf))


@dataclass(frozen=True)
class PretalxActivities:
    """The conference's activities as one sync needs them, from one Query."""

    by_type: dict[str, str]
    by_code: dict[str, store.ActivityItem]

    def talk_slugs(self, plans: list[TalkActivityPlan]) -> dict[str, str]:
        """Submission code -> slug of the existing per-talk activities of these plans."""
        return {p.code: self.by_code[p.code].slug for p in plans if p.code in self.by_code}

    def talks_in_step(self, plans: list[TalkActivityPlan]) -> bool:
        """True when every planned talk has its activity (active, unless an organiser made it
        inactive) and no other per-talk activity is still active, so an unchanged schedule may
        skip writing; an organiser's deletion is repaired by the next sync."""
        wanted = {p.code for p in plans}
        for code, item in self.by_code.items():
            taken_off_by_sync = bool(item.pretalx_removed_at)
            if code in wanted and taken_off_by_sync:  # the talk is back: reactivate
                return False
            if code not in wanted and item.is_active and not taken_off_by_sync:  # the talk left: take it off
                return False
        return wanted <= set(self.by_code)


def pretalx_activities(conf: str) -> PretalxActivities:
    items = store.list_activities(conf)
    return PretalxActivities(by_type=_grouped_by_type(items),
                             by_code={i.pretalx_submission_code: i for i in items if i.pretalx_submission_code})


def upsert_pretalx_activity(
    conf: str, *, submission_type: str, activity_type: str, name: str, description: str,
    start_time: str | None, end_time: str | None, room: str | None, talk_count: int = 0,
    existing_slug: str | None = None, looked_up: bool = False,
) -> str:
    """Create or refresh the activity linked to one Pretalx submission type; returns its slug.

    An existing activity (matched case-insensitively on `pretalx_submission_type`) keeps
    its slug, signups, capacity, organisers and active flag; only the synced fields change.
    `looked_up`: the caller already read the activities (`existing_slug` is the match or None),
    so this costs no Query.
    """
    values: dict[str, Any] = {
        "name": name[:200] or submission_type,
        "activity_type": activity_type if activity_type in rules.ACTIVITY_TYPES else "other",
        "description": description or "",
        "start_time": rules.utc_timestamp(start_time), "end_time": rules.utc_timestamp(end_time), "room": room,
        "talk_count": int(talk_count), "pretalx_submission_type": submission_type,
    }
    existing = existing_slug if looked_up else list_activities_with_submission_type(conf).get(submission_type.casefold())
    if existing is not None:
        if store.update_activity(conf, existing, values) is not None:
            return existing
    try:
        item = store.create_activity(conf, rules.slug_candidates(values["name"]), values)
    except store.SlugsExhausted:
        raise Conflict(f"No free slug for activity {name!r}.", code="slug_taken") from None
    return item.slug


def apply_talk_plans(conf: str, plans: list[TalkActivityPlan],
                     stored: dict[str, store.ActivityItem]) -> dict[str, str]:
    """Bring the per-talk activities in line with the plans; returns submission code -> slug.

    Writes only what differs (one UpdateItem per changed talk, one conditional put per new
    one): an unchanged talk costs nothing. The UpdateItem never names the signup counters,
    so signups, capacity changes by the organiser and organisers stay. A stored per-talk
    activity whose talk is no longer planned (withdrawn, unconfirmed, or its type no longer
    chosen) becomes inactive with `pretalx_removed_at`; it is active again if the talk returns.
    The stream tells the signed-up people (events.activity_changes).
    """
    slugs: dict[str, str] = {}
    planned = set()
    for plan in plans:
        planned.add(plan.code)
        wanted = {**plan.values(), "start_time": rules.utc_timestamp(plan.start_time),
                  "end_time": rules.utc_timestamp(plan.end_time)}
        item = stored.get(plan.code)
        if item is None:
            created = {**wanted, "max_participants": plan.max_participants}
            try:
                made = store.create_activity(conf, talk_rules.slug_candidates(plan.code, plan.title), created)
            except store.SlugsExhausted:
                raise Conflict(f"No free slug for the talk {plan.title!r}.", code="slug_taken") from None
            slugs[plan.code] = made.slug
            continue
        slugs[plan.code] = item.slug
        if item.pretalx_removed_at:  # taken off by an earlier sync: the talk is back
            wanted = {**wanted, "is_active": True, "pretalx_removed_at": None}
        changes = talk_rules.changed_values(item.attribute_values, wanted)
        if changes:
            store.update_activity(conf, item.slug, changes)
    removed_at = store.now_iso()
    for code, item in stored.items():
        if code not in planned and item.is_active and not item.pretalx_removed_at:
            store.update_activity(conf, item.slug, {"is_active": False, "pretalx_removed_at": removed_at})
    return slugs


def set_talk_count(conf: str, activity_slug: str, talk_count: int) -> None:
    """Only the talk count of an activity the organiser linked to a Pretalx type by hand."""
    store.update_activity(conf, activity_slug, {"talk_count": int(talk_count)})
