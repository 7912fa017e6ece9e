"""Conference items: `CONF#{slug}` / `META`, listed through GSI1 `CONFERENCES`.

A warm container remembers a conference it read for CACHE_SECONDS: nearly every request
is gated on its conference's settings (features, dates, grant cap), and re-reading them
on each one made them a third of all DynamoDB requests. Bounded staleness: another
container's change is seen within CACHE_SECONDS; this container's own changes (`upsert`)
replace the cached copy at once. Missing conferences are not remembered, so a conference
created elsewhere is usable immediately. Any other code that writes the conference item
must call `forget(slug)`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from . import table
from .base import GSI1, BaseMeta, TableModel, now_iso
from .keys import CONFERENCE_LIST, META_SK, conference_pk

CONFERENCE_LIST_KEY = CONFERENCE_LIST


class ConferenceListIndex(GlobalSecondaryIndex["ConferenceItem"]):
    class Meta:
        index_name = GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ConferenceItem(TableModel):
    class Meta(BaseMeta):
        pass

    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="conference")
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    start_date = UnicodeAttribute()
    end_date = UnicodeAttribute()
    timezone = UnicodeAttribute(default="UTC")
    sections = JSONAttribute(default=list)
    features = JSONAttribute(default=dict)
    max_grant_cents = NumberAttribute(null=True)
    grant_budget_cents = NumberAttribute(null=True)
    #: Grant settings (absent: the defaults of domain.conference.Conference). A grant write
    #: that raises committed money checks `grant_budget_cents` and `overcommit_percent` in its
    #: transaction (domain.budget); `offer_response_days` 0 stores "no deadline".
    overcommit_percent = NumberAttribute(null=True)
    offer_response_days = NumberAttribute(null=True)
    offer_reminder_days = NumberAttribute(null=True)
    auto_offer_waitlist = BooleanAttribute(null=True)
    default_locale = UnicodeAttribute(null=True)  # absent: domain.locale.DEFAULT_LOCALE
    reviewers_email = UnicodeAttribute(null=True)
    pretalx = JSONAttribute(null=True)
    #: {"base_url", "organizer", "event", "item_id", "token": sealed}
    pretix = JSONAttribute(null=True)
    #: The `review` settings (absent: the defaults of domain.scoring.ReviewSettings), one
    #: attribute each so a score's transaction can check them (store.scores); `review_log`
    #: lists who opened or closed scoring, when (shown in every grant's audit trail).
    review_scale = NumberAttribute(null=True)
    review_blind = BooleanAttribute(null=True)
    review_scoring_open = BooleanAttribute(null=True)
    review_log = JSONAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_list = ConferenceListIndex()


#: How long a container trusts a conference it read (seconds), and how many it remembers.
CACHE_SECONDS = 10.0
CACHE_SIZE = 256
#: The cache's clock (tests move it).
clock: Callable[[], float] = time.monotonic


class _Recent:
    """slug -> (read at, item): a small LRU with a time limit, safe across request threads."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[float, ConferenceItem]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, slug: str, max_age: float) -> ConferenceItem | None:
        with self._lock:
            entry = self._items.get(slug)
            if entry is None or clock() - entry[0] >= max_age:
                return None
            self._items.move_to_end(slug)
            return entry[1]

    def put(self, slug: str, item: ConferenceItem) -> None:
        with self._lock:
            self._items[slug] = (clock(), item)
            self._items.move_to_end(slug)
            while len(self._items) > CACHE_SIZE:
                self._items.popitem(last=False)

    def forget(self, slug: str | None = None) -> None:
        with self._lock:
            if slug is None:
                self._items.clear()
            else:
                self._items.pop(slug, None)


_recent = _Recent()


def get(slug: str, *, max_age: float | None = None) -> ConferenceItem | None:
    """The conference, from this container's memory if read less than `max_age` s ago (default
    CACHE_SECONDS; 0 reads DynamoDB, strongly consistent, e.g. before rewriting it)."""
    max_age = CACHE_SECONDS if max_age is None else max_age
    if max_age > 0:
        cached = _recent.get(slug, max_age)
        if cached is not None:
            return cached
    item = table.get(ConferenceItem, conference_pk(slug), META_SK, consistent=max_age <= 0)
    if item is not None:
        _recent.put(slug, item)
    return item


def forget(slug: str | None = None) -> None:
    """Drop the remembered copy of `slug` (every conference when None)."""
    _recent.forget(slug)


class ChangedMeanwhile(Exception):
    """A conditional update found the conference changed (or gone) since it was read
    (a store outcome: the caller merges onto the new version and tries again)."""


def upsert(slug: str, values: dict[str, Any], *, expected_updated_at: str | None = None) -> tuple[ConferenceItem, bool]:
    """Create or replace a conference in one UpdateItem; returns (item, created).

    `created_at` uses if_not_exists, so the single request tells a create from an update.
    A value of None removes the attribute. With `expected_updated_at` (a partial update
    merged onto what was read) the write only happens if nobody changed it in between.
    """
    now = now_iso()
    item = ConferenceItem(conference_pk(slug), META_SK)
    actions = [
        ConferenceItem.entity.set("conference"),
        ConferenceItem.slug.set(slug),
        ConferenceItem.gsi1pk.set(CONFERENCE_LIST_KEY),
        ConferenceItem.gsi1sk.set(slug),
        ConferenceItem.created_at.set(ConferenceItem.created_at | now),
        ConferenceItem.updated_at.set(now),
    ]
    for name, value in values.items():
        attribute = getattr(ConferenceItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    condition = None if expected_updated_at is None else ConferenceItem.updated_at == expected_updated_at
    try:
        table.update(item, actions, condition)
    except table.ConditionFailed:
        forget(slug)  # someone else changed it: the next read must not be our old copy
        raise ChangedMeanwhile(slug) from None
    except Exception:
        forget(slug)  # the write may have happened; do not keep serving the old copy
        raise
    _recent.put(slug, item)  # the whole new item (ALL_NEW): this container sees its change at once
    return item, item.created_at == now


def list_all() -> list[ConferenceItem]:
    return table.query(ConferenceItem, ConferenceItem.gsi1pk == CONFERENCE_LIST_KEY, index=GSI1)
