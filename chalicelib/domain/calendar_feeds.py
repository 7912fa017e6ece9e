"""Personal calendar feeds: who may read one, and how often.

A feed URL carries a random secret (`secrets.token_urlsafe`, 256 bits); the table keeps its
SHA-256 only (a fast hash is enough for a secret with that much entropy: there is nothing to
guess from), so a leaked table does not open anyone's feed. The feed shows the person's
confirmed activities only: a waitlisted place is not a plan yet.

Rate limit: each secret may fetch its feed FEED_REQUESTS_PER_MINUTE times a minute (calendar
apps poll every few minutes to hours; a script hammering a leaked URL gets 429). The counter
of the current minute is ADDed with the condition below, so the limit holds under any
concurrency, and the predicate beside it says the same in Python.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from .signups import SignupStatus

#: Fetches per secret per minute.
FEED_REQUESTS_PER_MINUTE = 30
#: A minute's counter is kept this long after its minute (DynamoDB's TTL deletes it).
COUNTER_KEEP = timedelta(minutes=10)
SECRET_BYTES = 32
#: The feed file's suffix: calendar apps and people recognise an `.ics` URL.
FEED_SUFFIX = ".ics"
#: Counter attribute of the rate item.
HITS = "hits"

#: Statuses that put an activity in the person's feed (a place that is theirs).
IN_FEED = frozenset({SignupStatus.CONFIRMED})


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_from_file(name: str) -> str | None:
    """`{secret}.ics` -> the secret; None for anything a feed URL never is."""
    if not name.endswith(FEED_SUFFIX):
        return None
    secret = name[: -len(FEED_SUFFIX)]
    if not 16 <= len(secret) <= 128 or not all(c.isalnum() or c in "-_" for c in secret):
        return None
    return secret


def window(now: datetime) -> str:
    """The minute a request falls in (UTC), naming its counter."""
    return now.strftime("%Y%m%dT%H%M")


def within_rate(hits: int | None) -> bool:
    """Another fetch is allowed when fewer than the limit were counted this minute."""
    return (hits or 0) < FEED_REQUESTS_PER_MINUTE


def within_rate_condition(hits_attribute: Any) -> Any:
    """The same rule as a DynamoDB condition on the counter attribute (a PynamoDB attribute)."""
    return hits_attribute.does_not_exist() | (hits_attribute < FEED_REQUESTS_PER_MINUTE)
