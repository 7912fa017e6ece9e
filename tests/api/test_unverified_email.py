"""An e-mail address the identity provider never verified counts as absent: nothing is mailed
to it (the stream's real records, checked in the emulator's SES mailbox) and reviewers see
it marked unverified. Anyone can type any address at a self-service sign-up or attribute
change, so mailing it (or trusting it) would let one person speak for another."""

from __future__ import annotations

import uuid

from chalicelib.events import stream
from tests.support.clients import wait_until
from tests.support.grants import REVIEW, apply, manage, review
from tests.support.notifications import modify_record, raw_item, raw_signups, sent_to


def _applicant(make_token, verified: bool) -> tuple[str, str]:
    sub = f"unverified-{uuid.uuid4().hex[:8]}"
    email = f"{sub}@example.net"
    return make_token(sub, name="Grace Hopper", email=email, email_verified=verified), email


def test_reviewers_see_whether_the_applicants_address_was_verified(api, conference, make_token):
    reviewer = make_token("rita", *REVIEW)
    unverified, bad_email = _applicant(make_token, verified=False)
    verified, good_email = _applicant(make_token, verified=True)
    bad_id, good_id = apply(api, conference, unverified), apply(api, conference, verified)

    detail = api.get(manage(conference, f"/{bad_id}"), token=reviewer).body["user"]
    assert detail["email"] == bad_email and detail["email_verified"] is False
    detail = api.get(manage(conference, f"/{good_id}"), token=reviewer).body["user"]
    assert detail["email"] == good_email and detail["email_verified"] is True
    listed = {g["id"]: g["user"] for g in api.get(manage(conference), token=reviewer).body["grants"]}
    assert listed[bad_id]["email_verified"] is False and listed[good_id]["email_verified"] is True
    by_status = api.get(manage(conference, "?status=submitted"), token=reviewer).body["grants"]
    assert {g["id"]: g["user"]["email_verified"] for g in by_status}[bad_id] is False


def test_no_grant_email_goes_to_an_unverified_address(api, conference, make_token, emulator_url):
    reviewer = make_token("rita", *REVIEW)
    for verified, expected in ((False, 0), (True, 1)):
        token, email = _applicant(make_token, verified)
        grant_id = apply(api, conference, token)
        assert review(api, conference, grant_id, reviewer, {"status": "offered", "approved_amount": "500"}).status == 200
        record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"), {"status": "submitted"})
        assert stream.dispatch([record]) == {"batchItemFailures": []}
        # The local pump may have claimed the same record first and still be sending it.
        wait_until(lambda: sent_to(emulator_url, email), timeout=10 if expected else 1)  # noqa: B023
        assert len(sent_to(emulator_url, email)) == expected, (verified, email)


def test_a_signup_keeps_no_unverified_address_and_its_promotion_mails_nobody(api, app_module, conference,
                                                                           make_token, emulator_url):
    manager = make_token("activity-manager", "manage_activity")
    activity = api.post(f"/manage/conferences/{conference}/activities",
                        {"name": "Sprint", "max_participants": 1}, token=manager).body["slug"]
    signup = f"/conferences/{conference}/activities/{activity}/signup"
    assert api.post(signup, {}, token=make_token(f"first-{uuid.uuid4().hex[:8]}")).body["status"] == "confirmed"
    token, email = _applicant(make_token, verified=False)
    waiting = api.post(signup, {}, token=token).body
    assert waiting["status"] == "waitlisted"
    listing = f"/manage/conferences/{conference}/activities/{activity}/signups"
    users = {s["id"]: s["user"] for s in api.get(listing, token=manager).body["signups"]}
    assert users[waiting["id"]]["email"] == "" and users[waiting["id"]]["name"] == "Grace Hopper"
    r = api.post(f"{listing}/{waiting['id']}/promote", token=manager)
    assert r.status == 200 and r.body["status"] == "confirmed"
    items = raw_signups(conference, activity)
    promoted = next(i for i in items if i.get("signup_id", {}).get("S") == waiting["id"])
    assert email not in str(promoted)
    record = modify_record(promoted, {"status": "waitlisted"})
    assert app_module.handle_table_stream({"Records": [record]}, None) == {"batchItemFailures": []}
    assert sent_to(emulator_url, email) == []


def test_a_receipt_keeps_no_unverified_address(api, conference, make_token):
    """A flagged receipt's e-mail goes to the address the receipt kept: none when unverified."""
    from chalicelib.store import receipts as receipt_store
    from tests.support.receipts import accepted_grant, presign

    reviewer = make_token("rita", *REVIEW)
    for verified in (False, True):
        token, email = _applicant(make_token, verified)
        grant_id = accepted_grant(api, conference, token, reviewer)
        receipt_id = presign(api, conference, token)["receipt"]["id"]
        item = receipt_store.get(conference, grant_id, receipt_id, consistent=True)
        assert item.user_email == (email if verified else None) and item.user_name == "Grace Hopper"
