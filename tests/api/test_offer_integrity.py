"""An offer never changes under the applicant: bounded amounts, every change visible and
e-mailed, and `accept` takes only the amount the applicant saw (a condition of its write)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.events import stream
from tests.support.grants import application, apply, bring_to, manage, path, review
from tests.support.notifications import modify_record, raw_item, redirect, sent_to

REVIEW = ("review_travel_grant",)


def offered(api, slug, make_token, reviewer, amount="1500", sub="ada"):
    applicant = make_token(sub)
    grant_id = apply(api, slug, applicant)
    r = review(api, slug, grant_id, reviewer, {"status": "offered", "approved_amount": amount})
    assert r.status == 200, r.body
    return applicant, grant_id


def test_approved_amount_cannot_exceed_the_conference_maximum(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    r = review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "999999999.99"})
    assert r.status == 422 and "approved_amount" in r.body["error"]["fields"], r.body
    r = review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "3000.01"})
    assert r.status == 422 and "approved_amount" in r.body["error"]["fields"]
    assert review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "3000"}).status == 200
    r = review(api, conference, grant_id, reviewer, {"approved_amount": "3500"})
    assert r.status == 422 and "approved_amount" in r.body["error"]["fields"]
    assert api.get(path(conference), token=applicant).body["approved_amount"] == "3000.00"


@pytest.mark.parametrize("status", ["offered", "need_more"])
@pytest.mark.parametrize("amount", [None, "0", 0])
def test_an_open_offer_always_carries_money(api, conference, make_token, reviewer, status, amount):
    applicant = make_token("ada")
    grant_id = bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, status)
    r = review(api, conference, grant_id, reviewer, {"approved_amount": amount})
    assert r.status == 422 and "approved_amount" in r.body["error"]["fields"], r.body
    assert api.get(path(conference), token=applicant).body["approved_amount"] == "1000.00"


def test_a_ticket_only_offer_needs_no_amount(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant, request_type="ticket_only")
    assert review(api, conference, grant_id, reviewer, {"status": "offered"}).status == 200
    assert review(api, conference, grant_id, reviewer, {"approved_amount": None}).status == 200


def test_changing_an_offer_tells_the_applicant_new_and_old_amount(api, conference, make_token, reviewer):
    applicant, grant_id = offered(api, conference, make_token, reviewer, "1500")
    r = review(api, conference, grant_id, reviewer, {"approved_amount": "1600"})
    assert r.status == 200, r.body
    r = review(api, conference, grant_id, reviewer, {"approved_amount": "1400"})
    assert r.status == 200
    grant = api.get(path(conference), token=applicant).body
    assert grant["status"] == "offered" and grant["approved_amount"] == "1400.00"
    texts = [m["message"] for m in grant["messages"]]
    assert any("$1,600.00" in t and "$1,500.00" in t for t in texts), texts
    assert any("$1,400.00" in t and "$1,600.00" in t for t in texts), texts
    audit = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body["audit"]
    assert [a["details"]["approved_cents"] for a in audit if "approved_cents" in a["details"]][-1] == \
        {"from": 160000, "to": 140000}
    # notes alone change nothing the applicant sees
    before = len(texts)
    assert review(api, conference, grant_id, reviewer, {"reviewer_notes": "fine"}).status == 200
    assert len(api.get(path(conference), token=applicant).body["messages"]) == before


def test_a_changed_offer_is_emailed_once_with_both_amounts(api, conference, make_token, reviewer, emulator_url):
    _, grant_id = offered(api, conference, make_token, reviewer, "1500")
    assert review(api, conference, grant_id, reviewer, {"approved_amount": "1400"}).status == 200
    email, new = redirect(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"))
    record = modify_record(new, {"status": "offered", "approved_cents": 150000})
    for _ in range(2):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    messages = sent_to(emulator_url, email)
    assert len(messages) == 1, messages
    assert "$1,400.00" in messages[0]["body"] and "$1,500.00" in messages[0]["body"]
    assert "changed" in messages[0]["subject"].lower()


def test_accept_takes_only_the_amount_the_applicant_saw(api, conference, make_token, reviewer):
    applicant, grant_id = offered(api, conference, make_token, reviewer, "1500")
    assert review(api, conference, grant_id, reviewer, {"approved_amount": "1400"}).status == 200
    r = api.post(path(conference, "/accept"), {"approved_amount": "1500.00"}, token=applicant)
    assert r.status == 409 and r.error_code == "offer_changed", r.body
    assert "1,400.00" in r.body["error"]["message"]
    assert api.get(path(conference), token=applicant).body["status"] == "offered"
    r = api.post(path(conference, "/accept"), {"approved_amount": "abc"}, token=applicant)
    assert r.status == 422
    r = api.post(path(conference, "/accept"), {"approved_amount": 1400}, token=applicant)
    assert r.status == 200 and r.body["status"] == "accepted" and r.body["approved_amount"] == "1400.00"


def test_accept_without_an_amount_still_works(api, conference, make_token, reviewer):
    applicant, _ = offered(api, conference, make_token, reviewer, "1500")
    r = api.post(path(conference, "/accept"), token=applicant)
    assert r.status == 200 and r.body["status"] == "accepted"


def test_two_reviewers_change_an_offer_while_the_applicant_accepts(live_stack, make_conference, make_token):
    """Whatever the interleaving: an accepted grant holds exactly the amount the applicant
    sent, every amount change that succeeded was while the grant was offered and left a
    visible message, and a refused accept left the grant offered."""
    reviewers = [make_token(f"rev{n}", *REVIEW) for n in range(2)]
    for round_ in range(6):
        slug = make_conference()
        applicant = make_token(f"ada{round_}")
        grant_id = live_stack.post(path(slug), application(), token=applicant).body["id"]
        assert live_stack.patch(manage(slug, f"/{grant_id}"), {"status": "offered", "approved_amount": "1500"},
                                token=reviewers[0]).status == 200

        def act(i: int, slug=slug, grant_id=grant_id, applicant=applicant):
            if i == 2:
                return live_stack.post(path(slug, "/accept"), {"approved_amount": "1500.00"}, token=applicant)
            amount = ("1600", "1400")[i]
            return live_stack.patch(manage(slug, f"/{grant_id}"), {"approved_amount": amount}, token=reviewers[i])

        order = [2, 0, 1] if round_ % 2 else [0, 2, 1]
        with ThreadPoolExecutor(3) as pool:
            replies = dict(zip(order, pool.map(act, order), strict=True))
        accept = replies[2]
        changed = [replies[i] for i in (0, 1) if replies[i].status == 200]
        for i in (0, 1):
            assert replies[i].status in (200, 409), replies[i].body
        grant = live_stack.get(path(slug), token=applicant).body
        change_messages = [m for m in grant["messages"] if "changed" in m["message"] and "$" in m["message"]]
        assert len(change_messages) == len(changed)
        if accept.status == 200:
            assert grant["status"] == "accepted" and grant["approved_amount"] == "1500.00"
            assert accept.body["approved_amount"] == "1500.00"
        else:
            assert accept.status == 409 and accept.error_code == "offer_changed", accept.body
            assert grant["status"] == "offered" and grant["approved_amount"] != "1500.00" and changed
