"""The conference and its feature gates are resolved before any input is parsed.

Driven by the route table itself, so a route added later is covered too: for every route
whose path names a conference, an unknown conference (or a disabled feature) answers 404
whatever the body or query, never 400/413/422 about input that could not be used anyway.
"""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.api.routing import ROUTES, RouteSpec

FILL = {"activity_slug": "some-activity", "grant_id": "abcdefghijklmnop", "signup_id": "x",
        "receipt_id": "abcdefghijklmnop-0123456789abcdef"}
#: (An oversized body is refused by the gateway layer before any route runs: 413 stays first.)
BAD_INPUTS = [(b"{", None), (b'{"x": 1}', None), (b"[1]", None), (b"", "limit=-1&status=nope&type=nope")]


def _conference_routes() -> list[RouteSpec]:
    return [r for r in ROUTES if "{slug}" in r.path and not (r.method == "PUT" and r.path == "/manage/conferences/{slug}")]


def _path(spec: RouteSpec, slug: str) -> str:
    path = spec.path.replace("{slug}", slug)
    for name, value in FILL.items():
        path = path.replace("{" + name + "}", value)
    return path


def _send(api: Any, spec: RouteSpec, path: str, raw: bytes, query: str | None, bearer: str) -> Any:
    return api.request(spec.method, path + (f"?{query}" if query else ""), raw=raw if raw else None, token=bearer)


def test_unknown_conference_is_404_whatever_the_input(api: Any, admin_token: str) -> None:
    routes = _conference_routes()
    assert len(routes) > 20
    for spec in routes:
        for raw, query in BAD_INPUTS:
            reply = _send(api, spec, _path(spec, "no-such-conf"), raw, query, admin_token)
            assert reply.status == 404, (spec.method, spec.path, raw[:10], query, reply.status, reply.body)
            assert reply.error_code == "not_found"


@pytest.mark.parametrize("feature", ["travel_grants", "programs", "public_ui"])
def test_disabled_feature_is_404_whatever_the_input(api: Any, admin_token: str, make_conference: Any,
                                                     feature: str) -> None:
    slug = make_conference(features={feature: False})
    gated = [r for r in _conference_routes() if feature in r.features]
    assert gated
    for spec in gated:
        for raw, query in BAD_INPUTS:
            reply = _send(api, spec, _path(spec, slug), raw, query, admin_token)
            assert reply.status == 404, (spec.method, spec.path, raw[:10], query, reply.status, reply.body)


def test_a_malformed_body_for_an_unknown_or_disabled_conference_is_404(api: Any, admin_token: str, make_conference: Any) -> None:
    assert api.post("/conferences/no-such-conf/travel-grant", {"x": 1}, token=admin_token).status == 404
    off = make_conference(features={"travel_grants": False})
    assert api.request("POST", f"/conferences/{off}/travel-grant", raw=b"{", token=admin_token).status == 404
