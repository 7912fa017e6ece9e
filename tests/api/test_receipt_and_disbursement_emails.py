"""The receipts' and payout's e-mails: a flagged receipt (with the reason) and a disbursed grant (amount
and date), each once under replay, each with a text and an HTML part and a link to the web app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from chalicelib import config
from chalicelib.events import stream
from chalicelib.services import notify
from tests.support.notifications import modify_record, raw_item, sent_to, unique_email
from tests.support.receipts import ACH, REVIEW_GRANTS, accepted_grant, manage, mine, uploaded_receipt
from tests.support.request_count import watch_api_calls

FRONTEND = "http://127.0.0.1:18080"


@pytest.fixture(autouse=True)
def frontend(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = config.settings()._replace(frontend_url=FRONTEND)
    monkeypatch.setattr(notify, "settings", lambda: configured)


@contextmanager
def ses_calls() -> Iterator[list[dict[str, Any]]]:
    """The SendEmail requests made inside the block (they still go to the emulator)."""
    calls: list[dict[str, Any]] = []

    def record(service: str, operation: str, params: Any) -> None:
        if service == "ses" and operation == "SendEmail":
            calls.append(params)

    with watch_api_calls(record):
        yield calls


def test_a_flagged_receipt_emails_the_reason_once(api, conference, make_token, emulator_url):
    sub, email = unique_email()
    applicant = make_token(sub, email=email, name="Ada <Lovelace>")
    reviewer, checker = make_token("rita", *REVIEW_GRANTS), make_token("carl", "review_receipt")
    grant_id = accepted_grant(api, conference, applicant, reviewer)
    receipt = uploaded_receipt(api, conference, applicant)
    # Recorded from before the write: a live stack's pump in this worker (same process) may
    # deliver the real stream record first; either way exactly one e-mail goes out.
    with ses_calls() as calls:
        flagged = api.post(manage(conference, f"/receipts/{receipt['id']}/flag"), {"reason": "Amount <unreadable>"},
                           token=checker)
        assert flagged.status == 200, flagged.body
        record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", f"RCPT#{receipt['id']}"),
                               {"status": "pending"})
        for _ in range(3):
            assert stream.dispatch([record]) == {"batchItemFailures": []}
    # (that pump may also have sent the offer of accepted_grant: only the receipt e-mail counts here)
    assert len([m for m in sent_to(emulator_url, email) if "receipt" in m["subject"].lower()]) == 1
    [call] = [c for c in calls if email in c["Destination"]["ToAddresses"]
              and "receipt" in c["Message"]["Subject"]["Data"].lower()]
    text, html = call["Message"]["Body"]["Text"]["Data"], call["Message"]["Body"]["Html"]["Data"]
    assert "Amount <unreadable>" in text and "Amount &lt;unreadable&gt;" in html
    assert f"{FRONTEND}/c/{conference}/grant/receipts" in text and f'href="{FRONTEND}/c/{conference}/grant/receipts"' in html
    assert "Hello Ada <Lovelace>" in text and "Ada &lt;Lovelace&gt;" in html


def test_approving_a_receipt_sends_nothing(api, conference, make_token, emulator_url):
    sub, email = unique_email()
    applicant = make_token(sub, email=email)
    grant_id = accepted_grant(api, conference, applicant, make_token("rita", *REVIEW_GRANTS))
    receipt = uploaded_receipt(api, conference, applicant)
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"),
                    token=make_token("carl", "review_receipt")).status == 200
    record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", f"RCPT#{receipt['id']}"), {"status": "pending"})
    stream.dispatch([record])
    assert not [m for m in sent_to(emulator_url, email) if "receipt" in m["subject"].lower()]


def test_a_disbursed_grant_emails_amount_and_date_once(api, conference, make_token, emulator_url):
    sub, email = unique_email()
    applicant = make_token(sub, email=email, name="Grace")
    reviewer, checker = make_token("rita", *REVIEW_GRANTS), make_token("carl", "review_receipt")
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="1000")
    receipt = uploaded_receipt(api, conference, applicant)
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker).status == 200
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    payer = make_token("paula", "disburse_travel_grant")
    assert api.get(manage(conference, f"/travel-grants/{grant_id}/payment-info"), token=payer).status == 200
    with ses_calls() as calls:  # from before the write, as above
        paid = api.post(manage(conference, f"/travel-grants/{grant_id}/disburse"),
                        {"disbursed_amount": "875.25", "override_reason": "The hotel receipt is on its way."},
                        token=payer)
        assert paid.status == 200, paid.body
        record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"), {"status": "accepted"})
        for _ in range(2):
            assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert len([m for m in sent_to(emulator_url, email) if "paid" in m["subject"]]) == 1
    [call] = [c for c in calls if email in c["Destination"]["ToAddresses"] and "paid" in c["Message"]["Subject"]["Data"]]
    text = call["Message"]["Body"]["Text"]["Data"]
    assert "Amount: $875.25" in text and f"{FRONTEND}/c/{conference}/grant" in text
    assert "Paid on:" in text and "Html" in call["Message"]["Body"]
