"""PATCH /manage/conferences/{slug}: a partial update that keeps every field it is not given."""

from __future__ import annotations

import threading

import pytest

from chalicelib.crypto import open_envelope
from chalicelib.services.conferences import get_conference, pretalx_context
from tests.support.conference import conference_body, unique_slug
from tests.support.request_count import dynamodb_requests

PRETALX = {"base_url": "https://pretalx.com", "event_slug": "pycon-2026", "api_token": "sealed-token"}


@pytest.fixture
def slug(api, admin_token) -> str:
    slug = unique_slug()
    body = conference_body(pretalx=PRETALX, features={"programs": False})
    assert api.put(f"/manage/conferences/{slug}", body, token=admin_token).status == 201
    return slug


def patch(api, slug, body, token):
    return api.patch(f"/manage/conferences/{slug}", body, token=token)


def test_renaming_keeps_every_other_setting(api, admin_token, slug):
    before = api.get(f"/manage/conferences/{slug}", token=admin_token).body
    reply = patch(api, slug, {"name": "PyCon Renamed"}, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body["name"] == "PyCon Renamed"
    unchanged = {k: v for k, v in reply.body.items() if k not in ("name", "updated_at")}
    assert unchanged == {k: v for k, v in before.items() if k not in ("name", "updated_at")}
    assert reply.body["timezone"] == "America/New_York" and reply.body["features"]["programs"] is False
    assert reply.body["pretalx"] == {"base_url": "https://pretalx.com", "event_slug": "pycon-2026",
                                     "api_token_set": True, "per_talk_types": []}
    envelope = get_conference(slug).pretalx.token_envelope
    assert open_envelope(envelope, pretalx_context(slug)) == {"api_token": "sealed-token"}


def test_a_patch_keeps_the_token_from_the_conference_it_read(api, admin_token, slug):
    api.get(f"/manage/conferences/{slug}", token=admin_token)  # a warm container has read its conference
    with dynamodb_requests() as counts:
        reply = patch(api, slug, {"name": "PyCon Renamed"}, admin_token)
    assert reply.status == 200, reply.body
    assert counts == {"UpdateItem": 1}  # the conditional write only: no second read for the token
    envelope = get_conference(slug, fresh=True).pretalx.token_envelope
    assert open_envelope(envelope, pretalx_context(slug)) == {"api_token": "sealed-token"}


def test_pretalx_null_removes_the_settings_and_a_new_token_replaces_the_old(api, admin_token, slug):
    new = patch(api, slug, {"pretalx": {**PRETALX, "api_token": "fresh"}}, admin_token)
    assert new.status == 200
    assert open_envelope(get_conference(slug).pretalx.token_envelope, pretalx_context(slug)) == {"api_token": "fresh"}
    reply = patch(api, slug, {"pretalx": None}, admin_token)
    assert reply.status == 200 and reply.body["pretalx"] is None
    assert reply.body["name"] == "PyCon Test"


def test_null_for_an_optional_setting_falls_back_to_its_default(api, admin_token, slug):
    reply = patch(api, slug, {"max_grant_amount": None, "timezone": "Europe/Berlin"}, admin_token)
    assert reply.status == 200, reply.body
    assert reply.body["max_grant_amount"] == "3000.00" and reply.body["timezone"] == "Europe/Berlin"


def test_the_merged_result_must_be_valid(api, admin_token, slug):
    # the stored sections lie in May 13-19: moving the dates away breaks them
    moved = patch(api, slug, {"start_date": "2026-06-01", "end_date": "2026-06-05"}, admin_token)
    assert moved.status == 422 and "sections" in moved.body["error"]["fields"]
    early_end = patch(api, slug, {"end_date": "2026-05-01"}, admin_token)
    assert early_end.status == 422 and "end_date" in early_end.body["error"]["fields"]
    cleared = patch(api, slug, {"name": None, "start_date": None}, admin_token)
    assert cleared.status == 422 and set(cleared.body["error"]["fields"]) == {"name", "start_date"}
    assert patch(api, slug, {"timezone": "Mars/Olympus"}, admin_token).status == 422
    assert patch(api, slug, {"nonsense": 1}, admin_token).status == 422
    assert api.get(f"/manage/conferences/{slug}", token=admin_token).body["name"] == "PyCon Test"


def test_unknown_conference_and_permissions(api, admin_token, make_token, slug):
    assert patch(api, unique_slug(), {"name": "x"}, admin_token).status == 404
    assert patch(api, slug, {"name": "x"}, make_token("nobody", "manage_activity")).status == 403
    assert patch(api, slug, {"name": "x"}, None).status == 401


def test_concurrent_patches_of_different_fields_both_land(api, admin_token, slug):
    results: list[int] = []

    def run(body):
        results.append(patch(api, slug, body, admin_token).status)

    threads = [threading.Thread(target=run, args=(body,))
               for body in ({"name": "Both Landed"}, {"grant_budget": "1234.00"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200]
    final = api.get(f"/manage/conferences/{slug}", token=admin_token).body
    assert final["name"] == "Both Landed" and final["grant_budget"] == "1234.00"


def test_a_patch_merges_onto_another_containers_change_this_container_still_remembers(api, admin_token, slug):
    """This container's copy of the conference (store/conferences.py remembers it for a few
    seconds) is stale after another container's save: the PATCH's conditional write notices,
    merges onto the current version read again, and keeps the other change."""
    from chalicelib.store import conferences, table

    assert api.get(f"/conferences/{slug}").status == 200  # remembered here
    elsewhere = conferences.ConferenceItem(conferences.conference_pk(slug), conferences.META_SK)
    table.update(elsewhere, [conferences.ConferenceItem.timezone.set("Europe/Berlin"),
                             conferences.ConferenceItem.updated_at.set("2099-01-01T00:00:00.000000Z")])
    assert conferences.get(slug).timezone != "Europe/Berlin"  # still the old copy here
    reply = patch(api, slug, {"name": "Merged"}, admin_token)
    assert reply.status == 200, reply.body
    assert (reply.body["name"], reply.body["timezone"]) == ("Merged", "Europe/Berlin")
