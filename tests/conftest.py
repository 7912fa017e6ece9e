"""Test wiring: one serialised moto server per test process, reached over HTTP, started by
the first test that needs it (the `emulator` fixture, which `app_module`, `api`, `live_stack`
and the conference fixtures depend on); pure unit tests run without one.

The environment is set in `pytest_configure`, before any test module imports `app`,
because the PynamoDB models read the endpoint and table name at import time (as they
do in Lambda): the endpoint's address is a loopback socket bound then and handed to the
emulator when it starts, so the address is right from the start and a request made before
any emulator listens is refused at once instead of hanging. Tests isolate themselves with
unique conference slugs instead of recreating the table, which keeps the suite fast.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.clients import Api, HttpApi
from tests.support.conference import TEST_SECRET, conference_body, unique_slug

#: The emulator's address, bound (not listening) until the emulator starts on it.
_ADDRESS: socket.socket | None = None
_EMULATOR: Any = None
#: The table stream provisioned for this session (see live_stack).
_STREAM_ARN = ""


def pytest_configure(config: pytest.Config) -> None:
    global _ADDRESS
    _ADDRESS = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    _ADDRESS.bind(("127.0.0.1", 0))
    host, port = _ADDRESS.getsockname()
    os.environ.update({
        "STAGE": "local",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AUTH_DEV_SECRET": TEST_SECRET,
        "TABLE_NAME": "conference-test",
        "PRETALX_ALLOW_LOOPBACK": "1",  # the fake Pretalx servers listen on 127.0.0.1
        "BUCKET_NAME": "conference-receipts-test",
        "KMS_KEY_ID": "alias/conference-test",
        "ALLOWED_ORIGINS": "http://localhost:3000,http://127.0.0.1:5173",
    })
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _EMULATOR is not None:
        _EMULATOR.stop()
    if _ADDRESS is not None:
        _ADDRESS.close()


@pytest.fixture(scope="session")
def emulator() -> str:
    """The emulator with the table, bucket and key provisioned; its URL."""
    global _EMULATOR, _STREAM_ARN
    from chalicelib.config import settings
    from devstack.emulator import provision
    from devstack.emulator.server import Emulator

    _EMULATOR = Emulator(bound=_ADDRESS).start()
    settings.cache_clear()
    _STREAM_ARN = provision.provision(settings())
    os.environ["TABLE_STREAM_ARN"] = _STREAM_ARN
    settings.cache_clear()
    # Read now, from the real environment: the first request would otherwise read it inside
    # chalice's test client, which swaps in the "dev" stage's variables while it serves one.
    settings()
    return _EMULATOR.url


@pytest.fixture(scope="session")
def app_module(emulator: str) -> Any:
    import app

    _check_answers()
    return app


def _check_answers() -> None:
    """Run every route's success answer through tests/answer_shapes.py (once per process)."""
    from chalicelib.api import routing
    from tests import answer_shapes

    if getattr(routing._run, "checks_answers", False):
        return
    run = routing._run

    def checked(spec: Any, *args: Any) -> Any:
        response = run(spec, *args)
        answer_shapes.check(spec, response)
        return response

    checked.checks_answers = True  # type: ignore[attr-defined]
    routing._run = checked


@pytest.fixture(autouse=True)
def answers_match_their_models() -> Iterator[None]:
    """A test fails when a route answered something its declared response model does not describe."""
    from tests import answer_shapes

    answer_shapes.FOUND.clear()
    yield
    found = sorted(set(answer_shapes.FOUND))
    answer_shapes.FOUND.clear()
    assert not found, "answers that disagree with their response models:\n" + "\n".join(
        f"{route}: {problem}" for route, problem in found)


@pytest.fixture(scope="session")
def emulator_url(emulator: str) -> str:
    return emulator


@pytest.fixture
def make_token() -> Callable[..., str]:
    from chalicelib.auth import mint_dev_token

    def make(sub: str = "alice", *perms: str, name: str | None = None, email: str | None = None, **kw: Any) -> str:
        return mint_dev_token(TEST_SECRET, sub, name=name if name is not None else sub.title(),
                              email=email if email is not None else f"{sub}@example.com", permissions=perms, **kw)

    return make


@pytest.fixture
def admin_token(make_token: Callable[..., str]) -> str:
    return make_token("admin", "manage_conference", "manage_activity", "review_travel_grant",
                      "disburse_travel_grant", "review_receipt")


# The people of a conference, one token each (the API tests' grants, receipts and payouts).
@pytest.fixture
def applicant(make_token: Callable[..., str]) -> str:
    return make_token("ada", name="Ada Lovelace", email="ada@example.com")


@pytest.fixture
def reviewer(make_token: Callable[..., str]) -> str:
    return make_token("rita", "review_travel_grant", name="Rita Reviewer")


@pytest.fixture
def checker(make_token: Callable[..., str]) -> str:
    """Reviews receipts."""
    return make_token("carl", "review_receipt", name="Carl Checker")


@pytest.fixture
def payer(make_token: Callable[..., str]) -> str:
    return make_token("paula", "disburse_travel_grant", name="Paula Payer")


@pytest.fixture
def manager(make_token: Callable[..., str]) -> str:
    """Manages the conference's activities."""
    return make_token("activity-manager", "manage_activity")


_env_lock = threading.Lock()
_env_users = 0
_env_original: Any = None


@contextlib.contextmanager
def _shared_stage_env(self: Any, environment_variables: dict[str, str]) -> Iterator[None]:
    """chalice's test client swaps `os.environ` (process-wide) for each request and puts back
    what it found: two requests in flight in two threads then leave the first one's copy in
    place for good, and every later subprocess (a local stack) starts with the stage's
    placeholders (`LOG_LEVEL=${LogLevel}`). Here the first request in swaps and the last one
    out restores the real environment."""
    global _env_users, _env_original
    with _env_lock:
        if _env_users == 0:
            _env_original = os.environ
            patched = os.environ.copy()
            patched.update(environment_variables)
            os.environ = patched  # type: ignore[assignment]  # noqa: B003 - as chalice does
        _env_users += 1
    try:
        yield
    finally:
        with _env_lock:
            _env_users -= 1
            if _env_users == 0:
                os.environ = _env_original  # noqa: B003 - the real one back


@pytest.fixture(scope="session")
def api(app_module: Any) -> Iterator[Api]:
    from chalice.test import BaseClient, Client

    BaseClient._patched_env_vars = _shared_stage_env  # type: ignore[method-assign]  # every test client of the session

    from devstack.gateway.server import use_contract_gateway

    with Client(app_module.app) as client:
        use_contract_gateway(client, app_module.app)
        yield Api(client)


@pytest.fixture
def make_conference(api: Api, admin_token: str) -> Callable[..., str]:
    """Create a conference with a fresh slug through the API; returns the slug."""

    def make(**overrides: Any) -> str:
        slug = unique_slug()
        reply = api.put(f"/manage/conferences/{slug}", conference_body(**overrides), token=admin_token)
        assert reply.status == 201, reply.body
        return slug

    return make


@pytest.fixture
def conference(make_conference: Callable[..., str]) -> str:
    return make_conference()


#: Event pumps started by `live_stack` on this worker; they keep running for the session.
RUNNING_PUMPS: list[Any] = []


@pytest.fixture
def no_background_bucket_events() -> Iterator[None]:
    """Pause the bucket events of this worker's live-stack pump, if one runs, for one test.

    In-process API tests that assert what `complete` or a hand-delivered bucket event does
    would otherwise race the pump verifying the same upload (a legitimate interleaving
    that other tests cover, but not the one these tests are about).
    """
    with contextlib.ExitStack() as paused:
        for pump in list(RUNNING_PUMPS):
            paused.enter_context(pump.bucket_events_paused())
        yield


@pytest.fixture(scope="session")
def live_stack(app_module: Any) -> Iterator[HttpApi]:
    """The app served over HTTP by the threaded local server, with the event pump running."""
    import threading

    from chalicelib.config import settings
    from devstack.gateway.server import make_server
    from devstack.pump import EventPump

    server = make_server(app_module.app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    # The ARN as provisioned: chalice's test client swaps `os.environ` for the stage's config
    # (TABLE_STREAM_ARN = "${Table.StreamArn}") while it serves a request, process-wide.
    pump = EventPump(app_module, settings(), _STREAM_ARN, poll_seconds=0.1,
                     schedule_delay=float("inf")).start()  # schedules are invoked explicitly
    RUNNING_PUMPS.append(pump)
    port = server.server.server_address[1]
    try:
        yield HttpApi(f"http://127.0.0.1:{port}", pump=pump)
    finally:
        RUNNING_PUMPS.remove(pump)
        pump.stop()
        server.server.shutdown()
        server.server.server_close()
