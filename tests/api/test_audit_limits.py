"""A grant's audit trail grows with every read and change (each decrypted read of the payment
details adds an entry): the reviewer's answer shows the newest entries that fit the audit's
share of 1 MiB, says how many older ones it leaves out, and cuts long texts in details."""

from __future__ import annotations

import json

from chalicelib.services import grant_review
from chalicelib.store import grants as store
from tests.support.grants import REVIEW, apply, manage


def test_the_reviewer_answer_keeps_the_audit_trail_within_its_share(api, conference, make_token, monkeypatch):
    applicant = make_token("ada")
    reviewer = make_token("rita", *REVIEW)
    grant_id = apply(api, conference, applicant)
    for n in range(40):
        store.audit_existing(conference, grant_id, "payer", "payment_details_read", {"n": n, "note": "x" * 3000})
    monkeypatch.setattr(store, "MAX_AUDIT_BYTES", 20_000)

    body = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body

    audit = body["audit"]
    assert len(json.dumps(audit)) <= 20_000
    assert body["audit_omitted"] == 41 - len(audit) > 0  # 40 reads and the application
    # The newest entries, oldest first; their long text cut, with a mark.
    assert [e["details"]["n"] for e in audit] == list(range(40 - len(audit), 40))
    note = audit[-1]["details"]["note"]
    assert len(note) == store.MAX_AUDIT_TEXT and note.endswith("\u2026")


def test_a_short_trail_is_answered_whole(api, conference, make_token):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    body = api.get(manage(conference, f"/{grant_id}"), token=make_token("rita", *REVIEW)).body
    assert [e["action"] for e in body["audit"]] == ["apply"] and body["audit_omitted"] == 0


def test_thousands_of_entries_fit_the_share_and_leave_room_under_1_mib():
    entries = [store.AuditEntry(id=f"{n:012d}", actor_sub="payer-" + "p" * 40, action="payment_details_read",
                                details={"fields": ["x" * 2000] * 3}, created_at="2026-12-04T10:00:00.000000Z",
                                actor_name="A payer with a long name " * 4)
               for n in range(5000)]
    shown, omitted = grant_review.audit_trail(entries)
    assert len(json.dumps(shown)) <= store.MAX_AUDIT_BYTES and omitted == 5000 - len(shown) > 0
    # Messages and audit together leave at least 128 KiB of 1 MiB for the application and the rest.
    assert store.MAX_MESSAGE_BYTES + store.MAX_AUDIT_BYTES <= 1024 * 1024 - 128 * 1024
