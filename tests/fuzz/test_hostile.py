"""Every operation, from a request that would work, with one hostile change at a time.

Starting from the authorization matrix's request for the route (real ids from a realistic
world, a valid body, a caller who may use it), each case swaps one thing: the Authorization
header (22 broken or odd tokens), one path parameter (traversal, encodings, unicode, control
characters, > 100 characters), the body (not JSON, not an object, deeply nested, > 256 KiB,
NaN, duplicate keys, lone surrogates...), the Content-Type, `If-Match`, or a huge header.
`make test` sends a rotating slice of the variations per operation (every variation is sent
to some operations); the slow test sends all of them to every operation. The oracle is the
fuzzer's (no 5xx, error shape, documented status, response schema).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.fuzz import driver
from tests.support.authz_matrix import TABLE, Row
from tests.support.error_shape import error_shape_problems
from tests.support.world import PERMISSIONS, Place, build_place, token

QUICK_SLICE = 2  # variations of each kind per operation in `make test`


def _variations() -> list[tuple[str, Any]]:
    variations: list[tuple[str, Any]] = [("auth", name) for name in driver.authorization_values()]
    variations += [("path", value) for value in driver.ODD_PATH_VALUES]
    variations += [("body", body) for body in driver.ODD_BODIES]
    variations += [("content-type", value) for value in driver.ODD_CONTENT_TYPES]
    variations += [("if-match", value) for value in driver.ODD_IF_MATCH]
    variations += [("header", size) for size in (8192, 65536)]
    return variations


VARIATIONS = _variations()
KINDS = sorted({kind for kind, _ in VARIATIONS})


def _slice(index: int, quick: bool) -> list[tuple[str, Any]]:
    if not quick:
        return VARIATIONS
    chosen = []
    for kind in KINDS:
        of_kind = [v for v in VARIATIONS if v[0] == kind]
        chosen += [of_kind[(index * QUICK_SLICE + k) % len(of_kind)] for k in range(QUICK_SLICE)]
    return chosen


@pytest.fixture(scope="module")
def place(api: Any) -> Place:
    return build_place(api, with_gus=False)


@pytest.fixture(scope="module")
def oracle(api: Any) -> driver.Oracle:
    return driver.Oracle(api.get("/openapi.json").body)


def _sent(row: Row, place: Place, kind: str, value: Any, callers: dict[str, str | None]) -> driver.Sent:
    caller = "full" if row.path.startswith("/manage/") else "applicant"
    headers: dict[str, str] = {}
    body = None if row.body is None else json.dumps(row.body).encode()
    if body is not None:
        headers["Content-Type"] = "application/json"
    url = row.url(place)
    if kind == "auth":
        caller = value
    elif kind == "path":
        if not re.search(r"{[^}]+}", row.path):
            url = f"{url}?{value}={value}&limit={value}"  # no parameter: odd query parameters instead
        else:  # swap the last parameter (the most specific id)
            template_parts, url_parts = row.path.split("/"), url.split("/")
            last = max(i for i, part in enumerate(template_parts) if part.startswith("{"))
            url_parts[last] = value
            url = "/".join(url_parts)
    elif kind == "body":
        body = value
        headers["Content-Type"] = "application/json"
    elif kind == "content-type":
        headers["Content-Type"] = value
        body = body if body is not None else b"{}"
    elif kind == "if-match":
        headers["If-Match"] = value
    elif kind == "header":
        headers["X-Fuzz"] = "z" * value
    if callers[caller] is not None:
        headers["Authorization"] = callers[caller]  # type: ignore[assignment]
    return driver.Sent(row.method, url, headers, body, caller)


def _run(api: Any, oracle: driver.Oracle, place: Place, row: Row, variations: list[tuple[str, Any]]) -> int:
    callers = driver.authorization_values()
    failures = []
    for kind, value in variations:
        sent = _sent(row, place, kind, value, callers)
        reply = driver.send(api, sent, row.path)
        problems = oracle.judge(row.method, row.path, reply.status, reply.body, reply.raw, reply.headers)
        security = oracle.operation(row.method, row.path)["security"]
        reads_token = security != []
        optional_and_empty = value == "empty" and {} in security  # an empty header is no token: anonymous
        if kind == "auth" and reads_token and value in driver.REJECTED_TOKENS and reply.status != 401 \
                and not optional_and_empty:
            problems.append(f"a broken token ({value}) was not refused with 401")
        if kind == "auth" and reads_token and value == "anonymous" and reply.status != 401 \
                and security == [{"bearerAuth": []}]:
            problems.append("no token on a route that requires one was not 401")
        if problems:
            failures.append(f"{kind}: {sent.describe()}\n  -> {reply.status} {reply.raw[:200]!r}\n  " +
                            "\n  ".join(problems))
    assert not failures, "\n".join(failures)
    return len(variations)


@pytest.mark.parametrize("index, row", list(enumerate(TABLE)), ids=[row.id for row in TABLE])
def test_hostile_requests(api: Any, oracle: driver.Oracle, place: Place, index: int, row: Row) -> None:
    assert _run(api, oracle, place, row, _slice(index, quick=True)) > 0


@pytest.mark.slow
@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_hostile_requests_all(api: Any, oracle: driver.Oracle, place: Place, row: Row) -> None:
    assert _run(api, oracle, place, row, VARIATIONS) > 0


def test_unregistered_methods_are_405_in_the_error_shape(api: Any, app_module: Any, place: Place) -> None:
    """Every path, with each method it does not have: 405, the error shape, and `Allow`."""
    failures = []
    for path, methods in app_module.app.routes.items():
        registered = set(methods)  # OPTIONS included: the CORS preflight route every path has
        url = re.sub(r"{[^}]+}", "x", path).replace("/conferences/x", f"/conferences/{place.slug}", 1)
        for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "TRACE"} - registered):
            reply = api.request(method, url, headers={"Authorization": f"Bearer {token('fuzz-admin', *PERMISSIONS)}"})
            allow = {m.strip() for m in reply.headers.get("Allow", "").split(",") if m.strip()}
            problems = error_shape_problems(reply.status, reply.body)
            if reply.status != 405 or problems or allow != registered:
                failures.append(f"{method} {url}: {reply.status} Allow={allow} {problems} {reply.body!r:.200}")
    assert not failures, "\n".join(failures)
