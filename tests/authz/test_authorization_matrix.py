"""The authorization matrix (tests/support/authz_matrix.py) played against the app: every route ×
every kind of caller gets the status the contract says, and ids that belong to another
applicant or another conference are unknown (404), whatever the permissions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from tests.support.authz_matrix import (
    ALLOWED,
    ANON,
    APPLICANT,
    CALLERS,
    MA,
    MG,
    MR,
    ORGANISER,
    PARAMS,
    TABLE,
    A,
    Expect,
    G,
    Row,
    caller_token,
)
from tests.support.error_shape import error_shape_problems
from tests.support.world import PERMISSIONS, Place, World, build_place, build_world, token


def _matches(expected: Expect, status: int) -> bool:
    if expected == ALLOWED:
        return status < 500 and status not in (401, 403, 404)
    return status == expected


def _check_row(api: Any, row: Row, place: Place) -> list[str]:
    url = row.url(place)
    wrong = []
    for caller in CALLERS:
        expected = row.expect[caller]
        reply = api.request(row.method, url, row.body, token=caller_token(caller))
        if not _matches(expected, reply.status):
            wrong.append(f"{caller}: expected {expected}, got {reply.status} {reply.body!r:.200}")
        elif reply.status >= 400:
            wrong += [f"{caller}: {problem}" for problem in error_shape_problems(reply.status, reply.body)]
    return wrong


@pytest.fixture(scope="module")
def shared_world(api: Any) -> World:
    return build_world(api, foreign=True)


def test_table_covers_every_route(app_module: Any) -> None:
    routes = {(method, path) for path, methods in app_module.app.routes.items() for method in methods
              if method != "OPTIONS"}
    table = {(row.method, row.path) for row in TABLE}
    assert len(table) == len(TABLE), "a route has two rows"
    assert routes - table == set(), "routes without a row in the authorization matrix"
    assert table - routes == set(), "rows for routes the app does not have"


def test_every_row_names_every_caller() -> None:
    for row in TABLE:
        assert set(row.expect) == set(CALLERS), row.id


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.id)
def test_matrix(api: Any, shared_world: World, row: Row) -> None:
    place = build_place(api, with_gus=False) if row.fresh else shared_world.here
    wrong = _check_row(api, row, place)
    assert not wrong, f"{row.id}:\n  " + "\n  ".join(wrong)


# -- ids that belong to someone else, or to another conference, are unknown (404) ----------------

FULL = "full_permissions"
BY_ROW = {row.id: row for row in TABLE}
# (route, caller, {path parameter: "here.<attr>" | "elsewhere.<attr>"}): every one must be 404.
FOREIGN: list[tuple[str, str, dict[str, str]]] = []
for _route in ("GET " + MG + "/{grant_id}", "PATCH " + MG + "/{grant_id}", "POST " + MG + "/{grant_id}/messages",
               "POST " + MG + "/{grant_id}/disburse", "GET " + MG + "/{grant_id}/payment-info",
               "PUT " + MG + "/{grant_id}/score", "DELETE " + MG + "/{grant_id}/score",
               "PUT " + MG + "/{grant_id}/conflict", "DELETE " + MG + "/{grant_id}/conflict"):
    FOREIGN.append((_route, FULL, {"grant_id": "elsewhere.grant_id"}))  # another conference's grant
    FOREIGN.append((_route, FULL, {"slug": "elsewhere.slug"}))  # this grant under another conference
for _route in ("GET " + MR + "/{receipt_id}", "POST " + MR + "/{receipt_id}/approve",
               "POST " + MR + "/{receipt_id}/flag"):
    FOREIGN.append((_route, FULL, {"receipt_id": "elsewhere.receipt_pending"}))
    FOREIGN.append((_route, FULL, {"slug": "elsewhere.slug"}))
for _route in ("POST " + G + "/receipts/{receipt_id}/complete", "DELETE " + G + "/receipts/{receipt_id}",
               "GET " + G + "/receipts/{receipt_id}"):
    FOREIGN.append((_route, APPLICANT, {"receipt_id": "here.gus_receipt"}))  # another applicant's receipt
    FOREIGN.append((_route, APPLICANT, {"receipt_id": "elsewhere.receipt_pending"}))  # hers, other conference
for _route in ("GET " + A + "/{activity_slug}", "POST " + A + "/{activity_slug}/signup",
               "DELETE " + A + "/{activity_slug}/signup", "GET " + MA + "/{activity_slug}",
               "PATCH " + MA + "/{activity_slug}", "GET " + MA + "/{activity_slug}/signups",
               "GET " + MA + "/{activity_slug}/signups.csv", "POST " + MA + "/{activity_slug}/signups/{signup_id}/promote"):
    FOREIGN.append((_route, FULL if "/manage/" in _route else APPLICANT, {"activity_slug": "elsewhere.activity"}))
FOREIGN.append(("POST " + MA + "/{activity_slug}/signups/{signup_id}/promote", FULL, {"signup_id": "elsewhere.signup_id"}))
FOREIGN.append(("GET /conferences/{slug}/calendar/{feed}", ANON, {"feed": "elsewhere.calendar_feed"}))  # another conference's feed
FOREIGN.append(("POST " + MA + "/{activity_slug}/signups/{signup_id}/promote", ORGANISER,
                {"signup_id": "elsewhere.signup_id"}))


def _swap(world: World, overrides: dict[str, str]) -> Place:
    assert world.elsewhere is not None
    values = asdict(world.here)
    for param, ref in overrides.items():
        where, attr = ref.split(".")
        values[PARAMS.get(param, param)] = getattr(world.here if where == "here" else world.elsewhere, attr)
    return Place(**values)


@pytest.mark.parametrize("route, caller, overrides", FOREIGN,
                         ids=[f"{r} {c} {'/'.join(o.values())}" for r, c, o in FOREIGN])
def test_foreign_ids_are_unknown(api: Any, shared_world: World, route: str, caller: str,
                                 overrides: dict[str, str]) -> None:
    row = BY_ROW[route]
    bearer = token("foreign-admin", *PERMISSIONS) if caller == FULL else caller_token(caller)
    reply = api.request(row.method, row.url(_swap(shared_world, overrides)), row.body, token=bearer)
    assert reply.status == 404, (reply.status, reply.body)
    assert reply.error_code is not None and reply.error_code != "internal_error"
