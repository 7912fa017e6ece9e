"""Messages are bounded, so no one can make a grant unreadable: 4,000 characters each, 200
per grant (then 409 too_many_messages), and the messages' share of a grant's answer stays
well under 1 MiB. The limits are conditions of the write that adds the message."""

from __future__ import annotations

import json

from chalicelib.store import grants as store
from tests.support.grants import apply, manage, path

REVIEW = ("review_travel_grant",)


def test_a_message_is_at_most_4000_characters(api, conference, make_token, reviewer):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    r = api.post(path(conference, "/messages"), {"message": "x" * 4001}, token=applicant)
    assert r.status == 422 and "message" in r.body["error"]["fields"]
    assert api.post(path(conference, "/messages"), {"message": "x" * 4000}, token=applicant).status == 201
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "y" * 4001}, token=reviewer)
    assert r.status == 422


def test_at_most_200_messages_per_grant(api, conference, make_token, reviewer, monkeypatch):
    applicant = make_token("ada")
    grant_id = apply(api, conference, applicant)
    monkeypatch.setattr(store, "MAX_MESSAGES_PER_GRANT", 3)
    for n in range(3):
        assert api.post(path(conference, "/messages"), {"message": f"note {n}"}, token=applicant).status == 201
    r = api.post(path(conference, "/messages"), {"message": "one more"}, token=applicant)
    assert r.status == 409 and r.error_code == "too_many_messages", r.body
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "and me"}, token=reviewer)
    assert r.status == 409 and r.error_code == "too_many_messages"
    assert len(api.get(path(conference), token=applicant).body["messages"]) == 3


def test_the_messages_of_a_grant_stay_under_their_share_of_1_mib(api, conference, make_token, monkeypatch):
    applicant = make_token("ada")
    apply(api, conference, applicant)
    monkeypatch.setattr(store, "MAX_MESSAGE_BYTES", 30_000)
    sent = 0
    text = "\u00e9" * 4000  # each one is 6 bytes once escaped in JSON (\\u00e9): 24 KB per message
    while api.post(path(conference, "/messages"), {"message": text}, token=applicant).status == 201:
        sent += 1
        assert sent < 10
    assert sent == 1
    grant = api.get(path(conference), token=applicant)
    assert len(json.dumps(grant.body)) < 30_000 + 10_000
