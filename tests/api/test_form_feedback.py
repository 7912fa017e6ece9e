"""Rough edges a new user hit in the forms: every field error in one 422, worded for people;
ticket_only keeps the amounts; the applicant reads their own actions as "You ..."."""

from __future__ import annotations

from typing import Any

from chalicelib.store import grants as grant_store
from tests.support.grants import application, path
from tests.support.receipts import REVIEW_GRANTS, manage


def fields(reply: Any) -> dict[str, list[str]]:
    assert reply.status == 422 and reply.error_code == "validation_error", reply.body
    return reply.body["error"]["fields"]


def test_type_errors_and_cross_field_rules_come_back_together(api, conference, make_token):
    body = application(experience_level="guru", travel_from="   ", requested_amount="99999",
                       travel_plans_airfare_description="", days_attending=["1999-01-01"])
    problems = fields(api.post(path(conference), body, token=make_token("ada")))
    assert set(problems) == {"experience_level", "travel_from", "requested_amount",
                             "travel_plans_airfare_description", "days_attending"}
    assert problems["travel_from"] == ["must not be blank"]
    assert problems["requested_amount"] == ["must not exceed the maximum grant of 3000.00"]
    assert problems["experience_level"] == ["must be one of: beginner, intermediate or expert"]


def test_a_broken_field_is_not_also_judged_by_the_rules(api, conference, make_token):
    problems = fields(api.post(path(conference), application(requested_amount="lots"), token=make_token("ada")))
    assert list(problems) == ["requested_amount"] and len(problems["requested_amount"]) == 1


def test_messages_are_worded_for_people(api, conference, make_token):
    body = {k: v for k, v in application(reason="", occupation="x" * 201, international="maybe").items()
            if k != "involvement"}
    problems = fields(api.post(path(conference), {**body, "surprise": 1}, token=make_token("ada")))
    assert problems == {"reason": ["must not be blank"], "occupation": ["must be at most 200 characters"],
                        "international": ["must be true or false"], "involvement": ["is required"],
                        "surprise": ["is not a field of this request"]}


def test_activity_errors_all_at_once_with_the_field_named(api, conference, make_token):
    manager = make_token("boss", "manage_activity")
    body = {"name": " ", "max_participants": 0, "start_time": "2026-05-14T10:00:00Z", "end_time": "2026-05-14T09:00:00Z"}
    problems = fields(api.post(f"/manage/conferences/{conference}/activities", body, token=manager))
    assert problems == {"name": ["must not be blank"], "max_participants": ["must be at least 1"],
                        "end_time": ["must not be before start_time"]}


def test_switching_to_ticket_only_keeps_the_amounts(api, conference, make_token):
    token = make_token("tess")
    assert api.post(path(conference), application(requested_amount="1500.50"), token=token).status == 201
    before = grant_store.read_stats(conference).total_requested_cents
    ticket = api.patch(path(conference), {"request_type": "ticket_only"}, token=token)
    assert ticket.status == 200, ticket.body
    assert ticket.body["request_type"] == "ticket_only" and ticket.body["requested_amount"] == "1500.50"
    assert ticket.body["travel_plans_airfare_amount"] == "1200.00"
    assert grant_store.read_stats(conference).total_requested_cents == before - 150050  # asks for no money now
    back = api.patch(path(conference), {"request_type": "ticket_and_grant"}, token=token)
    assert back.status == 200, back.body
    assert back.body["requested_amount"] == "1500.50"
    assert grant_store.read_stats(conference).total_requested_cents == before


def test_the_applicant_reads_their_own_actions_in_the_second_person(api, conference, make_token):
    applicant, reviewer = make_token("una"), make_token("rex", *REVIEW_GRANTS)
    grant_id = api.post(path(conference), application(), token=applicant).body["id"]
    edited = api.patch(path(conference), {"reason": "To sprint", "requested_amount": "1400"}, token=applicant)
    assert edited.status == 200
    assert edited.body["messages"][-1]["message"] == "You changed your application: requested amount, reason."
    unchanged = api.patch(path(conference), {"reason": "To sprint"}, token=applicant)
    assert len(unchanged.body["messages"]) == 1  # nothing changed: nothing to report
    assert api.patch(manage(conference, f"/travel-grants/{grant_id}"), {"status": "offered", "approved_amount": "900"},
                     token=reviewer).status == 200
    accepted = api.post(path(conference, "/accept"), token=applicant)
    assert accepted.body["messages"][-1]["message"] == "You accepted the offer."
    mine = [m["message"] for m in api.get(path(conference), token=applicant).body["messages"]]
    assert "You accepted the offer." in mine and not any(m.startswith("The applicant") for m in mine)
    theirs = [m["message"] for m in api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer)
              .body["messages"]]
    assert "The applicant accepted the offer." in theirs
    assert "The applicant changed the application: requested amount, reason." in theirs


def test_an_edit_reports_type_errors_and_rules_together(api, conference, make_token):
    token = make_token("eve")
    assert api.post(path(conference), application(), token=token).status == 201
    problems = fields(api.patch(path(conference), {"international": "sometimes", "requested_amount": "5000",
                                                   "travel_plans_lodging_description": ""}, token=token))
    assert problems == {"international": ["must be true or false"],
                        "requested_amount": ["must not exceed the maximum grant of 3000.00"],
                        "travel_plans_lodging_description": ["describe the lodging when you give a lodging amount"]}


def test_cancelling_gives_no_waitlist_position(api, conference, make_token):
    manager = make_token("boss", "manage_activity")
    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Quiz"}, token=manager).body["slug"]
    token = make_token("quinn")
    assert api.post(f"/conferences/{conference}/activities/{slug}/signup", {}, token=token).status == 201
    cancelled = api.delete(f"/conferences/{conference}/activities/{slug}/signup", token=token)
    assert cancelled.status == 200 and cancelled.body["waitlist_position"] is None
