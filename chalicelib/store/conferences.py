"""Conference items: `CONF#{slug}` / `META`, listed through GSI1 `CONFERENCES`."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from . import table
from .base import GSI1, BaseMeta, TableModel, now_iso

CONFERENCE_LIST_KEY = "CONFERENCES"


def conference_pk(slug: str) -> str:
    return f"CONF#{slug}"


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
    pretalx = JSONAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_list = ConferenceListIndex()


def get(slug: str) -> ConferenceItem | None:
    return table.get(ConferenceItem, conference_pk(slug), "META")


def upsert(slug: str, values: dict[str, Any]) -> tuple[ConferenceItem, bool]:
    """Create or replace a conference in one UpdateItem; returns (item, created).

    `created_at` uses if_not_exists, so the single request tells a create from an update.
    A value of None removes the attribute.
    """
    now = now_iso()
    item = ConferenceItem(conference_pk(slug), "META")
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
    table.update(item, actions)
    return item, item.created_at == now


def list_all() -> list[ConferenceItem]:
    return table.query(ConferenceItem, ConferenceItem.gsi1pk == CONFERENCE_LIST_KEY, index=GSI1)
