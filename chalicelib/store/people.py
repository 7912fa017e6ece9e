"""The people directory of a conference: who signed up or applied, found by name or e-mail.

Two entries per person in the conference's partition (store.keys): one under the normalised
name, one under the normalised e-mail address, each carrying sub, name and e-mail. They are
written by the stream (events.people) with plain puts: writing the same person again writes
the same keys, so replays are harmless and nothing is read first. A search is one Query per
key prefix, each bounded, so its cost does not depend on the conference's size.
"""

from __future__ import annotations

from typing import NamedTuple

from pynamodb.attributes import UnicodeAttribute

from ..domain.people import SEARCH_LIMIT, normalised
from . import table
from .base import BaseMeta, TableModel
from .keys import PERSON_EMAIL_PREFIX, PERSON_NAME_PREFIX, conference_pk, person_email_sk, person_name_sk


class PersonEntry(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="person")
    conference_slug = UnicodeAttribute()
    user_sub = UnicodeAttribute()
    user_name = UnicodeAttribute(default="")
    user_email = UnicodeAttribute(default="")


class Person(NamedTuple):
    sub: str
    name: str
    email: str


def entries(conf: str, person: Person) -> list[PersonEntry]:
    """The directory entries of one person (none for a blank name or address)."""
    found: list[PersonEntry] = []
    for prefix_sk, value in ((person_name_sk, person.name), (person_email_sk, person.email)):
        key = normalised(value)
        if key:
            found.append(PersonEntry(conference_pk(conf), prefix_sk(key, person.sub), conference_slug=conf,
                                     user_sub=person.sub, user_name=person.name, user_email=person.email))
    return found


def record(conf: str, person: Person) -> None:
    """Put the person's entries (one BatchWriteItem; idempotent)."""
    items = entries(conf, person)
    if items:
        table.batch_write(puts=items)


def search(conf: str, text: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """People whose name or e-mail starts with `text`: names first, each person once."""
    key = normalised(text)
    people: dict[str, Person] = {}
    for prefix in (PERSON_NAME_PREFIX, PERSON_EMAIL_PREFIX):
        condition = (PersonEntry.pk == conference_pk(conf)) & PersonEntry.sk.startswith(prefix + key)
        for entry in table.query(PersonEntry, condition, limit=limit):
            people.setdefault(entry.user_sub, Person(entry.user_sub, entry.user_name, entry.user_email))
    return list(people.values())
