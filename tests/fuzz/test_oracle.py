"""The fuzzer's oracle must be able to fail: feed it answers the contract forbids."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fuzz import driver

JSON = {"Content-Type": "application/json"}
GRANT = "/manage/conferences/{slug}/travel-grants/{grant_id}"


@pytest.fixture(scope="module")
def oracle(api: Any) -> driver.Oracle:
    return driver.Oracle(api.get("/openapi.json").body)


def judge(oracle: driver.Oracle, method: str, template: str, status: int, body: Any,
          headers: dict[str, str] | None = None) -> list[str]:
    return oracle.judge(method, template, status, body, repr(body).encode(), JSON if headers is None else headers)


def test_accepts_what_the_contract_allows(oracle: driver.Oracle) -> None:
    assert judge(oracle, "GET", "/health", 200, {"status": "ok"}) == []
    assert judge(oracle, "GET", GRANT, 404, {"error": {"code": "not_found", "message": "No such grant."}}) == []
    assert judge(oracle, "PATCH", GRANT, 422, {"error": {"code": "validation_error", "message": "Invalid.",
                                                         "fields": {"status": ["unknown"]}}}) == []
    assert judge(oracle, "POST", "/manage/conferences/{slug}/pretalx/sync", 502,
                 {"error": {"code": "pretalx_unavailable", "message": "Pretalx failed."}}) == []


@pytest.mark.parametrize(("method", "template", "status", "body", "headers"), [
    ("GET", "/health", 500, {"error": {"code": "internal_error", "message": "Oops."}}, None),
    ("GET", "/health", 200, {"status": 5}, None),  # response schema
    ("GET", "/health", 200, {"status": "ok"}, {"Content-Type": "text/html"}),
    ("GET", GRANT, 200, {"id": "x"}, None),  # missing required fields of the reviewer view
    ("GET", GRANT, 404, {"message": "not found"}, None),  # not the error shape
    ("GET", GRANT, 404, {"error": {"code": "not_found"}}, None),  # no message
    ("GET", GRANT, 404, {"error": {"code": "not_found", "message": "x", "fields": {"a": ["b"]}}}, None),
    ("PATCH", GRANT, 422, {"error": {"code": "validation_error", "message": "x"}}, None),  # 422 without fields
    ("PATCH", GRANT, 422, {"error": {"code": "validation_error", "message": "x", "fields": {"a": "b"}}}, None),
    ("GET", "/health", 418, {"error": {"code": "teapot", "message": "x"}}, None),  # undocumented status
    ("GET", GRANT, 502, {"error": {"code": "pretalx_unavailable", "message": "x"}}, None),  # 502 off the sync
    ("GET", GRANT, 503, {"error": {"code": "service_unavailable", "message": "x"}}, None),  # no Retry-After
])
def test_rejects_what_the_contract_forbids(oracle: driver.Oracle, method: str, template: str, status: int,
                                           body: Any, headers: dict[str, str] | None) -> None:
    assert judge(oracle, method, template, status, body, headers) != []
