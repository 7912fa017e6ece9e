"""The one shape of a grant (store.grants.GrantRecord), whichever way the item was read."""

from __future__ import annotations

import pytest

from chalicelib.events.stream import parse_record
from chalicelib.store.grants import GrantItem, GrantRecord, new_grant_item

APPLICATION = {"request_type": "ticket_and_grant", "travel_from": "Lima", "requested_amount": 120050,
               "days_attending": ["2026-05-14"]}


def stored_item() -> GrantItem:
    item = new_grant_item("pycon", "g" * 24, {
        "status": "offered", "request_type": "ticket_and_grant", "application": APPLICATION,
        "requested_cents": 120050, "user_sub": "ada", "user_email": "ada@example.com", "user_name": "Ada",
    })
    item.approved_cents = 90000
    item.version = 4
    return item


def raw(item: GrantItem) -> dict:
    """The item in DynamoDB's wire format, as a Query/GetItem or a stream image carries it."""
    return item.serialize()


def test_a_raw_read_a_stream_image_and_the_model_give_the_same_record() -> None:
    item = stored_item()
    from_model = GrantRecord.from_model(item)
    from_raw = GrantRecord.from_raw(raw(item))
    image = parse_record({"eventName": "MODIFY", "dynamodb": {"Keys": {}, "NewImage": raw(item)}}).new
    assert from_raw == from_model == GrantRecord.from_plain(image)
    assert from_raw.application == APPLICATION and from_raw.approved_cents == 90000 and from_raw.version == 4
    assert isinstance(from_raw.requested_cents, int) and isinstance(GrantRecord.from_plain(image).approved_cents, int)


def test_a_projected_list_row_leaves_what_it_did_not_read_at_the_defaults() -> None:
    row = {name: value for name, value in raw(stored_item()).items()
           if name in ("grant_id", "status", "request_type", "requested_cents", "created_at")}
    record = GrantRecord.from_raw(row)
    assert (record.status, record.requested_cents, record.request_type) == ("offered", 120050, "ticket_and_grant")
    assert record.approved_cents is None and record.receipt_count == 0 and record.application == {}
    assert record.user_email == "" and record.version == 1


def test_after_write_applies_the_changes_and_moves_the_version() -> None:
    record = GrantRecord.from_model(stored_item())
    after = record.after_write({"status": "rejected", "approved_cents": None}, "2026-05-20T10:00:00.000000Z")
    assert (after.status, after.approved_cents, after.version) == ("rejected", None, 5)
    assert after.updated_at == "2026-05-20T10:00:00.000000Z" and after.application == record.application
    assert record.status == "offered"  # the record read stays as it was
    with pytest.raises(AttributeError):  # immutable: a NamedTuple
        record.status = "accepted"  # type: ignore[misc]


#: GrantItem attributes no read hands to services: the keys and index keys (store.keys builds
#: them), the entity tag, and the message-limit counters (only the message write's condition reads them).
WRITE_SIDE_ONLY = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "entity", "message_count",
                   "message_bytes"}


def test_the_record_is_generated_from_the_stored_item() -> None:
    """Every GrantItem attribute but the write-side ones is a record field (and nothing else is)."""
    stored = set(GrantItem.get_attributes()) - WRITE_SIDE_ONLY
    assert stored == set(GrantRecord._fields)
