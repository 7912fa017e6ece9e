"""E-mail content: a text and an HTML part, a direct link from FRONTEND_URL, user content escaped."""

from __future__ import annotations

import pytest

from chalicelib import config
from chalicelib.domain import emails
from chalicelib.services import notify
from chalicelib.store.grants import GrantRecord

FRONTEND = "https://grants.example.org"
GRANT = GrantRecord(grant_id="g", conference_slug="pycon-us", status="offered", request_type="ticket_and_grant",
                    approved_cents=150050, promo_code="TG-1", user_email="ada@example.com", user_name="Ada", version=3)


@pytest.fixture
def frontend(monkeypatch: pytest.MonkeyPatch) -> str:
    configured = config.settings()._replace(frontend_url=FRONTEND)
    monkeypatch.setattr(notify, "settings", lambda: configured)
    return FRONTEND


def test_page_links_quote_each_segment_and_need_a_frontend_url():
    assert emails.page_url(FRONTEND + "/", "/c/pycon/grant") == FRONTEND + "/c/pycon/grant"
    assert emails.page_url(FRONTEND, emails.activity_page("pycon", "a/../b?x")) == FRONTEND + "/c/pycon/activities/a%2F..%2Fb%3Fx"
    assert emails.page_url(None, "/c/pycon/grant") is None


def test_grant_email_links_to_the_grant_page_in_both_parts(frontend):
    email = notify.grant_email(GRANT, "PyCon US")
    link = f"{FRONTEND}/c/pycon-us/grant"
    assert link in email.body and f'href="{link}"' in email.html
    assert "$1,500.50" in email.html and "TG-1" in email.html and email.html.startswith("<!DOCTYPE html>")


def test_without_a_frontend_url_the_email_names_the_page():
    email = notify.grant_email(GRANT, "PyCon US")
    assert "http" not in email.body and "travel grant page of PyCon US" in email.body and "href" not in email.html


def test_user_content_is_escaped_in_html(frontend):
    receipt = {"conference": "pycon-us", "receipt_id": "r1", "user_email": "ada@example.com",
               "user_name": "<script>alert(1)</script>", "filename": "taxi.pdf", "receipt_type": "airfare",
               "amount_cents": 4200, "flagged_reason": "Total <b>unreadable</b> & cut off"}
    email = notify.receipt_flagged_email(receipt, "PyCon <US>")
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "Total &lt;b&gt;unreadable&lt;/b&gt; &amp; cut off" in email.html
    assert "Total <b>unreadable</b> & cut off" in email.body  # the text part is plain text
    assert f"{FRONTEND}/c/pycon-us/grant/receipts" in email.body and "$42.00" in email.body


def test_a_flagged_receipt_names_its_type_in_words_in_the_readers_language(frontend):
    receipt = {"conference": "pycon-us", "receipt_id": "r1", "user_email": "ada@example.com", "user_name": "Ada",
               "filename": "bus.pdf", "receipt_type": "ground_transport", "amount_cents": 4200}
    english = notify.receipt_flagged_email(receipt, "PyCon US")
    spanish = notify.receipt_flagged_email(receipt, "PyCon US", "es")
    assert "Ground transport" in english.body and "Ground transport" in english.html
    assert "Transporte terrestre" in spanish.body and "Transporte terrestre" in spanish.html
    assert "ground_transport" not in english.body + english.html + spanish.body + spanish.html


def test_disbursed_email_gives_amount_and_date_in_the_conference_timezone(frontend):
    grant = GRANT._replace(status="disbursed", disbursed_cents=90000,
                                disbursed_at="2026-05-21T02:30:00.000000Z")
    email = notify.disbursed_email(grant, "PyCon US", "America/New_York")
    assert "$900.00" in email.body and "May 20, 2026" in email.body  # 22:30 the evening before in New York
    assert "paid" in email.subject and f"{FRONTEND}/c/pycon-us/grant" in email.body


def test_promotion_email_links_to_the_activity(frontend):
    signup = {"conference_slug": "pycon-us", "activity_slug": "sprints", "activity_name": "Sprints",
              "user_email": "lin@example.com", "user_name": "Lin"}
    email = notify.promotion_email(signup, "PyCon US")
    assert f"{FRONTEND}/c/pycon-us/activities/sprints" in email.body and "waitlist" in email.html


def test_claim_offer_email_gives_the_deadline_and_the_link(frontend):
    signup = {"conference_slug": "pycon-us", "activity_slug": "sprints", "activity_name": "Sprints <CPython>",
              "user_email": "lin@example.com", "user_name": "Lin", "claim_by": "2026-05-21T02:30:00.000000Z"}
    email = notify.claim_offer_email(signup, "PyCon US", "America/New_York")
    deadline = "May 20, 2026, 10:30 PM (America/New_York)"  # the evening before, in New York
    assert email.subject == f"A place is yours at Sprints <CPython>: claim it by {deadline}"
    assert deadline in email.body and "Claim my place" in email.body and "next person" in email.body
    assert f"{FRONTEND}/c/pycon-us/activities/sprints" in email.body
    assert f'href="{FRONTEND}/c/pycon-us/activities/sprints"' in email.html
    assert "Sprints &lt;CPython&gt;" in email.html and email.to == "lin@example.com"


@pytest.mark.parametrize("value", ["grants.example.org", "ftp://x", "https://a b", "${FrontendUrl}"])
def test_a_frontend_url_that_is_not_http_gives_no_links(value):
    assert config.load_settings({"FRONTEND_URL": value}).frontend_url is None


def test_frontend_url_is_optional_and_normalised():
    assert config.load_settings({}).frontend_url is None
    assert config.load_settings({"FRONTEND_URL": "https://g.example.org/"}).frontend_url == "https://g.example.org"
