"""Fuzz every operation of the OpenAPI document, in-process, against a realistic world.

`test_fuzz_operation` (in `make test`) runs a few derandomized examples per operation, so CI
sees the same requests every time; `test_fuzz_operation_long` (marked slow, `make test-all`)
runs many more. `test_hostile_requests` sends a fixed list of broken tokens, path parameters,
bodies and headers to every operation. The oracle is `driver.Oracle.judge`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.generation.modes import GenerationMode

from tests.fuzz import driver
from tests.support.world import Place, build_place

QUICK_EXAMPLES = 8
LONG_EXAMPLES = 100


@pytest.fixture(scope="module")
def document(api: Any) -> dict[str, Any]:
    reply = api.get("/openapi.json")
    assert reply.status == 200
    return reply.body


@pytest.fixture(scope="module")
def oracle(document: dict[str, Any]) -> driver.Oracle:
    return driver.Oracle(document)


@pytest.fixture(scope="module")
def schema(document: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(json.loads(json.dumps(document)))


@pytest.fixture(scope="module")
def place(api: Any) -> Place:
    return build_place(api, with_gus=False)


@pytest.fixture(scope="module", autouse=True)
def no_outbound_http() -> Any:
    """A fuzzed conference may name any https Pretalx host: refuse to leave the machine."""
    import requests.adapters

    original = requests.adapters.HTTPAdapter.send

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        host = (requests.utils.urlparse(request.url).hostname or "").lower()
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise requests.exceptions.ConnectionError(f"fuzz tests do not reach {host}")
        return original(self, request, *args, **kwargs)

    requests.adapters.HTTPAdapter.send = send  # type: ignore[method-assign]
    yield
    requests.adapters.HTTPAdapter.send = original  # type: ignore[method-assign]


def _operations() -> list[tuple[str, str]]:
    import app  # noqa: F401 - registers every route
    from chalicelib.api.routing import ROUTES

    return sorted({(spec.method, spec.path) for spec in ROUTES}, key=lambda r: (r[1], r[0]))


OPERATIONS = _operations()


def test_openapi_document_validates(document: dict[str, Any]) -> None:
    validate(document)
    documented = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert documented == set(OPERATIONS)


#: Operations that may end the shared place's accepted grant (withdrawing it is allowed): they
#: fuzz a place of their own, or the routes fuzzed after them would find it withdrawn.
ENDS_THE_GRANT = {("POST", "/conferences/{slug}/travel-grant/withdraw")}


def _fuzz(api: Any, schema: Any, oracle: driver.Oracle, place: Place, method: str, path: str,
          examples: int) -> list[int]:
    operation = schema[path][method]
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    callers = driver.authorization_values()
    statuses: list[int] = []

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None, print_blob=True,
              phases=(Phase.explicit, Phase.generate),
              suppress_health_check=list(HealthCheck))
    @given(case=cases, data=st.data())
    def run(case: Any, data: Any) -> None:
        sent = driver.draw_request(data, case, place, callers)
        reply = driver.send(api, sent, path)
        statuses.append(reply.status)
        problems = oracle.judge(method, path, reply.status, reply.body, reply.raw, reply.headers)
        assert not problems, f"{sent.describe()}\n-> {reply.status} {reply.raw[:300]!r}\n" + "\n".join(problems)

    run()
    return statuses


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_fuzz_operation(api: Any, schema: Any, oracle: driver.Oracle, place: Place, method: str, path: str) -> None:
    if (method, path) in ENDS_THE_GRANT:
        place = build_place(api, with_gus=False)
    statuses = _fuzz(api, schema, oracle, place, method, path, QUICK_EXAMPLES)
    assert statuses
    assert any(status != 401 for status in statuses), "no example got past authentication"


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_fuzz_operation_long(api: Any, schema: Any, oracle: driver.Oracle, place: Place, method: str,
                             path: str) -> None:
    if (method, path) in ENDS_THE_GRANT:
        place = build_place(api, with_gus=False)
    statuses = _fuzz(api, schema, oracle, place, method, path, LONG_EXAMPLES)
    if method == "GET" and not any(200 <= status < 300 for status in statuses):
        # Random draws rarely combine every real id with a clean request: send that one on purpose.
        real = path
        for name, attrs in driver.REAL_IDS.items():
            real = real.replace("{" + name + "}", str(getattr(place, attrs[0])))
        # The applicant's own routes answer their owner (ada) only; the console's, the full permissions.
        who = "applicant" if path.startswith("/conferences/{slug}/travel-grant/") else "full"
        reply = api.request("GET", real, headers={"Authorization": driver.authorization_values()[who]})
        assert 200 <= reply.status < 300, f"GET {real} -> {reply.status} {reply.raw[:300]!r}"
        assert not oracle.judge(method, path, reply.status, reply.body, reply.raw, reply.headers)
