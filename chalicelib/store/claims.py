"""Claim windows: an offered place is claimed, or lapses and goes to the next in line.

An offered signup (store.promotion with `claim_hours`) carries `claim_by` and sits in the due
index (GSI3 `DUE#claim`, sparse) under it; its lock carries a copy of `claim_by`. Claim and
expiry are each one transaction, conditioned on the signup item by the complementary rules of
domain.signups (`claimable(now)` / `claim_lapsed(now)`), so a claim racing its own expiry ends
in exactly one of the two. Expiry frees the place (the activity's counter, in the same
transaction); the table stream then offers it to the next in line (events.promotion).

  lapsed claim mark  ACT#{conf}#{activity} / LAPSED#{sub}: left by an expiry so that a claim
                     arriving after the scheduler answers `claim_expired`, not "no signup"
                     (kept LAPSED_KEEP_SECONDS, then removed by the table's TTL)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..config import settings
from ..domain import signups as rules
from ..domain.signups import SignupStatus
from . import table
from .activities import ActivityItem
from .base import GSI3, BaseMeta, TableModel
from .keys import CLAIMS_DUE, activity_partition, activity_sk, conference_pk, lapsed_claim_sk, lock_sk
from .signups import NoActiveSignup, SignupItem, SignupLock, counter_actions, get_lock
from .transact import Cancelled, Transaction

#: How long a lapsed claim is remembered (TTL).
LAPSED_KEEP_SECONDS = 30 * 24 * 3600


class LapsedClaim(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="lapsed_claim")
    signup_id = UnicodeAttribute()
    claim_by = UnicodeAttribute()
    expires_at = NumberAttribute()  # TTL attribute


class NotOffered(Exception):
    """The caller's active signup holds no offer (confirmed already, or waitlisted)."""

    def __init__(self, lock: SignupLock) -> None:
        super().__init__("not offered")
        self.lock = lock


class ClaimLapsed(Exception):
    """The offer's `claim_by` has passed (expired by the scheduler, or about to be)."""


def _signup_key(conf: str, activity: str, lock: SignupLock) -> SignupItem:
    return SignupItem(activity_partition(conf, activity), lock.signup_sk)


def _why_refused(conf: str, activity: str, sub: str, lock: SignupLock | None) -> Exception:
    """Why the caller cannot claim: no offer, a lapsed one, or none at all."""
    if lock is None:
        lapsed = table.get(LapsedClaim, activity_partition(conf, activity), lapsed_claim_sk(sub), consistent=True)
        return ClaimLapsed() if lapsed is not None else NoActiveSignup()
    if lock.status != SignupStatus.OFFERED:
        return NotOffered(lock)
    return ClaimLapsed()


def claim(conf: str, activity: str, sub: str, now: str) -> SignupLock:
    """offered -> confirmed for the caller, at `now` (stored form); returns the lock as it is now.

    Two requests when it succeeds: the lock (GetItem; it gives the signup's key and the
    offer's deadline) and one transaction (the signup under `claimable(now)`, the lock's copy).
    The activity's counters do not move: an offer already holds its place. Raises NotOffered,
    ClaimLapsed or NoActiveSignup.
    """
    lock = get_lock(conf, activity, sub)
    if lock is None or not rules.claimable(now).holds({rules.STATUS: lock.status, rules.CLAIM_BY: lock.claim_by}):
        raise _why_refused(conf, activity, sub, lock)
    tx = Transaction()
    tx.update("signup", _signup_key(conf, activity, lock), [
        SignupItem.status.set(SignupStatus.CONFIRMED), SignupItem.claimed_at.set(now),
        SignupItem.gsi3pk.remove(), SignupItem.gsi3sk.remove(),
    ], rules.claimable(now).condition(SignupItem))
    tx.update("lock", lock, [SignupLock.status.set(SignupStatus.CONFIRMED), SignupLock.claim_by.remove()],
              SignupLock.signup_id == lock.signup_id)
    try:
        tx.commit()
    except Cancelled:
        # Expired (or cancelled) between the read and the write: say which, from a fresh read.
        raise _why_refused(conf, activity, sub, get_lock(conf, activity, sub)) from None
    lock.status, lock.claim_by = SignupStatus.CONFIRMED, None
    return lock


# -- expiry ----------------------------------------------------------------------------------


def due_claims(now: str, page_size: int = 100) -> Iterator[SignupItem]:
    """Every offer whose `claim_by` is at or before `now`, earliest first: one Query page per
    `page_size` due offers, nothing else read (the index holds offered signups only)."""
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI3,
        "KeyConditionExpression": "gsi3pk = :pk AND gsi3sk <= :now",
        # '$' sorts after '#': an offer due at `now` itself is included.
        "ExpressionAttributeValues": {":pk": {"S": CLAIMS_DUE}, ":now": {"S": now + "$"}},
        "Limit": page_size,
    }
    for page in table.query_pages(params):
        for raw in page.get("Items", []):
            yield SignupItem.from_raw_data(raw)


def expire_claim(signup: SignupItem, now: str) -> bool:
    """offered -> expired at `now`, the place freed, in one transaction; False when the offer
    was claimed, cancelled or expired already, or is not due at `now` (a replay changes nothing).
    """
    conf, activity = signup.conference_slug, signup.activity_slug
    tx = Transaction()
    tx.update("signup", SignupItem(signup.pk, signup.sk), [
        SignupItem.status.set(SignupStatus.EXPIRED), SignupItem.expired_at.set(now),
        SignupItem.gsi3pk.remove(), SignupItem.gsi3sk.remove(),
    ], rules.claim_lapsed(now).condition(SignupItem))
    tx.delete("lock", SignupLock(activity_partition(conf, activity), lock_sk(signup.user_sub)),
              SignupLock.signup_id == signup.signup_id)
    tx.update("activity", ActivityItem(conference_pk(conf), activity_sk(activity)),
              counter_actions(SignupStatus.OFFERED, SignupStatus.EXPIRED), ActivityItem.sk.exists())
    tx.put("lapsed", LapsedClaim(activity_partition(conf, activity), lapsed_claim_sk(signup.user_sub),
                                 signup_id=signup.signup_id, claim_by=signup.claim_by or now,
                                 expires_at=int(time.time()) + LAPSED_KEEP_SECONDS))
    try:
        tx.commit()
    except Cancelled:
        return False
    return True
