"""The audit trail says what matters for payout fraud: an edit lists only the fields that
changed; saving payment details again records which fields changed (never their values)
and e-mails the applicant."""

from __future__ import annotations

from chalicelib.events import stream
from tests.support.grants import apply, manage, path
from tests.support.notifications import modify_record, raw_item, sent_to, unique_email
from tests.support.receipts import ACH, accepted_grant, mine

REVIEW = ("review_travel_grant",)


def _audit(api, conference, grant_id, reviewer):
    return api.get(manage(conference, f"/{grant_id}"), token=reviewer).body["audit"]


def test_an_edit_lists_only_the_fields_that_changed(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    current = api.get(path(conference), token=applicant).body
    body = {k: current[k] for k in ("travel_from", "occupation", "involvement", "reason", "experience_level",
                                    "requested_amount", "international", "days_attending")}
    body.update({"occupation": "Teacher", "reason": "To learn more"})
    assert api.patch(path(conference), body, token=applicant).status == 200
    [edit] = [a for a in _audit(api, conference, grant_id, reviewer) if a["action"] == "edit"]
    assert edit["details"]["fields"] == ["occupation", "reason"]


def test_payment_details_saved_again_are_audited_by_field_and_emailed(api, conference, make_token, reviewer,
                                                                     emulator_url):
    sub, email = unique_email()
    applicant = make_token(sub, email=email)
    grant_id = accepted_grant(api, conference, applicant, reviewer)
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    changed = {**ACH, "bank_account_number": "999988887777", "address_city": "Paris"}
    assert api.put(mine(conference, "/payment-info"), changed, token=applicant).status == 200
    entries = [a for a in _audit(api, conference, grant_id, reviewer) if a["action"].startswith("payment_details")]
    assert [a["action"] for a in entries] == ["payment_details_saved", "payment_details_changed"]
    assert sorted(entries[1]["details"]["fields"]) == ["address_city", "bank_account_number"]
    text = str(entries)
    assert "999988887777" not in text and "Paris" not in text and "7777" not in text
    record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", "PAYMENT"), {"details_version": 1})
    for _ in range(2):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    [mail] = [m for m in sent_to(emulator_url, email) if "payment details" in m["subject"].lower()]
    assert "changed" in mail["body"] and "7777" not in mail["body"]
