"""Claiming an offered place (the caller's own signup), mapped to the contract's answers.

The rule (claim only while `offered` and before `claim_by`) is a condition of the store's
write (store.claims, built from domain.signups); this layer names the outcome.
"""

from __future__ import annotations

from typing import Any

from ..auth import Principal
from ..errors import Conflict, NotFound
from ..observability import metrics
from ..store import claims as store
from ..store.base import now_iso
from ..store.signups import NoActiveSignup
from .activities import require_slug
from .activity_views import lock_view


def claim(conf: str, activity_slug: str, user: Principal, now: str | None = None) -> dict[str, Any]:
    """200 with the signup confirmed; 409 `claim_expired` after `claim_by`; 409 `invalid_state`
    when the caller's signup holds no offer; 404 `no_active_signup` without one."""
    require_slug(activity_slug)
    try:
        lock = store.claim(conf, activity_slug, user.sub, now or now_iso())
    except store.ClaimLapsed:
        raise Conflict("The time to claim this place has passed; it was offered to the next person in line.",
                       code="claim_expired") from None
    except store.NotOffered as exc:
        raise Conflict(f"Your signup is {exc.lock.status}: there is no offered place to claim.",
                       code="invalid_state") from None
    except NoActiveSignup:
        raise NotFound("You have no active signup for this activity.", code="no_active_signup") from None
    metrics.emit("Claims")
    return lock_view(lock, conf, activity_slug)
