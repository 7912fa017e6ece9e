"""Conferences and the API plumbing: auth, error shape, bad input, CORS."""

import json

import pytest

from tests.support.conference import conference_body, unique_slug


def assert_error(reply, status, code):
    assert reply.status == status, (reply.status, reply.body)
    assert reply.body["error"]["code"] == code
    assert isinstance(reply.body["error"]["message"], str) and reply.body["error"]["message"]
    assert "Traceback" not in reply.raw.decode("utf-8", "replace")


def test_create_then_update_then_read(api, admin_token):
    slug = unique_slug()
    created = api.put(f"/manage/conferences/{slug}", conference_body(), token=admin_token)
    assert created.status == 201
    assert created.body["slug"] == slug and created.body["grant_budget"] == "250000.00"
    updated = api.put(f"/manage/conferences/{slug}", conference_body(name="Renamed"), token=admin_token)
    assert updated.status == 200 and updated.body["name"] == "Renamed"
    assert updated.body["created_at"] == created.body["created_at"]
    public = api.get(f"/conferences/{slug}")
    assert public.status == 200
    assert public.body["name"] == "Renamed"
    assert public.body["max_grant_amount"] == "3000.00"
    assert [s["name"] for s in public.body["sections"]] == ["Tutorials", "Talks", "Sprints"]
    assert "grant_budget" not in public.body and "pretalx" not in public.body


def test_defaults_apply(api, admin_token):
    slug = unique_slug()
    reply = api.put(f"/manage/conferences/{slug}",
                    {"name": "Minimal", "start_date": "2026-05-13", "end_date": "2026-05-13"}, token=admin_token)
    assert reply.status == 201
    assert reply.body["timezone"] == "UTC"
    assert reply.body["max_grant_amount"] == "3000.00"
    assert reply.body["features"] == {"programs": True, "public_ui": True, "travel_grants": True}
    assert reply.body["grant_budget"] is None and reply.body["pretalx"] is None


def test_feature_overrides_and_max_amount(api, admin_token):
    slug = unique_slug()
    body = conference_body(features={"programs": False}, max_grant_amount=1200)
    reply = api.put(f"/manage/conferences/{slug}", body, token=admin_token)
    assert reply.body["features"] == {"programs": False, "public_ui": True, "travel_grants": True}
    assert reply.body["max_grant_amount"] == "1200.00"


def test_pretalx_token_is_sealed_never_returned_and_kept(api, admin_token, app_module):
    slug = unique_slug()
    pretalx = {"base_url": "https://pretalx.com/", "event_slug": "pycon-2026", "api_token": "very-secret-token"}
    reply = api.put(f"/manage/conferences/{slug}", conference_body(pretalx=pretalx), token=admin_token)
    assert reply.status == 201
    assert reply.body["pretalx"] == {"base_url": "https://pretalx.com", "event_slug": "pycon-2026", "api_token_set": True,
                                     "per_talk_types": []}
    assert b"very-secret-token" not in reply.raw
    # Updating without a token keeps the sealed one.
    pretalx_no_token = {"base_url": "https://pretalx.com", "event_slug": "pycon-2026b"}
    again = api.put(f"/manage/conferences/{slug}", conference_body(pretalx=pretalx_no_token), token=admin_token)
    assert again.body["pretalx"]["api_token_set"] is True and again.body["pretalx"]["event_slug"] == "pycon-2026b"
    for path in (f"/conferences/{slug}", f"/manage/conferences/{slug}", "/manage/conferences"):
        assert b"very-secret-token" not in api.get(path, token=admin_token).raw
    # The raw item holds ciphertext only, which opens with this conference's context.
    from chalicelib.crypto import open_envelope
    from chalicelib.services.conferences import get_conference, pretalx_context
    from chalicelib.store.conferences import get as get_item

    assert "very-secret-token" not in json.dumps(get_item(slug).pretalx)
    envelope = get_conference(slug).pretalx.token_envelope
    assert open_envelope(envelope, pretalx_context(slug)) == {"api_token": "very-secret-token"}


def test_removing_pretalx_settings(api, admin_token):
    slug = unique_slug()
    pretalx = {"base_url": "https://pretalx.com", "event_slug": "e", "api_token": "t"}
    api.put(f"/manage/conferences/{slug}", conference_body(pretalx=pretalx), token=admin_token)
    reply = api.put(f"/manage/conferences/{slug}", conference_body(), token=admin_token)
    assert reply.body["pretalx"] is None


def test_list_conferences_for_managers(api, admin_token, conference):
    reply = api.get("/manage/conferences", token=admin_token)
    assert reply.status == 200
    assert conference in [c["slug"] for c in reply.body["conferences"]]


# --- auth ---------------------------------------------------------------------------------

def test_put_requires_token(api):
    assert_error(api.put(f"/manage/conferences/{unique_slug()}", conference_body()), 401, "unauthorized")


def test_put_rejects_bad_token(api):
    reply = api.put(f"/manage/conferences/{unique_slug()}", conference_body(), token="abc.def.ghi")
    assert_error(reply, 401, "unauthorized")


def test_put_requires_permission(api, make_token):
    token = make_token("mallory", "manage_activity", "review_travel_grant")
    slug = unique_slug()
    assert_error(api.put(f"/manage/conferences/{slug}", conference_body(), token=token), 403, "forbidden")
    assert api.get(f"/conferences/{slug}").status == 404
    assert_error(api.get(f"/manage/conferences/{slug}", token=token), 403, "forbidden")
    assert_error(api.get("/manage/conferences", token=token), 403, "forbidden")


def test_expired_token(api, make_token):
    token = make_token("admin", "manage_conference", ttl_seconds=-3600)
    assert_error(api.put(f"/manage/conferences/{unique_slug()}", conference_body(), token=token), 401, "unauthorized")


def test_cognito_groups_grant_permissions(api):
    import time

    import jwt

    from tests.support.conference import TEST_SECRET

    token = jwt.encode({"sub": "g", "exp": int(time.time()) + 60, "cognito:groups": ["manage_conference"]},
                       TEST_SECRET, algorithm="HS256")
    assert api.put(f"/manage/conferences/{unique_slug()}", conference_body(), token=token).status == 201


# --- validation (422 with per-field messages, nothing written) ----------------------------

@pytest.mark.parametrize("overrides, field", [
    ({"end_date": "2026-05-12"}, "end_date"),
    ({"start_date": "13/05/2026"}, "start_date"),
    ({"start_date": 20260513}, "start_date"),
    ({"end_date": "2026-02-30"}, "end_date"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": 123}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"max_grant_amount": "-5"}, "max_grant_amount"),
    ({"max_grant_amount": "12.345"}, "max_grant_amount"),
    ({"max_grant_amount": "lots"}, "max_grant_amount"),
    ({"max_grant_amount": 0}, "max_grant_amount"),
    ({"grant_budget": "NaN"}, "grant_budget"),
    ({"features": {"time_travel": True}}, "features.time_travel.[key]"),
    ({"features": {"programs": "maybe"}}, "features.programs"),
    ({"sections": [{"name": "X", "start_date": "2026-05-01", "end_date": "2026-05-02"}]}, "sections"),
    ({"sections": [{"name": "X", "start_date": "2026-05-14", "end_date": "2026-05-13"}]}, "sections.0.end_date"),
    ({"sections": "Tutorials"}, "sections"),
    ({"surprise": 1}, "surprise"),
    ({"pretalx": {"base_url": "http://example.com", "event_slug": "e"}}, "pretalx.base_url"),
    ({"pretalx": {"base_url": "https://pretalx.com", "event_slug": "../x"}}, "pretalx.event_slug"),
])
def test_field_validation(api, admin_token, overrides, field):
    slug = unique_slug()
    reply = api.put(f"/manage/conferences/{slug}", conference_body(**overrides), token=admin_token)
    assert_error(reply, 422, "validation_error")
    assert field in reply.body["error"]["fields"], reply.body
    assert api.get(f"/conferences/{slug}").status == 404  # nothing written


def test_missing_required_fields(api, admin_token):
    reply = api.put(f"/manage/conferences/{unique_slug()}", {}, token=admin_token)
    assert_error(reply, 422, "validation_error")
    assert {"name", "start_date", "end_date"} <= set(reply.body["error"]["fields"])


@pytest.mark.parametrize("slug", ["Bad_Slug", "a" * 101, "café", "a--b", "-x"])
def test_bad_slugs(api, admin_token, slug):
    reply = api.put(f"/manage/conferences/{slug}", conference_body(), token=admin_token)
    assert_error(reply, 422, "validation_error")
    assert "slug" in reply.body["error"]["fields"]
    assert api.get(f"/conferences/{slug}").status == 404


def test_local_pretalx_loopback_allowed(api, admin_token):
    pretalx = {"base_url": "http://127.0.0.1:9999", "event_slug": "e"}
    assert api.put(f"/manage/conferences/{unique_slug()}", conference_body(pretalx=pretalx), token=admin_token).status == 201


# --- malformed requests ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["{", "[1, 2]", '"text"', "null", "12", "\xff\xfe"])
def test_non_object_bodies_are_400(api, admin_token, raw):
    slug = unique_slug()
    assert_error(api.put(f"/manage/conferences/{slug}", raw=raw, token=admin_token), 400, "bad_request")
    assert api.get(f"/conferences/{slug}").status == 404


def test_huge_body_is_413(api, admin_token):
    body = json.dumps(conference_body(name="x" * (300 * 1024)))
    assert_error(api.put(f"/manage/conferences/{unique_slug()}", raw=body, token=admin_token), 413, "payload_too_large")


def test_deeply_nested_json_is_a_clean_4xx(api, admin_token):
    raw = "[" * 100000 + "]" * 100000
    reply = api.put(f"/manage/conferences/{unique_slug()}", raw=raw[: 200 * 1024], token=admin_token)
    assert reply.status in (400, 413)
    assert "error" in reply.body


def test_unknown_route_and_method(api):
    assert_error(api.get("/no/such/route"), 404, "not_found")
    assert_error(api.delete("/health"), 405, "method_not_allowed")
    assert_error(api.get(f"/conferences/{unique_slug()}"), 404, "not_found")
    assert_error(api.get("/conferences/Not_A_Slug"), 404, "not_found")


def test_health_and_openapi(api):
    assert api.get("/health").body == {"status": "ok"}
    doc = api.get("/openapi.json").body
    assert doc["openapi"].startswith("3.")
    assert doc["paths"]["/manage/conferences/{slug}"]["put"]["security"] == [{"bearerAuth": []}]


def test_cors_for_allowed_origin_only(api):
    allowed = api.get("/health", headers={"Origin": "http://localhost:3000"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == "http://localhost:3000"
    denied = api.get("/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_cors_preflight_for_allowed_origin_only(api):
    path = "/conferences/any/travel-grant"
    allowed = api.request("OPTIONS", path, headers={"Origin": "http://localhost:3000",
                                                    "Access-Control-Request-Method": "PUT"})
    assert allowed.status == 204
    assert allowed.headers.get("Access-Control-Allow-Origin") == "http://localhost:3000"
    assert "PUT" in allowed.headers.get("Access-Control-Allow-Methods", "")
    denied = api.request("OPTIONS", path, headers={"Origin": "https://evil.example"})
    assert denied.status == 403 and "Access-Control-Allow-Origin" not in denied.headers
    assert denied.error_code == "origin_not_allowed"
    assert api.request("OPTIONS", "/no/such/route", headers={"Origin": "http://localhost:3000"}).status == 404


def test_cors_preflight_answers_every_allowed_origin(api, monkeypatch):
    """Not just the first: the app answers preflights itself (API Gateway's mock could name one)."""

    from chalicelib.api import middleware, routing
    from chalicelib.config import settings

    two = settings()._replace(allowed_origins=("https://grants.example.org", "https://review.example.org"))
    monkeypatch.setattr(routing, "settings", lambda: two)
    monkeypatch.setattr(middleware, "settings", lambda: two)
    for origin in two.allowed_origins:
        reply = api.request("OPTIONS", "/manage/conferences/x/travel-grants",
                            headers={"Origin": origin, "Access-Control-Request-Method": "GET",
                                     "Access-Control-Request-Headers": "authorization"})
        assert reply.status == 204 and reply.headers["Access-Control-Allow-Origin"] == origin
        assert "Authorization" in reply.headers["Access-Control-Allow-Headers"]
