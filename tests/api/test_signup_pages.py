"""The organiser's signup list is paged like every list (limit, next_token); the CSV export
has every row, and a large one is handed out through a presigned link."""

from __future__ import annotations

import requests

from chalicelib.services import signups as service
from tests.support.clients import every_signup


def _activity(api, conference, admin_token, make_token, people=7):
    r = api.post(f"/manage/conferences/{conference}/activities",
                 {"name": "Sprint", "activity_type": "sprint", "max_participants": 3}, token=admin_token)
    assert r.status == 201, r.body
    slug = r.body["slug"]
    for n in range(people):
        assert api.post(f"/conferences/{conference}/activities/{slug}/signup", {"note": f"n{n}"},
                        token=make_token(f"p{n}")).status == 201
    return f"/manage/conferences/{conference}/activities/{slug}/signups"


def test_the_signup_list_is_paged(api, conference, admin_token, make_token):
    url = _activity(api, conference, admin_token, make_token)
    first = api.get(url + "?limit=3", token=admin_token)
    assert first.status == 200 and len(first.body["signups"]) == 3 and first.body["next_token"]
    assert first.body["stats"]["total_active"] == 7  # the whole activity's, not the page's
    second = api.get(url + f"?limit=3&next_token={first.body['next_token']}", token=admin_token).body
    assert [s["user"]["sub"] for s in second["signups"]] == ["p3", "p4", "p5"]
    assert second["signups"][0]["waitlist_position"] == 1
    everything = every_signup(api, url, admin_token).body["signups"]
    assert [s["user"]["sub"] for s in everything] == [f"p{n}" for n in range(7)]
    assert api.get(url + "?next_token=bogus", token=admin_token).status == 422
    assert api.get(url + "?limit=500", token=admin_token).status == 422


def test_a_large_csv_redirects_to_every_row(api, conference, admin_token, make_token, monkeypatch):
    url = _activity(api, conference, admin_token, make_token)
    inline = api.get(url.replace("/signups", "/signups.csv"), token=admin_token)
    assert inline.status == 200 and inline.raw.decode("utf-8-sig").count("\r\n") == 8
    monkeypatch.setattr(service, "CSV_INLINE_BYTES", 100)
    moved = api.get(url.replace("/signups", "/signups.csv"), token=admin_token)
    assert moved.status == 303, moved.body
    fetched = requests.get(moved.headers["Location"], timeout=30)
    assert fetched.status_code == 200 and fetched.content == inline.raw
