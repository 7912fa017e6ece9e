"""The people directory follows the stream: who signs up, who applies, who reviews.

A person's name and address are copied into the item when they sign up or apply (inserts of
signups and grants), and into the grant when a reviewer acts on it (`reviewed_by*`). The
entries are plain puts of the same keys, so a replayed record changes nothing.
"""

from __future__ import annotations

from ..store import people as store
from .stream import StreamRecord, record_handler

#: The entities that carry a person (user_sub, user_name, user_email) of a conference.
PERSON_ENTITIES = frozenset({"signup", "grant"})


def people_of(record: StreamRecord) -> list[store.Person]:
    """The people a newly written signup or grant names, and the reviewer who just acted on a grant."""
    new = record.new or {}
    found: list[store.Person] = []
    if record.event_name == "INSERT" and new.get("entity") in PERSON_ENTITIES and new.get("user_sub"):
        # An address the identity provider never verified could be anyone's: a grant keeps it
        # (marked), the directory does not, so nobody is chosen under someone else's address.
        verified = new.get("entity") != "grant" or new.get("user_email_verified") is True
        email = str(new.get("user_email") or "") if verified else ""
        found.append(store.Person(str(new["user_sub"]), str(new.get("user_name") or ""), email))
    if new.get("entity") == "grant" and new.get("reviewed_by") and record.changed("reviewed_by"):
        # reviewed_by_email is the reviewer's verified address (or none)
        found.append(store.Person(str(new["reviewed_by"]), str(new.get("reviewed_by_name") or ""),
                                  str(new.get("reviewed_by_email") or "")))
    return found


@record_handler
def add_to_directory(record: StreamRecord) -> None:
    conf = str((record.new or {}).get("conference_slug") or "")
    for person in people_of(record) if conf else []:
        store.record(conf, person)
