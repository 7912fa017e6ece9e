"""One shape per grant entry (store.grant_entries): messages, audit entries, stats counters,
built from the wire item by the store and the same whichever way the item was read."""

from __future__ import annotations

import pytest

from chalicelib.domain.grants import stats_deltas
from chalicelib.store import grant_entries as entries
from chalicelib.store import grants as store
from chalicelib.store.keys import STATS_LIST_SK, grant_list_pk
from chalicelib.store.transact import Transaction


def test_the_record_and_the_stored_item_count_the_same_things() -> None:
    names = entries.GrantStats._fields
    assert names == entries.STATS_KEYS
    assert all(hasattr(entries.GrantStatsItem, name) for name in names)


def test_a_written_message_is_what_the_partition_read_will_return() -> None:
    tx = Transaction()
    new = entries.NewMessage(author="reviewer", author_sub="rita", author_name="Rita", message="Hi", visible=False)
    written = store.add_message(tx, "pycon", "g" * 24, new)
    assert (written.author, written.author_sub, written.author_name, written.message, written.visible) == \
        ("reviewer", "rita", "Rita", "Hi", False)
    assert written.id and written.created_at.endswith("Z")
    (item,) = tx.request()["TransactItems"]
    raw = item["Put"]["Item"]  # exactly what goes on the wire, as a Query will hand it back
    assert raw["sk"]["S"].startswith("MSG#")
    assert entries.GrantMessage.from_raw(raw) == written


def test_an_audit_entry_decodes_its_details() -> None:
    raw = entries.GrantAuditItem("GRANT#p#g", "AUDIT#t#1", id="1", actor_sub="paula", action="disburse",
                                 details={"disbursed_cents": 500, "payer_name": "Paula"},
                                 created_at="2026-05-01T10:00:00.000000Z").serialize()
    entry = entries.AuditEntry.from_raw(raw)
    assert entry.details == {"disbursed_cents": 500, "payer_name": "Paula"}
    assert (entry.id, entry.actor_sub, entry.action) == ("1", "paula", "disburse")


def test_stats_from_the_wire_are_ints_and_absent_counters_are_zero() -> None:
    assert entries.GrantStats.from_raw(None) == entries.GrantStats() == entries.GrantStats.from_raw({})
    raw = {"sk": {"S": "GRANTSTATS"}, "total": {"N": "3"}, "offered": {"N": "2"},
           "total_approved_cents": {"N": "150000"}}
    stats = entries.GrantStats.from_raw(raw)
    assert (stats.total, stats.offered, stats.submitted, stats.total_approved_cents) == (3, 2, 0, 150000)
    assert isinstance(stats.total, int) and stats.count("offered") == 2
    with pytest.raises(ValueError):
        stats.count("total")


def test_applied_deltas_follow_a_grant_through_its_life() -> None:
    stats = entries.GrantStats()
    stats = stats.applied(stats_deltas(None, ("submitted", 100000, 0)))
    stats = stats.applied(stats_deltas(("submitted", 100000, 0), ("offered", 100000, 80000)))
    assert stats == entries.GrantStats(total=1, offered=1, total_requested_cents=100000, total_approved_cents=80000)
    with pytest.raises(ValueError):
        stats.applied({"approved": 1})


def test_the_seeded_stats_item_is_listed_like_the_written_one() -> None:
    item = store.new_stats_item("pycon", entries.GrantStats(total=2, submitted=2))
    assert (item.gsi1pk, item.gsi1sk) == (grant_list_pk("pycon"), STATS_LIST_SK)
    assert entries.GrantStats.from_raw(item.serialize()) == entries.GrantStats(total=2, submitted=2)
