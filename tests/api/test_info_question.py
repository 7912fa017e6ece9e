"""Asking the applicant for information asks a question: the reviewer's `message` is required,
becomes the visible message written with the status change, and is what the applicant's
page and e-mail show (never an internal action name)."""

from __future__ import annotations

import pytest

from chalicelib.events import stream
from tests.support.grants import apply, bring_to, manage, path, review
from tests.support.notifications import modify_record, raw_item, redirect, sent_to

REVIEW = ("review_travel_grant",)
QUESTION = "Which airport would you fly from, and is the hotel shared?"


@pytest.mark.parametrize("body", [{"status": "info_needed"}, {"status": "info_needed", "message": "  "},
                                  {"status": "info_needed", "message": None}])
def test_info_needed_requires_the_question(api, conference, make_token, reviewer, body):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    r = review(api, conference, grant_id, reviewer, body)
    assert r.status == 422 and "message" in r.body["error"]["fields"], r.body
    assert api.get(path(conference), token=applicant).body["status"] == "submitted"


def test_the_question_is_the_visible_message_and_the_page_shows_it(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    r = review(api, conference, grant_id, reviewer, {"status": "info_needed", "message": QUESTION})
    assert r.status == 200, r.body
    grant = api.get(path(conference), token=applicant).body
    assert grant["status"] == "info_needed" and grant["question"] == QUESTION
    texts = [m["message"] for m in grant["messages"]]
    assert texts == [QUESTION]
    assert not any("provide-info" in t for t in texts)
    detail = api.get(manage(conference, f"/{grant_id}"), token=reviewer).body
    assert [(m["message"], m["visible"], m["author"]) for m in detail["messages"]] == [(QUESTION, True, "reviewer")]
    # answered: no open question any more
    assert api.post(path(conference, "/provide-info"), {"message": "From LOS; shared."}, token=applicant).status == 200
    assert api.get(path(conference), token=applicant).body["question"] is None


def test_a_message_with_any_review_is_posted_in_the_same_write(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = bring_to(api, conference, apply(api, conference, applicant), applicant, reviewer, "submitted")
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "n", "message": "We are reading it now."})
    assert r.status == 200
    texts = [m["message"] for m in api.get(path(conference), token=applicant).body["messages"]]
    assert texts == ["We are reading it now."]
    r = review(api, conference, grant_id, reviewer, {"message": "x" * 4001})
    assert r.status == 422 and "message" in r.body["error"]["fields"]


def test_the_email_carries_the_question(api, conference, make_token, reviewer, emulator_url):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    assert review(api, conference, grant_id, reviewer, {"status": "info_needed", "message": QUESTION}).status == 200
    email, new = redirect(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"))
    assert stream.dispatch([modify_record(new, {"status": "submitted"})]) == {"batchItemFailures": []}
    [message] = sent_to(emulator_url, email)
    assert QUESTION in message["body"] and "provide-info" not in message["body"]
