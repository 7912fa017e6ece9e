"""The activity catalogue: activity items and their reads and writes.

  activity   CONF#{conf} / ACT#{activity}: the activity, with the counters the signup rules
             read (confirmed_count, waitlist_count, waitlist_last; see domain.signups)

Signups live in store.signups, promotions in store.promotion.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from . import table
from .base import BaseMeta, TableModel, now_iso
from .keys import ACTIVITY_PREFIX, activity_sk, conference_pk


class ActivityItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="activity")
    conference_slug = UnicodeAttribute()
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    activity_type = UnicodeAttribute(default="other")
    description = UnicodeAttribute(default="")
    location = UnicodeAttribute(null=True)
    room = UnicodeAttribute(null=True)
    start_time = UnicodeAttribute(null=True)
    end_time = UnicodeAttribute(null=True)
    max_participants = NumberAttribute(null=True)
    #: Hours a freed place is offered before it goes to the next in line (absent: confirmed at once).
    claim_hours = NumberAttribute(null=True)
    confirmed_count = NumberAttribute(default=0)
    waitlist_count = NumberAttribute(default=0)
    #: The highest queue key ({created}#{id}) whose place has been counted: nobody joins the
    #: queue ahead of it (domain.signups.joins_ahead_of_counted).
    waitlist_last = UnicodeAttribute(null=True)
    talk_count = NumberAttribute(default=0)
    requires_ticket = BooleanAttribute(default=False)
    external_url = UnicodeAttribute(null=True)
    is_active = BooleanAttribute(default=True)
    pretalx_submission_type = UnicodeAttribute(null=True)
    #: Set on a per-talk activity (domain.talk_activities): the Pretalx submission it stands for.
    pretalx_submission_code = UnicodeAttribute(null=True)
    #: When the sync made a per-talk activity inactive because its talk left the programme
    #: (only such an activity is made active again when the talk comes back).
    pretalx_removed_at = UnicodeAttribute(null=True)
    organizers = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class SlugsExhausted(Exception):
    pass


def get_activity(conf: str, activity: str, consistent: bool = False) -> ActivityItem | None:
    return table.get(ActivityItem, conference_pk(conf), activity_sk(activity), consistent=consistent)


def list_activities(conf: str) -> list[ActivityItem]:
    """Every activity of a conference: one Query on the conference's partition."""
    return table.query(ActivityItem, (ActivityItem.pk == conference_pk(conf)) & ActivityItem.sk.startswith(ACTIVITY_PREFIX))


#: BatchGetItem's limit of keys per request.
BATCH_GET_KEYS = 100


def get_activities(conf: str, slugs: list[str]) -> list[ActivityItem]:
    """These activities of a conference, in no particular order (absent ones left out): one
    BatchGetItem per 100 slugs."""
    found: list[ActivityItem] = []
    unique = list(dict.fromkeys(slugs))
    for start in range(0, len(unique), BATCH_GET_KEYS):
        keys = [(conference_pk(conf), activity_sk(slug)) for slug in unique[start:start + BATCH_GET_KEYS]]
        found.extend(ActivityItem.from_raw_data(raw) for raw in table.batch_get(keys).values())
    return found


def create_activity(conf: str, slugs: Iterator[str], values: dict[str, Any]) -> ActivityItem:
    """Put the activity under the first free slug: one conditional put per candidate."""
    now = now_iso()
    for slug in slugs:
        item = ActivityItem(
            conference_pk(conf), activity_sk(slug), conference_slug=conf, slug=slug,
            confirmed_count=0, waitlist_count=0, created_at=now, updated_at=now,
            **{k: v for k, v in values.items() if v is not None},
        )
        try:
            table.put(item, ActivityItem.sk.does_not_exist())
            return item
        except table.ConditionFailed:
            continue
    raise SlugsExhausted()


def update_activity(conf: str, activity: str, values: dict[str, Any]) -> ActivityItem | None:
    """Apply field changes in one conditional UpdateItem; None when the activity is missing.

    A value of None removes the attribute (e.g. `max_participants` null = unlimited). The
    new image lands on the stream, where a raised capacity triggers promotions.
    """
    item = ActivityItem(conference_pk(conf), activity_sk(activity))
    actions = [ActivityItem.updated_at.set(now_iso())]
    for name, value in values.items():
        attribute = getattr(ActivityItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    try:
        table.update(item, actions, ActivityItem.sk.exists())
    except table.ConditionFailed:
        return None
    return item
