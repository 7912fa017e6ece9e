"""The Pretalx sync use case: read everything, check it, link activities, publish at once.

Order matters for "a sync either completes or leaves the previous data visible":
1. Read every collection from Pretalx first. Any failure raises `PretalxUnavailable`
   before a single DynamoDB write.
2. Refuse a suspicious shrink (`ScheduleShrinkRefused`, also before any write): when the
   previous schedule had at least `GUARD_MIN_PREVIOUS` slots and the new one has fewer than
   `GUARD_MIN_RATIO` of them, Pretalx most likely answered with a half-empty or unpublished
   schedule; wiping day detection and activity pages on that would be worse than keeping
   stale data. `force=True` (route query `?force=true`, CLI `--force`) accepts it.
3. Compute the snapshot's fingerprint (schedule + activity plans + activity slugs). If it
   equals the published one and every planned activity already exists, nothing is written
   (so an organiser's manual edit of a synced activity field survives until Pretalx changes;
   a deleted synced activity is re-created on the next sync).
4. Create/update one activity per submission type (the activity service keeps slugs and
   signups), or one per talk for the types the conference chose (pretalx/talk_activities.py:
   only the talks whose activity differs are written; a talk that left the programme makes
   its activity inactive, signups kept), link talks to them, then publish the schedule
   version and flip the pointer.
   Activities are upserted before the flip: if the flip fails, the previous schedule stays
   visible and still points at the same activity slugs (they never change).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..config import settings
from ..crypto import DecryptionError, open_envelope
from ..domain.conference import Conference
from ..domain.talk_activities import TalkActivityPlan
from ..services import activities
from ..store import schedule as store
from . import mapping, talk_activities
from .client import ClientOptions, PretalxClient, PretalxUnavailable

log = logging.getLogger(__name__)

GUARD_MIN_PREVIOUS = 10
GUARD_MIN_RATIO = 0.5
#: Client tunables used when a caller passes none: sized for the synchronous route (the API
#: Lambda times out at 28 s). Tests shrink the timeouts here.
DEFAULT_OPTIONS = ClientOptions()
#: The scheduled function has 600 s for every conference: more patience per conference.
SCHEDULED_OPTIONS = ClientOptions(read_timeout=20.0, retries=4, backoff_max=8.0, retry_after_max=30,
                                  deadline_seconds=120.0)

Progress = Callable[[str, int, int | None], None]


#: How to fix a 409 `pretalx_not_configured` (the conference's settings route).
HOW_TO_CONFIGURE = (
    'Set them with the "pretalx" object of PUT or PATCH /manage/conferences/{slug}: '
    '{"pretalx": {"base_url": "https://pretalx.com", "event_slug": "<event>", "api_token": "<read token>"}}.'
)


class PretalxNotConfigured(Exception):
    """The conference has no (usable) Pretalx settings."""


class ScheduleShrinkRefused(Exception):
    """Pretalx suddenly returned far fewer slots than are published; nothing was written."""

    def __init__(self, previous: int, new: int) -> None:
        super().__init__(
            f"Pretalx returned {new} schedule slots where {previous} are published; the sync was refused "
            "so the schedule is not wiped. Run it with force=true if the schedule really shrank."
        )
        self.previous = previous
        self.new = new


@dataclass(frozen=True)
class SyncResult:
    rooms: int
    talks: int
    schedule_slots: int
    activities: int
    changed: bool

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "changed"}


@dataclass(frozen=True)
class PretalxData:
    """The raw collections one sync reads."""

    rooms: list[dict[str, Any]]
    submission_types: list[dict[str, Any]]
    submissions: list[dict[str, Any]]
    slots: list[dict[str, Any]]
    speakers: list[dict[str, Any]]


def client_for(conference: Conference, *, options: ClientOptions | None = None,
               on_page: Progress | None = None) -> PretalxClient:
    """A client for the conference's Pretalx settings (the token unsealed only here)."""
    from ..services.conferences import pretalx_context

    pretalx = conference.pretalx
    if pretalx is None or not pretalx.base_url or not pretalx.event_slug:
        raise PretalxNotConfigured("This conference has no Pretalx settings. "
                                   + HOW_TO_CONFIGURE.replace("{slug}", conference.slug))
    token = None
    if pretalx.token_envelope:
        try:
            token = open_envelope(pretalx.token_envelope, pretalx_context(conference.slug)).get("api_token")
        except DecryptionError:
            raise PretalxNotConfigured("The stored Pretalx token cannot be read; save the settings again. "
                                       + HOW_TO_CONFIGURE.replace("{slug}", conference.slug)) from None
    return PretalxClient(pretalx.base_url, pretalx.event_slug, token,
                         allow_loopback=settings().pretalx_loopback_allowed,
                         options=options or DEFAULT_OPTIONS, on_page=on_page)


def fetch(client: PretalxClient) -> PretalxData:
    """Every collection the sync needs; raises PretalxUnavailable on any failure.

    Submission types come expanded inside `/submissions/` (every read token may read that);
    `/submission-types/` is asked only when a server ignored the expansion, like `/speakers/`.
    """
    rooms = client.rooms()
    submissions = client.submissions()
    types = client.submission_types() if mapping.needs_type_lookup(submissions) else []
    slots = client.slots()
    speakers = client.speakers() if mapping.needs_speaker_lookup(submissions) else []
    return PretalxData(rooms, types, submissions, slots, speakers)


def check_shrink(previous: store.SchedulePointerView | None, new_slots: int, *, force: bool) -> None:
    before = int((previous.counts if previous else {}).get("schedule_slots", 0))
    if not force and before >= GUARD_MIN_PREVIOUS and new_slots < before * GUARD_MIN_RATIO:
        raise ScheduleShrinkRefused(before, new_slots)


def sync_conference(
    conference: Conference,
    *,
    force: bool = False,
    options: ClientOptions | None = None,
    on_page: Progress | None = None,
    client: PretalxClient | None = None,
) -> SyncResult:
    """Sync one conference from Pretalx; see the module docstring for the guarantees."""
    client = client or client_for(conference, options=options, on_page=on_page)
    try:
        data = fetch(client)
    finally:
        client.close()
    # Each collection was parsed by payload.py as it arrived (502 naming the bad field);
    # this is the backstop for a shape it let through: still a 502, still before any write.
    try:
        snapshot = mapping.build_snapshot(data.rooms, data.submission_types, data.submissions, data.slots, data.speakers)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as exc:
        log.warning("pretalx data of %s could not be mapped: %r", conference.slug, exc)
        raise PretalxUnavailable(f"Pretalx sent data the sync could not use ({type(exc).__name__}).") from None
    previous = store.current_pointer(conference.slug)
    check_shrink(previous, len(snapshot.slots), force=force)

    chosen = conference.pretalx.per_talk_types if conference.pretalx else ()
    grouped_snapshot, talk_plans = talk_activities.split(snapshot, chosen, data)
    stored = activities.pretalx_activities(conference.slug)  # the one Query of the conference's activities
    existing = stored.by_type
    plans = mapping.plan_activities(grouped_snapshot, existing)
    # Pretalx type name (casefolded) -> slug, starting from the activities that already exist.
    slugs = {p.submission_type.casefold(): existing[p.existing_key] for p in plans if p.existing_key}
    if previous is not None and all(p.existing_key for p in plans) and stored.talks_in_step(talk_plans):
        talks = talk_activities.link(snapshot.talks, slugs, stored.by_code)
        digest = _fingerprint(snapshot, talks, plans, talk_plans)
        if previous.content_hash == digest:
            log.info("pretalx sync %s: unchanged", conference.slug)
            return _result(previous.counts, changed=False)
    for plan in plans:
        if plan.activity_type == "other":
            # Linked by the organiser under a name that is no activity type (a "Keynote" watch
            # party): link its talks and keep its count, leave every other field alone.
            if plan.existing_key:
                activities.set_talk_count(conference.slug, slugs[plan.submission_type.casefold()], plan.talk_count)
            continue
        # Pretalx's spelling, unless the activity matched only by plural: then its own key,
        # which the upsert needs to find it.
        matched_by_plural = plan.existing_key not in (None, plan.submission_type.casefold())
        slugs[plan.submission_type.casefold()] = activities.upsert_pretalx_activity(
            conference.slug, submission_type=plan.existing_key if matched_by_plural else plan.submission_type,
            activity_type=plan.activity_type, name=plan.name, description=plan.description,
            start_time=plan.start_time, end_time=plan.end_time, room=plan.room, talk_count=plan.talk_count,
            existing_slug=existing.get(plan.existing_key) if plan.existing_key else None, looked_up=True,
        )
    talk_slugs = activities.apply_talk_plans(conference.slug, talk_plans, stored.by_code)
    talks = talk_activities.link(snapshot.talks, slugs, talk_slugs)
    linked = len({t.activity_slug for t in talks if t.activity_slug})
    published = store.publish(
        conference.slug, snapshot.rooms, talks, snapshot.slots, extra_counts={"activities": linked},
        content_hash=_fingerprint(snapshot, talks, plans, talk_plans), previous=previous,
    )
    log.info("pretalx sync %s: %s", conference.slug, published.counts)
    return _result(published.counts, changed=published.changed)


def _fingerprint(snapshot: mapping.Snapshot, talks: list[store.Talk], plans: list[mapping.ActivityPlan],
                 talk_plans: list[TalkActivityPlan] | None = None) -> str:
    linked = len({t.activity_slug for t in talks if t.activity_slug})
    # Not `existing_key`: it is None on the run that creates the activities and set after.
    # `linking` bumps when what a sync writes for the same data changes (2: talk counts of
    # organiser-linked activities), so the first sync after an upgrade is not skipped.
    extra: dict[str, Any] = {"activities": linked, "linking": 2,
                             "plans": [{**asdict(p), "existing_key": None} for p in plans]}
    if talk_plans:  # absent without per-talk types, so those conferences keep their published hash
        extra["talk_plans"] = [asdict(p) for p in talk_plans]
    return store.snapshot_hash(snapshot.rooms, talks, snapshot.slots, extra)


def _result(counts: dict[str, int], *, changed: bool) -> SyncResult:
    return SyncResult(
        rooms=int(counts.get("rooms", 0)), talks=int(counts.get("talks", 0)),
        schedule_slots=int(counts.get("schedule_slots", 0)), activities=int(counts.get("activities", 0)),
        changed=changed,
    )


__all__ = [
    "PretalxNotConfigured",
    "PretalxUnavailable",
    "ScheduleShrinkRefused",
    "SyncResult",
    "client_for",
    "fetch",
    "sync_conference",
]
