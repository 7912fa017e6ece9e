"""Applicant side: apply, validation per field, status view, edit."""

from __future__ import annotations

import pytest

from chalicelib.store import schedule
from tests.support.grants import application, path


def test_apply_returns_the_grant(api, conference, make_token):
    token = make_token("ada")
    r = api.post(path(conference), application(), token=token)
    assert r.status == 201, r.body
    g = r.body
    assert g["status"] == "submitted"
    assert g["requested_amount"] == "1500.50"
    assert g["travel_plans_airfare_amount"] == "1200.00"
    assert g["travel_plans_lodging_amount"] == "450.00"
    assert g["travel_plans_total"] == "1650.00"
    assert g["approved_amount"] is None and g["promo_code"] is None
    assert g["application_type"] == "speaker" and g["international"] is True and g["first_time"] is True
    assert g["messages"] == []
    assert g["actions"] == {"edit": True, "withdraw": True, "accept": False, "decline": False, "request_more": False,
                            "provide_info": False, "upload_receipts": False, "payment_info": False}
    assert "reviewer_notes" not in g and "version" not in g
    assert g["created_at"].endswith("Z")
    again = api.get(path(conference), token=token)
    assert again.status == 200
    assert {k: v for k, v in again.body.items()} == g


def test_second_application_is_refused(api, conference, make_token):
    token = make_token("bob")
    assert api.post(path(conference), application(), token=token).status == 201
    r = api.post(path(conference), application(reason="again"), token=token)
    assert r.status == 409 and r.error_code == "grant_exists"


def test_no_grant_yet_is_404_no_grant(api, conference, make_token):
    r = api.get(path(conference), token=make_token("nobody"))
    assert r.status == 404 and r.error_code == "no_grant"


def test_auth_required(api, conference):
    assert api.get(path(conference)).status == 401
    assert api.post(path(conference), application()).status == 401
    assert api.get(path(conference, "/days")).status == 401


@pytest.mark.parametrize("feature", ["travel_grants", "public_ui"])
def test_disabled_feature_is_404(api, make_conference, make_token, feature):
    slug = make_conference(features={feature: False})
    token = make_token("ada")
    assert api.get(path(slug, "/days"), token=token).status == 404
    assert api.post(path(slug), application(), token=token).status == 404
    assert api.get(path(slug), token=token).status == 404


def test_unknown_conference_is_404(api, make_token):
    assert api.get(path("no-such-conf"), token=make_token("ada")).status == 404


@pytest.mark.parametrize("field", ["travel_from", "experience_level", "occupation", "involvement", "reason"])
@pytest.mark.parametrize("value", ["missing", "", "   "])
def test_required_fields(api, conference, make_token, field, value):
    body = application()
    if value == "missing":
        del body[field]
    else:
        body[field] = value
    r = api.post(path(conference), body, token=make_token("ada"))
    assert r.status == 422 and field in r.body["error"]["fields"], r.body


@pytest.mark.parametrize("field,value", [
    ("request_type", "grant_only"),
    ("application_type", "vip"),
    ("experience_level", "guru"),
    ("first_time", "maybe"),
    ("international", "sometimes"),
    ("days_attending", "2026-05-13"),
    ("requested_amount", "12.345"),
    ("requested_amount", -5),
    ("requested_amount", "NaN"),
    ("requested_amount", "lots"),
    ("travel_plans_airfare_amount", "-1"),
    ("travel_plans_lodging_amount", "1.001"),
    ("unexpected", "x"),
])
def test_field_types(api, conference, make_token, field, value):
    r = api.post(path(conference), application(**{field: value}), token=make_token("ada"))
    assert r.status == 422 and field in r.body["error"]["fields"], r.body


def test_requested_amount_bounds_for_ticket_and_grant(api, make_conference, make_token):
    slug = make_conference(max_grant_amount="2000.00")
    token = make_token("ada")
    for amount in ("0", "0.99", "2000.01"):
        r = api.post(path(slug), application(requested_amount=amount), token=token)
        assert r.status == 422 and list(r.body["error"]["fields"]) == ["requested_amount"], (amount, r.body)
    r = api.post(path(slug), application(requested_amount="2000.00"), token=token)
    assert r.status == 201


def test_max_grant_defaults_to_deployment_setting(api, make_conference, make_token):
    slug = make_conference(max_grant_amount=None)
    r = api.post(path(slug), application(requested_amount="3000.01"), token=make_token("ada"))
    assert r.status == 422 and "requested_amount" in r.body["error"]["fields"]
    r = api.post(path(slug), application(requested_amount="3000"), token=make_token("ada"))
    assert r.status == 201 and r.body["requested_amount"] == "3000.00"


def test_ticket_only_skips_the_amount_rules(api, conference, make_token):
    r = api.post(path(conference), application(request_type="ticket_only", requested_amount="99999",
                                               travel_plans_airfare_amount=0, travel_plans_lodging_amount=0),
                 token=make_token("ada"))
    assert r.status == 201, r.body
    assert r.body["request_type"] == "ticket_only"


@pytest.mark.parametrize("kind", ["airfare", "lodging"])
def test_amount_needs_description(api, conference, make_token, kind):
    r = api.post(path(conference), application(**{f"travel_plans_{kind}_description": "  "}), token=make_token("ada"))
    assert r.status == 422
    assert list(r.body["error"]["fields"]) == [f"travel_plans_{kind}_description"]
    ok = application(**{f"travel_plans_{kind}_description": "", f"travel_plans_{kind}_amount": "0"})
    assert api.post(path(conference), ok, token=make_token("ada")).status == 201


def test_defaults(api, conference, make_token):
    body = application()
    for name in ("application_type", "international", "first_time", "sharing_expenses", "traveling_with",
                 "days_attending"):
        del body[name]
    r = api.post(path(conference), body, token=make_token("ada"))
    assert r.status == 201
    assert r.body["application_type"] == "general" and r.body["international"] is False
    assert r.body["first_time"] is None and r.body["days_attending"] == []


def test_days_attending_must_be_offered_days(api, conference, make_token):
    token = make_token("ada")
    days = api.get(path(conference, "/days"), token=token).body["days"]
    r = api.post(path(conference), application(days_attending=["2026-05-12"]), token=token)
    assert r.status == 422 and "days_attending" in r.body["error"]["fields"]
    chosen = [days[0]["value"], days[-1]["value"]]
    r = api.post(path(conference), application(days_attending=chosen), token=token)
    assert r.status == 201 and r.body["days_attending"] == chosen


def test_days_follow_the_schedule_once_synced(api, conference, make_token):
    token = make_token("ada")
    schedule.publish_schedule(conference, [], [], [
        schedule.Slot(start="2026-05-14T14:00:00Z", end=None, room="A", talk_code="T1", submission_type="Tutorial"),
    ])
    days = api.get(path(conference, "/days"), token=token).body["days"]
    assert days == [{"value": "2026-05-14", "label": "Thursday, May 14 (Tutorials)"}]  # the section's name
    r = api.post(path(conference), application(days_attending=["2026-05-13"]), token=token)
    assert r.status == 422 and "days_attending" in r.body["error"]["fields"]
    r = api.post(path(conference), application(days_attending=["2026-05-14"]), token=token)
    assert r.status == 201


def test_days_from_sections(api, conference, make_token):
    r = api.get(path(conference, "/days"), token=make_token("ada"))
    assert r.status == 200
    assert r.body["days"][0] == {"value": "2026-05-13", "label": "Tutorials Day 1 -- Wednesday, May 13"}
    assert r.body["days"][2] == {"value": "2026-05-15", "label": "Talks Day 1 -- Friday, May 15"}
    assert len(r.body["days"]) == 7


def test_edit_revalidates_and_round_trips_days(api, conference, make_token):
    token = make_token("ada")
    days = [d["value"] for d in api.get(path(conference, "/days"), token=token).body["days"]]
    assert api.post(path(conference), application(days_attending=days[:2]), token=token).status == 201
    r = api.patch(path(conference), {"requested_amount": "5000"}, token=token)
    assert r.status == 422 and "requested_amount" in r.body["error"]["fields"]
    r = api.patch(path(conference), {"travel_from": " "}, token=token)
    assert r.status == 422 and "travel_from" in r.body["error"]["fields"]
    r = api.patch(path(conference), {"reason": None}, token=token)
    assert r.status == 422 and "reason" in r.body["error"]["fields"]
    r = api.patch(path(conference), {"travel_plans_airfare_description": ""}, token=token)
    assert r.status == 422 and "travel_plans_airfare_description" in r.body["error"]["fields"]
    r = api.patch(path(conference), {"requested_amount": "800", "days_attending": days[1:4]}, token=token)
    assert r.status == 200, r.body
    assert r.body["requested_amount"] == "800.00" and r.body["days_attending"] == days[1:4]
    assert r.body["reason"] == "To speak and to learn"
    fetched = api.get(path(conference), token=token).body
    assert fetched["days_attending"] == days[1:4] and fetched["requested_amount"] == "800.00"
    assert [m["author"] for m in fetched["messages"]] == ["applicant"]


def test_edit_without_grant_is_404(api, conference, make_token):
    r = api.patch(path(conference), {"reason": "x"}, token=make_token("ghost"))
    assert r.status == 404 and r.error_code == "no_grant"


def test_stored_days_stay_valid_when_the_schedule_changes(api, conference, make_token):
    token = make_token("ada")
    assert api.post(path(conference), application(days_attending=["2026-05-13", "2026-05-19"]), token=token).status == 201
    schedule.publish_schedule(conference, [], [], [
        schedule.Slot(start="2026-05-15T14:00:00Z", end=None, room="A", talk_code="T1", submission_type="Talk"),
    ])
    r = api.patch(path(conference), {"reason": "updated"}, token=token)
    assert r.status == 200 and r.body["days_attending"] == ["2026-05-13", "2026-05-19"]
    r = api.patch(path(conference), {"days_attending": ["2026-05-13", "2026-05-14"]}, token=token)
    assert r.status == 422 and "days_attending" in r.body["error"]["fields"]
    r = api.patch(path(conference), {"days_attending": ["2026-05-13", "2026-05-15"]}, token=token)
    assert r.status == 200 and r.body["days_attending"] == ["2026-05-13", "2026-05-15"]


def test_edit_nulls(api, conference, make_token):
    token = make_token("ada")
    assert api.post(path(conference), application(), token=token).status == 201
    for field in ("request_type", "application_type", "international", "days_attending", "requested_amount",
                  "experience_level"):
        r = api.patch(path(conference), {field: None}, token=token)
        assert r.status == 422 and field in r.body["error"]["fields"], field
    r = api.patch(path(conference), {"traveling_with": None, "first_time": None}, token=token)
    assert r.status == 200 and r.body["traveling_with"] == "" and r.body["first_time"] is None
