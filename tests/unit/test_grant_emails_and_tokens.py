"""What the notification e-mails say, idempotency keys, and reviewer-list page tokens (no AWS calls)."""

from __future__ import annotations

import pytest

from chalicelib.services import notify
from chalicelib.store import grant_list
from chalicelib.store import grants as store
from chalicelib.store.keys import grant_id_for

GRANT = store.GrantRecord(grant_id="g", conference_slug="pycon", status="offered", request_type="ticket_and_grant",
                          approved_cents=150050, promo_code="TG-1", user_email="ada@example.com", user_name="Ada",
                          version=3, user_email_verified=True)


def test_offer_email_has_amount_code_and_next_steps():
    email = notify.grant_email(GRANT, "PyCon US")
    assert email.to == "ada@example.com" and "PyCon US" in email.subject
    for text in ("Grant amount: $1,500.50.", "TG-1", "Accept", "Decline", "Hello Ada"):
        assert text in email.body


@pytest.mark.parametrize("status", ["offered", "rejected", "info_needed", "disbursed"])
def test_an_unverified_address_gets_no_email(status):
    """An address nobody proved is the applicant's (or one kept from before it was recorded)."""
    for grant in (GRANT._replace(status=status, user_email_verified=False),
                  store.GrantRecord.from_plain({**GRANT._asdict(), "status": status, "user_email_verified": None})):
        email = notify.disbursed_email(grant, "PyCon US") if status == "disbursed" else notify.grant_email(grant, "x")
        assert email.to == ""


def test_ticket_only_offer_has_no_amount():
    email = notify.grant_email(GRANT._replace(request_type="ticket_only", approved_cents=None), "PyCon US")
    assert "Grant amount" not in email.body and "TG-1" in email.body


@pytest.mark.parametrize("status,phrase", [("rejected", "could not offer"), ("info_needed", "Provide information")])
def test_other_status_emails(status, phrase):
    email = notify.grant_email(GRANT._replace(status=status), "PyCon US")
    assert phrase in email.body and "What to do next" in email.body


def test_no_email_for_other_statuses():
    with pytest.raises(ValueError):
        notify.grant_email(GRANT._replace(status="accepted"), "PyCon US")


def test_promotion_email():
    email = notify.promotion_email({"activity_name": "Sprint", "user_email": "lin@example.com", "user_name": "Lin"},
                                   "PyCon US")
    assert email.to == "lin@example.com" and "Sprint" in email.subject and "cancel" in email.body


def test_mark_keys_are_short_and_distinct():
    a, b = notify.mark_key("grant#pycon#g#v3#offered"), notify.mark_key("grant#pycon#g#v5#offered")
    assert a != b and a.startswith("IDEM#") and len(notify.mark_key("x" * 5000)) < 100


def _key(conf: str, sub: str) -> dict:
    grant_id = grant_id_for(conf, sub)
    return {"pk": {"S": f"GRANT#{conf}#{grant_id}"}, "sk": {"S": "GRANT"}, "gsi1pk": {"S": f"GRANTS#{conf}"},
            "gsi1sk": {"S": f"2026-05-01T10:00:00.000000Z#{grant_id}"}}


def test_page_token_round_trip():
    key = _key("pycon", "ada")
    token = grant_list.encode_token(key)
    assert grant_list.decode_token(token, "gsi1", "GRANTS#pycon", "pycon") == key


@pytest.mark.parametrize("token", ["", "!!!", "bm90IGpzb24", "W10", "eyJhIjoxfQ"])
def test_garbage_tokens(token):
    with pytest.raises(grant_list.BadPageToken):
        grant_list.decode_token(token, "gsi1", "GRANTS#pycon", "pycon")


def test_token_bound_to_its_listing():
    token = grant_list.encode_token(_key("pycon", "ada"))
    with pytest.raises(grant_list.BadPageToken):
        grant_list.decode_token(token, "gsi1", "GRANTS#other", "other")
    with pytest.raises(grant_list.BadPageToken):
        grant_list.decode_token(token, "gsi2", "GRANTS#pycon#submitted", "pycon")


def test_a_token_naming_the_stats_item_is_refused():
    """The stats item shares the grant list's GSI1 partition; a token must never start there."""
    good = _key("pycon", "ada")
    stats = {"pk": {"S": "CONF#pycon"}, "sk": {"S": "GRANTSTATS"}, "gsi1pk": {"S": "GRANTS#pycon"},
             "gsi1sk": {"S": "~STATS"}}
    for key in (stats, {**good, "gsi1sk": {"S": "~STATS"}}, {**good, "pk": stats["pk"], "sk": stats["sk"]}):
        with pytest.raises(grant_list.BadPageToken):
            grant_list.decode_token(grant_list.encode_token(key), "gsi1", "GRANTS#pycon", "pycon")


def test_stats_keys_are_checked():
    class Recorder:
        def __init__(self) -> None:
            self.calls = []

        def update(self, name, model, actions):
            self.calls.append((name, model.pk, model.sk, len(actions)))

    recorder = Recorder()
    store.add_stats_update(recorder, "pycon", {"accepted": -1, "disbursed": 1, "total_disbursed_cents": 500,
                                               "offered": 0})
    # three ADDs, the entity, and the item's two GSI1 keys (so the reviewer list's page 1 reads it)
    assert recorder.calls == [("stats", "CONF#pycon", "GRANTSTATS", 6)]
    store.add_stats_update(recorder, "pycon", {"offered": 0})
    assert len(recorder.calls) == 1
    with pytest.raises(ValueError):
        store.add_stats_update(recorder, "pycon", {"approved": 1})
