"""Personal calendar feeds: the owner's item, the item found by the secret, the rate counters.

  owner     MYCAL#{conf}#{sub} / CALENDAR: the feed's secret hash and the secret itself, sealed
            (envelope encryption, chalicelib.crypto) so the owner can be shown the same URL again
  by secret CALFEED#{sha256(secret)} / CALFEED: conference and person (the feed's one lookup)
  counter   CALFEED#{sha256(secret)} / RATE#{minute}: fetches in that minute (TTL)

The owner and by-secret items are written and deleted together, in one transaction, so a
revoked secret cannot outlive its owner's item nor the other way round.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..domain import calendar_feeds as rules
from . import table
from .base import BaseMeta, TableModel, now_iso
from .keys import CALENDAR_FEED_SK, CALENDAR_OWNER_SK, calendar_feed_pk, calendar_owner_pk, rate_sk
from .transact import Cancelled, Transaction


class FeedOwner(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="calendar_feed_owner")
    conference_slug = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    #: The secret, sealed (a JSON envelope of chalicelib.crypto.seal).
    sealed_secret = UnicodeAttribute()
    created_at = UnicodeAttribute()

    @property
    def envelope(self) -> dict[str, Any]:
        return dict(json.loads(self.sealed_secret))


class FeedBySecret(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="calendar_feed")
    conference_slug = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    created_at = UnicodeAttribute()


class FeedRate(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="calendar_feed_rate")
    hits = NumberAttribute(null=True, attr_name=rules.HITS)
    expires_at = NumberAttribute(null=True)  # TTL attribute


class FeedExists(Exception):
    """The person already has a feed (another request made it first)."""


def get_owner(conf: str, sub: str) -> FeedOwner | None:
    return table.get(FeedOwner, calendar_owner_pk(conf, sub), CALENDAR_OWNER_SK, consistent=True)


def create(conf: str, sub: str, secret_hash: str, envelope: dict[str, Any]) -> FeedOwner:
    """Both items in one transaction; FeedExists when the person has a feed already."""
    now = now_iso()
    owner = FeedOwner(calendar_owner_pk(conf, sub), CALENDAR_OWNER_SK, conference_slug=conf, user_sub=sub,
                      secret_hash=secret_hash, sealed_secret=json.dumps(envelope, sort_keys=True), created_at=now)
    by_secret = FeedBySecret(calendar_feed_pk(secret_hash), CALENDAR_FEED_SK, conference_slug=conf, user_sub=sub,
                             created_at=now)
    transaction = Transaction()
    transaction.put("owner", owner, FeedOwner.pk.does_not_exist())
    transaction.put("feed", by_secret, FeedBySecret.pk.does_not_exist())
    try:
        transaction.commit()
    except Cancelled as exc:
        if exc.failed("owner"):
            raise FeedExists() from None
        raise
    return owner


def delete(owner: FeedOwner) -> bool:
    """Remove the feed the owner item names (False: it was already gone or replaced)."""
    transaction = Transaction()
    transaction.delete("owner", FeedOwner(owner.pk, owner.sk), FeedOwner.secret_hash == owner.secret_hash)
    transaction.delete("feed", FeedBySecret(calendar_feed_pk(owner.secret_hash), CALENDAR_FEED_SK))
    try:
        transaction.commit()
    except Cancelled:
        return False
    return True


def find(secret_hash: str) -> FeedBySecret | None:
    """The feed a secret opens (one GetItem), or None (never issued, or revoked)."""
    return table.get(FeedBySecret, calendar_feed_pk(secret_hash), CALENDAR_FEED_SK)


def count_fetch(secret_hash: str, now: datetime) -> bool:
    """Count one fetch in `now`'s minute (one UpdateItem); False when the minute's limit is reached."""
    counter = FeedRate(calendar_feed_pk(secret_hash), rate_sk(rules.window(now)))
    expires = int(now.timestamp() + 60 + rules.COUNTER_KEEP.total_seconds())
    try:
        table.update(counter, [FeedRate.hits.add(1), FeedRate.expires_at.set(expires)],
                     rules.within_rate_condition(FeedRate.hits))
    except table.ConditionFailed:
        return False
    return True
