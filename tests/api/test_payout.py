"""A payout follows the receipts and the payment details the payer actually read.

The reviewer detail gives the approved receipts' total and the suggested payout; paying
more needs a reason; the payer must have read the payment details as they are now; the
reference, the reason and the amount are in the audit trail; and a paid grant's leftover
receipts leave the reviewers' queue. Each condition is part of the disbursement's write.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.receipts import (
    ACH,
    PDF,
    accepted_grant,
    manage,
    mine,
    presign,
    upload,
    uploaded_receipt,
)

pytestmark = pytest.mark.usefixtures("no_background_bucket_events")


def ready_grant(api, slug, applicant, reviewer, checker, approved="1500", receipts=(("320.00", True),)):
    """An accepted grant with payment details and receipts (amount, approved?)."""
    grant_id = accepted_grant(api, slug, applicant, reviewer, approved=approved)
    made = []
    for amount, approve in receipts:
        receipt = uploaded_receipt(api, slug, applicant, amount=amount)
        decision = "approve" if approve else "flag"
        body = None if approve else {"reason": "This is not a receipt for the trip."}
        assert api.post(manage(slug, f"/receipts/{receipt['id']}/{decision}"), body, token=checker).status == 200
        made.append(receipt)
    assert api.put(mine(slug, "/payment-info"), ACH, token=applicant).status == 200
    return grant_id, made


def read_details(api, slug, grant_id, payer):
    r = api.get(manage(slug, f"/travel-grants/{grant_id}/payment-info"), token=payer)
    assert r.status == 200, r.body
    return r


def test_the_detail_suggests_the_smaller_of_offer_and_approved_receipts(api, conference, make_token, reviewer,
                                                                          checker):
    applicant = make_token("ada")
    grant_id, _ = ready_grant(api, conference, applicant, reviewer, checker,
                              receipts=(("320.00", True), ("1450.00", False)))
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["approved_receipts_total"] == "320.00" and detail["payout_suggestion"] == "320.00"
    assert detail["ready_for_disbursement"] is True
    uploaded = uploaded_receipt(api, conference, applicant, amount="1400.00")
    assert api.post(manage(conference, f"/receipts/{uploaded['id']}/approve"), token=checker).status == 200
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["approved_receipts_total"] == "1720.00" and detail["payout_suggestion"] == "1500.00"


def test_paying_above_the_receipts_needs_a_reason_and_everything_is_audited(api, conference, make_token, reviewer,
                                                                           checker, payer):
    applicant = make_token("ada")
    grant_id, _ = ready_grant(api, conference, applicant, reviewer, checker,
                              receipts=(("320.00", True), ("1450.00", False)))
    read_details(api, conference, grant_id, payer)
    url = manage(conference, f"/travel-grants/{grant_id}/disburse")
    r = api.post(url, {"disbursed_amount": "1400.00"}, token=payer)
    assert r.status == 409 and r.error_code == "exceeds_receipts", r.body
    assert "320.00" in r.body["error"]["message"]
    r = api.post(url, {"disbursed_amount": "1400.00", "override_reason": "   "}, token=payer)
    assert r.status == 409 and r.error_code == "exceeds_receipts"
    r = api.post(url, {"disbursed_amount": "1400.00", "reference": "x" * 201}, token=payer)
    assert r.status == 422 and "reference" in r.body["error"]["fields"]
    r = api.post(url, {"disbursed_amount": "1400.00", "reference": "WIRE-2026-0042",
                       "override_reason": "The airline refund letter arrived by post."}, token=payer)
    assert r.status == 200, r.body
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    [entry] = [a for a in detail["audit"] if a["action"] == "disburse"]
    assert entry["details"]["disbursed_cents"] == 140000
    assert entry["details"]["reference"] == "WIRE-2026-0042"
    assert entry["details"]["override_reason"] == "The airline refund letter arrived by post."
    assert entry["details"]["payout_suggestion_cents"] == 32000


def test_paying_the_suggestion_needs_no_reason(api, conference, make_token, reviewer, checker, payer):
    applicant = make_token("ada")
    grant_id, _ = ready_grant(api, conference, applicant, reviewer, checker)
    read_details(api, conference, grant_id, payer)
    r = api.post(manage(conference, f"/travel-grants/{grant_id}/disburse"), {"disbursed_amount": "320"}, token=payer)
    assert r.status == 200 and r.body["disbursed_amount"] == "320.00"


def test_the_payer_must_have_read_the_current_payment_details(api, conference, make_token, reviewer, checker, payer):
    applicant = make_token("ada")
    grant_id, _ = ready_grant(api, conference, applicant, reviewer, checker)
    url = manage(conference, f"/travel-grants/{grant_id}/disburse")
    body = {"disbursed_amount": "320"}
    r = api.post(url, body, token=payer)
    assert r.status == 409 and r.error_code == "payment_details_changed", r.body  # never read
    read_details(api, conference, grant_id, payer)
    changed = {**ACH, "bank_account_number": "999988887777"}
    assert api.put(mine(conference, "/payment-info"), changed, token=applicant).status == 200
    r = api.post(url, body, token=payer)
    assert r.status == 409 and r.error_code == "payment_details_changed"  # read an older version
    other_payer = make_token("otto", "disburse_travel_grant")
    read_details(api, conference, grant_id, other_payer)
    assert api.post(url, body, token=payer).error_code == "payment_details_changed"  # someone else's read
    read_details(api, conference, grant_id, payer)
    r = api.post(url, body, token=payer)
    assert r.status == 200, r.body
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    [entry] = [a for a in detail["audit"] if a["action"] == "disburse"]
    assert entry["details"]["payment_details_version"] == 2


def test_not_ready_is_answered_before_the_other_checks(api, conference, make_token, reviewer, payer):
    applicant = make_token("ada")
    grant_id = accepted_grant(api, conference, applicant, reviewer)
    r = api.post(manage(conference, f"/travel-grants/{grant_id}/disburse"),
                 {"disbursed_amount": "999", "reference": "R"}, token=payer)
    assert r.status == 409 and r.error_code == "not_ready"


def test_a_paid_grants_leftover_receipts_leave_the_queue(api, conference, make_token, reviewer, checker, payer):
    applicant = make_token("ada")
    grant_id, _ = ready_grant(api, conference, applicant, reviewer, checker)
    leftover = uploaded_receipt(api, conference, applicant, amount="50.00")  # pending
    waiting = presign(api, conference, applicant, amount="60.00")  # awaiting its upload
    assert api.get(manage(conference, "/receipts/next"), token=checker).body["id"] == leftover["id"]
    read_details(api, conference, grant_id, payer)
    r = api.post(manage(conference, f"/travel-grants/{grant_id}/disburse"), {"disbursed_amount": "320"}, token=payer)
    assert r.status == 200, r.body
    for _ in range(5):
        assert api.get(manage(conference, "/receipts/next"), token=checker).status == 204
    upload(waiting, PDF)
    r = api.post(mine(conference, f"/receipts/{waiting['receipt']['id']}/complete"), token=applicant)
    assert r.status in (200, 409), r.body
    assert api.get(manage(conference, "/receipts/next"), token=checker).status == 204


def test_a_payout_racing_a_flag(live_stack, make_conference, make_token, reviewer, checker, payer):
    """Either the payout (then the flag is refused) or the flag (then the payout is), never both."""
    for round_ in range(6):
        slug = make_conference()
        applicant = make_token(f"ada{round_}")
        grant_id, (receipt,) = ready_grant(live_stack, slug, applicant, reviewer, checker)
        read_details(live_stack, slug, grant_id, payer)

        def pay(slug=slug, grant_id=grant_id):
            return live_stack.post(manage(slug, f"/travel-grants/{grant_id}/disburse"), {"disbursed_amount": "320"},
                                   token=payer)

        def flag(slug=slug, receipt=receipt):
            return live_stack.post(manage(slug, f"/receipts/{receipt['id']}/flag"), {"reason": "Wrong trip"},
                                   token=checker)

        with ThreadPoolExecutor(2) as pool:
            first, second = (pay, flag) if round_ % 2 else (flag, pay)
            futures = {first: pool.submit(first), second: pool.submit(second)}
        paid, flagged = futures[pay].result(), futures[flag].result()
        assert sorted([paid.status, flagged.status]) == [200, 409], (paid.body, flagged.body)
        detail = live_stack.get(manage(slug, f"/travel-grants/{grant_id}"), token=reviewer).body
        if paid.status == 200:
            assert detail["status"] == "disbursed" and detail["receipts"][0]["status"] == "approved"
        else:
            assert paid.error_code in ("not_ready", "exceeds_receipts"), paid.body
            assert detail["status"] == "accepted" and detail["receipts"][0]["status"] == "flagged"


def test_payment_details_saved_while_a_payout_is_recorded(live_stack, make_conference, make_token, reviewer, checker,
                                                         payer):
    """Either the payout is on the details the payer read (the save then finds the grant paid),
    or the save lands first and the payout is refused: never a payout to unread details."""
    for round_ in range(6):
        slug = make_conference()
        applicant = make_token(f"ada{round_}")
        grant_id, _ = ready_grant(live_stack, slug, applicant, reviewer, checker)
        read_details(live_stack, slug, grant_id, payer)
        changed = {**ACH, "bank_account_number": f"55554444{round_:04d}"}

        def pay(slug=slug, grant_id=grant_id):
            return live_stack.post(manage(slug, f"/travel-grants/{grant_id}/disburse"), {"disbursed_amount": "320"},
                                   token=payer)

        def save(slug=slug, applicant=applicant, changed=changed):
            return live_stack.put(mine(slug, "/payment-info"), changed, token=applicant)

        with ThreadPoolExecutor(2) as pool:
            first, second = (pay, save) if round_ % 2 else (save, pay)
            futures = {first: pool.submit(first), second: pool.submit(second)}
        paid, saved = futures[pay].result(), futures[save].result()
        assert sorted([paid.status, saved.status]) == [200, 409], (paid.body, saved.body)
        if paid.status == 409:
            assert paid.error_code == "payment_details_changed", paid.body
        else:
            assert saved.error_code == "receipts_locked", saved.body


def test_the_queue_never_serves_a_reviewers_own_receipts_however_many(api, conference, make_token, reviewer,
                                                                       monkeypatch):
    from chalicelib.store import receipts as receipt_store

    monkeypatch.setattr(receipt_store, "QUEUE_SAMPLE", 2)
    own = make_token("olly", "review_receipt")
    accepted_grant(api, conference, own, reviewer)
    for _ in range(3):
        uploaded_receipt(api, conference, own)
    other = make_token("ada")
    accepted_grant(api, conference, other, reviewer)
    theirs = uploaded_receipt(api, conference, other)
    for _ in range(5):
        r = api.get(manage(conference, "/receipts/next"), token=own)
        assert r.status == 200 and r.body["id"] == theirs["id"], r.body
