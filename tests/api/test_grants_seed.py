"""The demo grants of `make run`: the demo attendee can upload receipts at once; reviewers have a queue."""

from __future__ import annotations

from tests.support.clients import Api


def test_demo_grants_give_an_accepted_attendee_and_a_review_queue(api: Api, conference: str, make_token) -> None:
    from devstack.demo.grants import COMMITTEE_SIZE, DEMO_GRANTS, seed

    seed(conference)
    seed(conference)  # idempotent
    attendee = make_token("demo-attendee", name="Ada Attendee", email="ada@example.com")
    mine = api.get(f"/conferences/{conference}/travel-grant", token=attendee).body
    assert mine["status"] == "accepted" and mine["approved_amount"] == "1200.00"
    receipt = {"receipt_type": "airfare", "amount": "420.00", "date": "2026-05-01", "description": "Flight",
               "filename": "flight.pdf", "content_type": "application/pdf", "size": 2048}
    assert api.post(f"/conferences/{conference}/travel-grant/receipts", receipt, token=attendee).status == 201

    reviewer = make_token("demo-reviewer", "review_travel_grant")
    listed = api.get(f"/manage/conferences/{conference}/travel-grants?limit=200", token=reviewer).body
    assert listed["stats"]["total"] == len(DEMO_GRANTS) + COMMITTEE_SIZE
    assert {s: listed["stats"][s] for s in ("accepted", "info_needed", "offered", "rejected")} == dict.fromkeys(
        ("accepted", "info_needed", "offered", "rejected"), 1)
    assert listed["stats"]["submitted"] == 2 + COMMITTEE_SIZE


def test_demo_committee_round_is_scored_by_reviewers_with_different_habits(api: Api, conference: str,
                                                                           make_token) -> None:
    from devstack.demo.grants import COMMITTEE_SIZE, seed

    seed(conference)
    reviewer = make_token("demo-reviewer", "review_travel_grant")
    ranking = api.get(f"/manage/conferences/{conference}/travel-grants/ranking", token=reviewer).body["ranking"]
    assert len(ranking) >= COMMITTEE_SIZE * 0.9
    assert sum(row["scores"]["count"] for row in ranking) >= COMMITTEE_SIZE * 3 * 0.7
    report = api.get(f"/manage/conferences/{conference}/travel-grants/report", token=reviewer).body
    assert len(report["by_country"]) >= 15
    from chalicelib.store import scores

    infos = {info.sub: info.counters for info in scores.reviewers(conference).values()}
    assert infos["demo-lenient"].mean > infos["demo-reviewer"].mean > infos["demo-harsh"].mean


def test_demo_grants_belong_to_the_users_make_run_prints_tokens_for() -> None:
    from devstack.demo.grants import DEMO_ATTENDEE, DEMO_REVIEWER
    from devstack.run import DEMO_USERS

    assert DEMO_ATTENDEE.sub == DEMO_USERS["attendee"]["sub"]
    assert DEMO_REVIEWER.sub == DEMO_USERS["reviewer"]["sub"]
