"""Disbursement: refused until ready and without the permission; stats and detail afterwards."""

from __future__ import annotations

from chalicelib.store import grants as grant_store
from tests.support.receipts import (
    ACH,
    PAYER,
    accepted_grant,
    manage,
    mine,
    receipt_body,
    uploaded_receipt,
)


def test_disburse_only_when_ready_then_stats_and_detail(api, conference, applicant, reviewer, checker, payer,
                                                       make_token):
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="1000")
    url = manage(conference, f"/travel-grants/{grant_id}/disburse")
    # more than the approved receipts ($420.50): the payer says why
    body = {"disbursed_amount": "900.00", "override_reason": "The lodging receipt is on its way."}

    r = api.post(url, body, token=payer)
    assert r.status == 409 and r.error_code == "not_ready"
    receipt = uploaded_receipt(api, conference, applicant)
    assert api.post(url, body, token=payer).error_code == "not_ready"  # pending, no payment info
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker).status == 200
    assert api.post(url, body, token=payer).error_code == "not_ready"  # still no payment info
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["ready_for_disbursement"] is False and detail["has_payment_info"] is False
    assert [x["id"] for x in detail["receipts"]] == [receipt["id"]]

    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["ready_for_disbursement"] is True and detail["has_payment_info"] is True

    for token in (applicant, reviewer, checker):
        assert api.post(url, body, token=token).status == 403
    assert api.post(url, body, token=payer).error_code == "payment_details_changed"  # not read yet
    assert api.get(manage(conference, f"/travel-grants/{grant_id}/payment-info"), token=payer).status == 200
    assert api.post(url, {"disbursed_amount": "1000.01"}, token=payer).status == 422
    assert api.post(url, {"disbursed_amount": "-5"}, token=payer).status == 422

    before = grant_store.read_stats(conference)
    pending = api.get(mine(conference), token=applicant).body
    assert pending["disbursed_amount"] is None and pending["disbursed_at"] is None
    r = api.post(url, body, token=payer)
    assert r.status == 200, r.body
    assert r.body["status"] == "disbursed" and r.body["disbursed_amount"] == "900.00"
    assert r.body["disbursed_by"] == "paula" and r.body["disbursed_at"].endswith("Z")
    assert r.body["disbursed_by_name"] == "Paula Payer"
    after = grant_store.read_stats(conference)
    assert after.accepted == before.accepted - 1 and after.disbursed == before.disbursed + 1
    assert after.total_disbursed_cents == before.total_disbursed_cents + 90000
    assert after.total_approved_cents == before.total_approved_cents

    listed = api.get(manage(conference, "/travel-grants"), token=reviewer).body
    assert listed["stats"]["disbursed"] == 1 and listed["stats"]["total_disbursed"] == "900.00"
    assert api.get(manage(conference, "/travel-grants?status=disbursed"), token=reviewer).body["grants"][0]["id"] \
        == grant_id
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["status"] == "disbursed" and detail["disbursed_amount"] == "900.00"
    assert detail["disbursed_by"] == "paula" and detail["ready_for_disbursement"] is False
    assert detail["disbursed_by_name"] == "Paula Payer"
    assert [(a["actor_sub"], a["actor_name"]) for a in detail["audit"] if a["action"] == "disburse"] == \
        [("paula", "Paula Payer")]

    paid = api.get(mine(conference), token=applicant).body  # the applicant sees what was paid, and when
    assert paid["disbursed_amount"] == "900.00" and paid["disbursed_at"] == r.body["disbursed_at"]

    # twice: no longer accepted
    assert api.post(url, body, token=payer).error_code == "not_ready"
    # the applicant still sees receipts, but cannot add new ones
    assert api.get(mine(conference, "/receipts"), token=applicant).status == 200
    r = api.post(mine(conference, "/receipts"), receipt_body(), token=applicant)
    assert r.status == 409 and r.error_code == "receipts_locked"


def test_flagged_receipt_is_not_ready_and_unknown_grant_404(api, conference, applicant, reviewer, checker, payer):
    grant_id = accepted_grant(api, conference, applicant, reviewer)
    receipt = uploaded_receipt(api, conference, applicant)
    api.put(mine(conference, "/payment-info"), ACH, token=applicant)
    api.post(manage(conference, f"/receipts/{receipt['id']}/flag"), {"reason": "wrong dates"}, token=checker)
    url = manage(conference, f"/travel-grants/{grant_id}/disburse")
    assert api.post(url, {"disbursed_amount": "10"}, token=payer).error_code == "not_ready"
    r = api.post(manage(conference, "/travel-grants/aaaaaaaaaaaaaaaaaaaaaaaa/disburse"), {"disbursed_amount": "1"},
                 token=payer)
    assert r.status == 404


def test_a_payer_finds_and_reads_only_the_grants_ready_to_pay(api, conference, reviewer, checker, payer, make_token):
    ready_applicant, waiting_applicant = make_token("rhea"), make_token("walt")
    ready = accepted_grant(api, conference, ready_applicant, reviewer, approved="500")
    waiting = accepted_grant(api, conference, waiting_applicant, reviewer, approved="400")  # no receipt, no payment
    receipt = uploaded_receipt(api, conference, ready_applicant)
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker).status == 200
    assert api.put(mine(conference, "/payment-info"), ACH, token=ready_applicant).status == 200

    listed = api.get(manage(conference, "/travel-grants?ready=true"), token=payer)
    assert listed.status == 200, listed.body
    assert [g["id"] for g in listed.body["grants"]] == [ready]
    assert [g["id"] for g in api.get(manage(conference, "/travel-grants?ready=true"), token=reviewer).body["grants"]] \
        == [ready]
    for query in ("", "?status=accepted", "?ready=false"):
        assert api.get(manage(conference, "/travel-grants" + query), token=payer).status == 403
    detail = api.get(manage(conference, f"/travel-grants/{ready}"), token=payer)
    assert detail.status == 200 and detail.body["ready_for_disbursement"] is True
    assert api.get(manage(conference, f"/travel-grants/{waiting}"), token=payer).status == 403
    assert api.get(manage(conference, f"/travel-grants/{waiting}"), token=reviewer).status == 200
    # someone with no grant permission at all still gets nothing
    assert api.get(manage(conference, "/travel-grants?ready=true"), token=make_token("nobody")).status == 403

    # once paid, the grant is no longer ready: its payer keeps reading it (their record of the
    # payment, audit trail included); another payer does not, and the list no longer has it
    assert api.get(manage(conference, f"/travel-grants/{ready}/payment-info"), token=payer).status == 200
    paid = api.post(manage(conference, f"/travel-grants/{ready}/disburse"), {"disbursed_amount": "420.50"},
                    token=payer)
    assert paid.status == 200, paid.body
    after = api.get(manage(conference, f"/travel-grants/{ready}"), token=payer)
    assert after.status == 200 and after.body["status"] == "disbursed"
    assert [a["action"] for a in after.body["audit"]][-1] == "disburse"
    other_payer = make_token("otto", *PAYER)
    assert api.get(manage(conference, f"/travel-grants/{ready}"), token=other_payer).status == 403
    assert api.get(manage(conference, "/travel-grants?ready=true"), token=payer).body["grants"] == []


def test_a_payer_alone_does_not_read_the_reviewers_internal_notes(api, conference, applicant, reviewer, checker,
                                                                   payer, make_token):
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="1000")
    assert api.post(manage(conference, f"/travel-grants/{grant_id}/messages"),
                    {"message": "INTERNAL weak essay", "visible": False}, token=reviewer).status == 201
    assert api.patch(manage(conference, f"/travel-grants/{grant_id}"), {"reviewer_notes": "SHARED-NOTES"},
                     token=reviewer).status == 200
    receipt = uploaded_receipt(api, conference, applicant)
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker).status == 200
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    r = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=payer)
    assert r.status == 200 and r.body["ready_for_disbursement"] is True
    assert "INTERNAL" not in r.raw.decode() and "SHARED-NOTES" not in r.raw.decode()
    assert r.body["internal_notes_hidden"] is True and all(m["visible"] for m in r.body["messages"])
    both = make_token("pat-both", "disburse_travel_grant", "view_travel_grant")
    r = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=both)
    assert r.body["internal_notes_hidden"] is False and r.body["reviewer_notes"] == "SHARED-NOTES"
    assert any(m["message"] == "INTERNAL weak essay" for m in r.body["messages"])
