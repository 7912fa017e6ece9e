"""The answers' shapes for activities and signups (what the contract shows of the items).

Shared by the catalogue, signups and promotion services; the only reads here are a queued
signup's place (store.signups.queue_position).
"""

from __future__ import annotations

from typing import Any

from ..domain import signups as rules
from ..store import signups as signup_store
from ..store.activities import ActivityItem
from ..store.base import public_timestamp


def _count(value: Any) -> int:
    return int(value or 0)


def activity_view(item: ActivityItem) -> dict[str, Any]:
    values = item.attribute_values
    return {
        "slug": item.slug,
        "name": item.name,
        "activity_type": item.activity_type,
        "description": item.description or "",
        "location": item.location,
        "room": item.room,
        "start_time": item.start_time,
        "end_time": item.end_time,
        "max_participants": None if item.max_participants is None else int(item.max_participants),
        "spots_remaining": rules.spots_remaining(values),
        "signup_count": _count(item.confirmed_count),
        "waitlist_count": _count(item.waitlist_count),
        "talk_count": _count(item.talk_count),
        "requires_ticket": bool(item.requires_ticket),
        "external_url": item.external_url,
        "is_active": bool(item.is_active),
        "pretalx_submission_type": item.pretalx_submission_type,
        "organizers": list(item.organizers or []),
        "claim_hours": rules.claim_hours_of(values),
    }


def signup_brief(signup_id: str, status: str, note: str, created_at: str,
                 waitlist_position: int | None = None, claim_by: str | None = None) -> dict[str, Any]:
    return {"id": signup_id, "status": status, "note": note or "", "created_at": public_timestamp(created_at),
            "waitlist_position": waitlist_position if status in rules.QUEUED else None,
            "claim_by": _claim_by(status, claim_by)}


def _claim_by(status: str, claim_by: str | None) -> str | None:
    """The offer's deadline while the signup is offered, else None."""
    return public_timestamp(claim_by) if status == rules.SignupStatus.OFFERED else None


def position(conf: str, activity_slug: str, status: str, created_at: str, signup_id: str,
             estimate: int | None = None) -> int | None:
    """Place in the queue while queued (one COUNT Query), else None (no request)."""
    if status not in rules.QUEUED:
        return None
    return signup_store.queue_position(conf, activity_slug, created_at, signup_id, estimate)


def lock_view(lock: signup_store.SignupLock, conf: str, activity_slug: str) -> dict[str, Any]:
    place = position(conf, activity_slug, lock.status, lock.created_at, lock.signup_id)
    return signup_brief(lock.signup_id, lock.status, lock.note, lock.created_at, place, lock.claim_by)


def signup_manage_view(item: signup_store.SignupItem, waitlist_position: int | None = None) -> dict[str, Any]:
    return {
        "id": item.signup_id,
        "user": {"sub": item.user_sub, "email": item.user_email, "name": item.user_name},
        "status": item.status,
        "note": item.note or "",
        "created_at": public_timestamp(item.created_at),
        "cancelled_at": public_timestamp(item.cancelled_at),
        "promoted_at": public_timestamp(item.promoted_at),
        "waitlist_position": waitlist_position if item.status in rules.QUEUED else None,
        "claim_by": _claim_by(item.status, item.claim_by),
    }
