"""The sync's side of per-talk activities: which talks get their own activity, and links.

The conference lists submission types (`pretalx.per_talk_types`, ids or names); each
programme talk of those types becomes a `TalkActivityPlan` (its title, slot, room, speakers
and the room's capacity), and is left out of the grouped plans (mapping.plan_activities),
so a type is either grouped or per talk, never both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Protocol

from ..domain.talk_activities import TalkActivityPlan, is_per_talk_type
from ..store.schedule import Talk
from . import mapping


class _Raw(Protocol):
    rooms: list[dict]
    submission_types: list[dict]
    submissions: list[dict]


def split(snapshot: mapping.Snapshot, chosen: Iterable[str],
          raw: _Raw) -> tuple[mapping.Snapshot, list[TalkActivityPlan]]:
    """(the snapshot the grouped plans are made from, one plan per talk of a chosen type)."""
    chosen = tuple(chosen)
    if not chosen:
        return snapshot, []
    ids = mapping.type_ids(raw.submissions, raw.submission_types)
    capacities = mapping.room_capacities(raw.rooms)
    grouped: list[Talk] = []
    plans: list[TalkActivityPlan] = []
    for talk in snapshot.talks:
        if not talk.submission_type or not is_per_talk_type(ids.get(talk.submission_type), talk.submission_type,
                                                            chosen):
            grouped.append(talk)
            continue
        plans.append(TalkActivityPlan(
            code=talk.code, submission_type=talk.submission_type,
            activity_type=mapping.activity_type_for(talk.submission_type) or "other",
            title=talk.title, speakers=tuple(talk.speakers), start_time=talk.start, end_time=talk.end,
            room=talk.room, max_participants=capacities.get(talk.room) if talk.room else None,
        ))
    return dataclasses.replace(snapshot, talks=grouped), plans


def link(talks: list[Talk], slugs_by_type: Mapping[str, str], slugs_by_code: Mapping[str, object]) -> list[Talk]:
    """Talks with `activity_slug` set: their own activity when they have one, else their type's.

    `slugs_by_code` maps a submission code to a slug, or to a stored activity (its `slug`).
    """
    linked = []
    for talk in talks:
        own = slugs_by_code.get(talk.code)
        slug = own if isinstance(own, str) else getattr(own, "slug", None)
        if slug is None and talk.submission_type:
            slug = slugs_by_type.get(talk.submission_type.casefold())
        linked.append(talk if slug == talk.activity_slug else talk._replace(activity_slug=slug))
    return linked
