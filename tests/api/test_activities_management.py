"""Activity management over the API: permissions, slugs, patch, signups list, CSV, promote."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.clients import Api


def manage(conf: str, activity: str = "", suffix: str = "") -> str:
    base = f"/manage/conferences/{conf}/activities"
    return base + (f"/{activity}" if activity else "") + suffix


def public(conf: str, activity: str, suffix: str = "") -> str:
    return f"/conferences/{conf}/activities/{activity}{suffix}"


@pytest.fixture
def new_activity(api: Api, manager: str) -> Callable[..., dict[str, Any]]:
    def make(conf: str, **fields: Any) -> dict[str, Any]:
        reply = api.post(manage(conf), {"name": "Workshop", "activity_type": "workshop", **fields}, token=manager)
        assert reply.status == 201, reply.body
        return reply.body

    return make


def sign_up(api: Api, conf: str, activity: str, token: str, note: str = "") -> dict[str, Any]:
    reply = api.post(public(conf, activity, "/signup"), {"note": note}, token=token)
    assert reply.status == 201, reply.body
    return reply.body


# -- permissions on every management route -------------------------------------------------


ROUTES = [
    ("GET", "", "", None),
    ("POST", "", "", {"name": "X"}),
    ("GET", "{a}", "", None),
    ("PATCH", "{a}", "", {"name": "Y"}),
    ("GET", "{a}", "/signups", None),
    ("GET", "{a}", "/signups.csv", None),
    ("POST", "{a}", "/signups/20260101T000000000000abcdef12/promote", None),
]


@pytest.mark.parametrize("method, activity, suffix, body", ROUTES)
def test_management_routes_need_a_token_and_the_permission(
    api: Api, conference: str, new_activity: Callable, make_token: Callable,
    method: str, activity: str, suffix: str, body: Any,
) -> None:
    slug = new_activity(conference)["slug"] if activity else ""
    url = manage(conference, slug, suffix)
    assert api.request(method, url, body).status == 401
    reply = api.request(method, url, body, token=make_token("mallory", "manage_conference", "review_receipt"))
    assert reply.status == 403 and reply.error_code == "forbidden"


@pytest.mark.parametrize("method, suffix, body", [(m, s, b) for m, a, s, b in ROUTES if a])
def test_another_conferences_activity_is_404_for_managers(
    api: Api, make_conference: Callable, new_activity: Callable, manager: str, method: str, suffix: str, body: Any,
) -> None:
    one, two = make_conference(), make_conference()
    slug = new_activity(one)["slug"]
    reply = api.request(method, manage(two, slug, suffix), body, token=manager)
    assert reply.status == 404


def test_unknown_conference_is_404(api: Api, manager: str) -> None:
    assert api.get(manage("no-such-conference-here"), token=manager).status == 404
    assert api.post(manage("no-such-conference-here"), {"name": "X"}, token=manager).status == 404


# -- list, create, patch ---------------------------------------------------------------


def test_manage_list_includes_inactive(api: Api, conference: str, new_activity: Callable, manager: str) -> None:
    new_activity(conference, name="Visible")
    new_activity(conference, name="Draft", is_active=False)
    reply = api.get(manage(conference), token=manager)
    assert reply.status == 200
    assert {(a["slug"], a["is_active"]) for a in reply.body["activities"]} == {("visible", True), ("draft", False)}


def test_slugs_are_unique_within_a_conference_only(api: Api, make_conference: Callable, new_activity: Callable) -> None:
    one, two = make_conference(), make_conference()
    assert [new_activity(one, name="Open Space: Rust & Python")["slug"] for _ in range(3)] == [
        "open-space-rust-python", "open-space-rust-python-2", "open-space-rust-python-3"]
    assert new_activity(two, name="Open Space: Rust & Python")["slug"] == "open-space-rust-python"
    assert new_activity(one, name="!!!")["slug"] == "item"


@pytest.mark.parametrize("body, field", [
    ({}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "X", "activity_type": "party"}, "activity_type"),
    ({"name": "X", "max_participants": 0}, "max_participants"),
    ({"name": "X", "max_participants": "many"}, "max_participants"),
    ({"name": "X", "external_url": "javascript:alert(1)"}, "external_url"),
    ({"name": "X", "start_time": "tomorrow"}, "start_time"),
    ({"name": "X", "start_time": "2026-05-14T10:00:00Z", "end_time": "2026-05-14T09:00:00Z"}, "end_time"),
    ({"name": "X", "start_time": "2026-05-14T10:00:00", "end_time": "2026-05-14T09:00:00"}, "end_time"),
    ({"name": "X", "start_time": "2026-05-14T10:00:00", "end_time": "2026-05-14T13:30:00Z"}, "end_time"),
    ({"name": "X", "surprise": True}, "surprise"),
    ({"name": "X", "start_time": "0001-01-01T00:00:00+14:00"}, "start_time"),
    ({"name": "X", "organizers": ["ok", ""]}, "organizers.1"),
    ({"name": "X" * 201}, "name"),
])
def test_create_validates(api: Api, conference: str, manager: str, body: dict[str, Any], field: str) -> None:
    reply = api.post(manage(conference), body, token=manager)
    assert reply.status == 422 and reply.error_code == "validation_error"
    assert field in reply.body["error"]["fields"]


def test_create_stores_times_in_utc(api: Api, conference: str, new_activity: Callable) -> None:
    created = new_activity(conference, start_time="2026-05-14T09:00:00-04:00", end_time="2026-05-14T16:00:00")
    # no zone: read in the conference's timezone (America/New_York, -04:00 in May), not as UTC
    assert (created["start_time"], created["end_time"]) == ("2026-05-14T13:00:00Z", "2026-05-14T20:00:00Z")


def test_times_without_a_zone_are_read_in_the_conference_timezone(
        api: Api, make_conference: Callable, new_activity: Callable, manager: str) -> None:
    berlin = make_conference(timezone="Europe/Berlin")
    created = new_activity(berlin, start_time="2027-03-31T10:00:00", end_time="2027-04-01")
    assert (created["start_time"], created["end_time"]) == ("2027-03-31T08:00:00Z", "2027-03-31T22:00:00Z")
    moved = api.patch(manage(berlin, created["slug"]), {"start_time": "2027-03-31T09:30:00"}, token=manager)
    assert moved.status == 200 and moved.body["start_time"] == "2027-03-31T07:30:00Z"
    # a patch of one time is checked against the other as stored, and the error names the field
    late = api.patch(manage(berlin, created["slug"]), {"start_time": "2027-04-02T09:00:00"}, token=manager)
    assert late.status == 422 and list(late.body["error"]["fields"]) == ["end_time"]
    doc = api.get("/openapi.json").body["components"]["schemas"]
    schema = doc.get("ActivityCreate-Input") or doc["ActivityCreate"]
    assert "conference's timezone" in schema["properties"]["start_time"]["description"]


def test_patch_changes_only_given_fields(api: Api, conference: str, new_activity: Callable, manager: str) -> None:
    activity = new_activity(conference, name="Before", description="Keep me", max_participants=5)
    reply = api.patch(manage(conference, activity["slug"]), {"name": "After", "organizers": ["org-1", "org-1"],
                                                             "location": None}, token=manager)
    assert reply.status == 200
    body = reply.body
    assert (body["name"], body["description"], body["slug"], body["organizers"]) == ("After", "Keep me", "before", ["org-1"])
    assert api.patch(manage(conference, activity["slug"]), {"max_participants": None}, token=manager).body[
        "max_participants"] is None
    assert api.patch(manage(conference, activity["slug"]), {"name": None}, token=manager).status == 422
    assert api.patch(manage(conference, "missing"), {"name": "Z"}, token=manager).status == 404


def test_deactivating_hides_the_activity(api: Api, conference: str, new_activity: Callable, manager: str) -> None:
    activity = new_activity(conference)
    api.patch(manage(conference, activity["slug"]), {"is_active": False}, token=manager)
    assert api.get(public(conference, activity["slug"])).status == 404
    assert api.get(manage(conference, activity["slug"]), token=manager).body["is_active"] is False


# -- signups list, organisers, CSV -------------------------------------------------------


def test_signups_list_oldest_first_with_stats(api: Api, conference: str, new_activity: Callable, manager: str,
                                              make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=2)["slug"]
    for sub in ("s1", "s2", "s3", "s4"):
        sign_up(api, conference, activity, make_token(sub, name=f"Name {sub}", email=f"{sub}@mail.test"), note=sub)
    api.delete(public(conference, activity, "/signup"), token=make_token("s4"))
    reply = api.get(manage(conference, activity, "/signups"), token=manager)
    assert reply.status == 200
    body = reply.body
    assert [(s["user"]["sub"], s["status"]) for s in body["signups"]] == [
        ("s1", "confirmed"), ("s2", "confirmed"), ("s3", "waitlisted")]
    assert body["signups"][0]["user"] == {"sub": "s1", "email": "s1@mail.test", "name": "Name s1"}
    assert body["signups"][0]["note"] == "s1" and body["signups"][0]["cancelled_at"] is None
    assert body["stats"] == {"total_active": 3, "confirmed": 2, "waitlisted": 1, "cancelled": 1,
                             "offered": 0, "expired": 0}
    assert body["spots_remaining"] == 0
    cancelled = api.get(manage(conference, activity, "/signups?status=cancelled"), token=manager).body["signups"]
    assert [(s["user"]["sub"], bool(s["cancelled_at"])) for s in cancelled] == [("s4", True)]
    waitlisted = api.get(manage(conference, activity, "/signups?status=waitlisted"), token=manager).body["signups"]
    assert [s["user"]["sub"] for s in waitlisted] == ["s3"]
    assert api.get(manage(conference, activity, "/signups?status=nope"), token=manager).status == 422


def test_organisers_see_export_and_promote_their_activity_only(
    api: Api, conference: str, new_activity: Callable, make_token: Callable,
) -> None:
    mine = new_activity(conference, name="Mine", organizers=["olga"], max_participants=1)["slug"]
    theirs = new_activity(conference, name="Theirs", organizers=["someone-else"])["slug"]
    olga = make_token("olga")
    sign_up(api, conference, mine, make_token("p1"))
    waiting = sign_up(api, conference, mine, make_token("p2"))
    assert api.get(manage(conference, mine, "/signups"), token=olga).status == 200
    assert api.get(manage(conference, mine, "/signups.csv"), token=olga).status == 200
    promoted = api.post(manage(conference, mine, f"/signups/{waiting['id']}/promote"), token=olga)
    assert promoted.status == 200 and promoted.body["overbooked"] is True
    for suffix in ("/signups", "/signups.csv"):
        assert api.get(manage(conference, theirs, suffix), token=olga).status == 403
    assert api.post(manage(conference, theirs, f"/signups/{waiting['id']}/promote"), token=olga).status == 403
    # organisers manage signups, not the activity itself
    assert api.patch(manage(conference, mine), {"name": "Renamed"}, token=olga).status == 403
    listed = api.get(manage(conference), token=olga)  # the activities she organises, and only those
    assert listed.status == 200 and [a["slug"] for a in listed.body["activities"]] == [mine]
    assert api.get(manage(conference), token=make_token("p1")).status == 403  # organises none
    # an attendee of the activity sees nothing either
    assert api.get(manage(conference, mine, "/signups"), token=make_token("p1")).status == 403


def test_csv_export_neutralises_formulas(api: Api, conference: str, new_activity: Callable, manager: str,
                                         make_token: Callable) -> None:
    activity = new_activity(conference)["slug"]
    sign_up(api, conference, activity, make_token("=cmd", name="+SUM(A1)", email="@evil.test"),
            note='=HYPERLINK("http://x","y")')
    sign_up(api, conference, activity, make_token("plain", name="Ana, \"Q\"", email="ana@x.test"), note="-1+2")
    reply = api.get(manage(conference, activity, "/signups.csv"), token=manager)
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/csv")
    assert reply.raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets then read names right
    rows = list(csv.reader(io.StringIO(reply.raw.decode("utf-8-sig"))))
    assert rows[0] == ["Username", "Full Name", "Email", "Status", "Note", "Signed Up", "Waitlist Position"]
    assert rows[1][:5] == ["'=cmd", "'+SUM(A1)", "'@evil.test", "confirmed", "'=HYPERLINK(\"http://x\",\"y\")"]
    assert rows[2][:5] == ["plain", "Ana, \"Q\"", "ana@x.test", "confirmed", "'-1+2"]
    assert rows[1][5].endswith("Z") and rows[1][6] == ""  # confirmed: no place in the queue
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


# -- manual promote ----------------------------------------------------------------------


def test_promote_into_a_free_place_is_not_overbooked(api: Api, conference: str, new_activity: Callable,
                                                     manager: str, make_token: Callable) -> None:
    from chalicelib.store import activities as store

    activity = new_activity(conference, max_participants=1)["slug"]
    sign_up(api, conference, activity, make_token("a"))
    waiting = sign_up(api, conference, activity, make_token("b"))
    # free a place without going through cancel (so no stream-driven promotion races us)
    store.update_activity(conference, activity, {"max_participants": 2})
    reply = api.post(manage(conference, activity, f"/signups/{waiting['id']}/promote"), token=manager)
    assert reply.status in (200, 409)  # 409 only if the stream pump promoted it first
    if reply.status == 200:
        assert reply.body["status"] == "confirmed" and reply.body["overbooked"] is False
        assert reply.body["promoted_at"]
    detail = api.get(public(conference, activity), token=make_token("b")).body
    assert detail["my_signup"]["status"] == "confirmed"
    assert (detail["signup_count"], detail["waitlist_count"]) == (2, 0)


def test_promote_when_full_overbooks(api: Api, conference: str, new_activity: Callable, manager: str,
                                     make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=1)["slug"]
    sign_up(api, conference, activity, make_token("a"))
    waiting = sign_up(api, conference, activity, make_token("b"))
    reply = api.post(manage(conference, activity, f"/signups/{waiting['id']}/promote"), token=manager)
    assert reply.status == 200
    assert reply.body["overbooked"] is True and reply.body["status"] == "confirmed"
    detail = api.get(public(conference, activity)).body
    assert (detail["signup_count"], detail["waitlist_count"], detail["spots_remaining"]) == (2, 0, 0)
    again = api.post(manage(conference, activity, f"/signups/{waiting['id']}/promote"), token=manager)
    assert again.status == 409 and again.error_code == "not_waitlisted"


def test_promote_confirmed_or_cancelled_is_409_and_unknown_is_404(
    api: Api, conference: str, new_activity: Callable, manager: str, make_token: Callable,
) -> None:
    activity = new_activity(conference)["slug"]
    confirmed = sign_up(api, conference, activity, make_token("a"))
    cancelled = sign_up(api, conference, activity, make_token("b"))
    api.delete(public(conference, activity, "/signup"), token=make_token("b"))
    for signup in (confirmed, cancelled):
        reply = api.post(manage(conference, activity, f"/signups/{signup['id']}/promote"), token=manager)
        assert reply.status == 409 and reply.error_code == "not_waitlisted"
    for bogus in ("nope", "20260101T000000000000abcdef12", "99999999T999999999999abcdef12"):
        assert api.post(manage(conference, activity, f"/signups/{bogus}/promote"), token=manager).status == 404


def test_openapi_documents_activity_routes(api: Api) -> None:
    paths = api.get("/openapi.json").body["paths"]
    for route in ("/conferences/{slug}/activities", "/conferences/{slug}/activities/{activity_slug}/signup",
                  "/manage/conferences/{slug}/activities/{activity_slug}/signups.csv",
                  "/manage/conferences/{slug}/activities/{activity_slug}/signups/{signup_id}/promote"):
        assert route in paths, route


@pytest.mark.parametrize("weird", ["x" * 1500, "UPPER", "a--b", "%F0%9F%92%A5"])
def test_weird_activity_slugs_are_404_not_500(api: Api, conference: str, manager: str, make_token: Callable,
                                              weird: str) -> None:
    user = make_token("someone")
    assert api.get(public(conference, weird)).status == 404
    assert api.post(public(conference, weird, "/signup"), {}, token=user).status == 404
    assert api.delete(public(conference, weird, "/signup"), token=user).status == 404
    assert api.patch(manage(conference, weird), {"name": "x"}, token=manager).status == 404
    assert api.get(manage(conference, weird, "/signups"), token=manager).status == 404
    assert api.get(manage(conference, weird, "/signups"), token=user).status == 403
    assert api.post(manage(conference, weird, "/signups/" + "9" * 1200 + "/promote"), token=manager).status == 404


def test_csv_export_keeps_accented_names_for_spreadsheets(api: Api, conference: str, new_activity: Callable,
                                                          manager: str, make_token: Callable) -> None:
    activity = new_activity(conference)["slug"]
    sign_up(api, conference, activity, make_token("jm", name="José Müller", email="jose@x.test"))
    raw = api.get(manage(conference, activity, "/signups.csv"), token=manager).raw
    assert raw[:3] == b"\xef\xbb\xbf" and raw.count(b"\xef\xbb\xbf") == 1
    assert "José Müller" in raw[3:].decode("utf-8")


def test_csv_export_gives_the_waitlist_position(api: Api, conference: str, new_activity: Callable, manager: str,
                                                make_token: Callable) -> None:
    activity = new_activity(conference, max_participants=1)["slug"]
    for name in ("first", "second", "third"):
        sign_up(api, conference, activity, make_token(name))
    reply = api.get(manage(conference, activity, "/signups.csv"), token=manager)
    rows = list(csv.reader(io.StringIO(reply.raw.decode("utf-8-sig"))))
    assert [(r[0], r[3], r[6]) for r in rows[1:]] == [("first", "confirmed", ""), ("second", "waitlisted", "1"),
                                                     ("third", "waitlisted", "2")]
