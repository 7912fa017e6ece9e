"""The demo grants of `make run`: the demo attendee can upload receipts at once; reviewers have a queue."""

from __future__ import annotations

from tests.helpers import Api


def test_demo_grants_give_an_accepted_attendee_and_a_review_queue(api: Api, conference: str, make_token) -> None:
    from devstack.seed_grants import DEMO_GRANTS, seed

    seed(conference)
    seed(conference)  # idempotent
    attendee = make_token("demo-attendee", name="Ada Attendee", email="ada@example.com")
    mine = api.get(f"/conferences/{conference}/travel-grant", token=attendee).body
    assert mine["status"] == "accepted" and mine["approved_amount"] == "1200.00"
    receipt = {"receipt_type": "airfare", "amount": "420.00", "date": "2026-05-01", "description": "Flight",
               "filename": "flight.pdf", "content_type": "application/pdf", "size": 2048}
    assert api.post(f"/conferences/{conference}/travel-grant/receipts", receipt, token=attendee).status == 201

    reviewer = make_token("demo-reviewer", "review_travel_grant")
    listed = api.get(f"/manage/conferences/{conference}/travel-grants", token=reviewer).body
    assert sorted(g["status"] for g in listed["grants"]) == sorted(
        ["accepted", "submitted", "submitted", "info_needed", "offered", "rejected"])
    assert len(listed["grants"]) == len(DEMO_GRANTS)


def test_demo_grants_belong_to_the_users_make_run_prints_tokens_for() -> None:
    from devstack.run import DEMO_USERS
    from devstack.seed_grants import DEMO_ATTENDEE, DEMO_REVIEWER

    assert DEMO_ATTENDEE.sub == DEMO_USERS["attendee"]["sub"]
    assert DEMO_REVIEWER.sub == DEMO_USERS["reviewer"]["sub"]
