"""The people directory follows the stream: each new signup or grant adds its person.

Only inserts matter (a person's name and address are copied into the item when they sign up
or apply); the entries are plain puts of the same keys, so a replayed record changes nothing.
"""

from __future__ import annotations

from ..store import people as store
from .stream import StreamRecord, record_handler

#: The entities that carry a person (user_sub, user_name, user_email) of a conference.
PERSON_ENTITIES = frozenset({"signup", "grant"})


def person_of(record: StreamRecord) -> tuple[str, store.Person] | None:
    """The conference and person a newly written signup or grant names, or None."""
    new = record.new or {}
    if record.event_name != "INSERT" or new.get("entity") not in PERSON_ENTITIES:
        return None
    conf, sub = str(new.get("conference_slug") or ""), str(new.get("user_sub") or "")
    if not conf or not sub:
        return None
    # An address the identity provider never verified could be anyone's: a grant keeps it (marked),
    # the directory does not, so nobody is chosen as an organiser under someone else's address.
    verified = new.get("entity") != "grant" or new.get("user_email_verified") is True
    email = str(new.get("user_email") or "") if verified else ""
    return conf, store.Person(sub, str(new.get("user_name") or ""), email)


@record_handler
def add_to_directory(record: StreamRecord) -> None:
    found = person_of(record)
    if found:
        store.record(*found)
