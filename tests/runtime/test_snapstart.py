"""INIT priming and the SnapStart hooks (chalicelib/warmup.py, chalicelib/snapstart.py)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from chalicelib import aws, snapstart, warmup
from chalicelib.store import conferences, table
from tests.support.wire import CountingEndpoint

ROOT = Path(__file__).resolve().parents[2]


def test_priming_runs_every_store_operation(app_module: Any) -> None:
    """Every call answered in-process (that none of them reaches the network is checked on
    the wire by the INIT test below, whose endpoint counts what arrives)."""
    calls = table.priming_calls()
    assert aws.prime("dynamodb", calls) == len(calls) >= 8
    # the client answers for real again afterwards
    assert aws.client("dynamodb").describe_table(TableName=app_module.settings().table_name)["Table"]


def test_priming_skips_a_call_the_client_refuses() -> None:
    assert aws.prime("dynamodb", [("get_item", {"TableName": "t"})]) == 0  # Key missing: refused, not raised


def test_hooks_are_registered_with_the_runtime_library(app_module: Any) -> None:
    from snapshot_restore_py import get_after_restore, get_before_snapshot

    assert (snapstart.before_snapshot, (), {}) in get_before_snapshot()
    assert (snapstart.after_restore, (), {}) in get_after_restore()


def _pool(client: Any) -> Any:
    """The client's urllib3 pool for its endpoint (what its next request would use)."""
    url = client.meta.endpoint_url
    return client._endpoint.http_session._get_connection_manager(url).connection_from_url(url)


def test_after_restore_unshares_random_state_cached_settings_and_connections(app_module: Any) -> None:
    dynamodb = aws.client("dynamodb")
    dynamodb.list_tables()  # a pooled connection now exists
    before = _pool(dynamodb)
    assert before.num_connections >= 1
    conferences._recent.put("restored-slug", object())  # type: ignore[arg-type]
    random.seed(7)
    in_snapshot = random.getstate()
    snapstart.after_restore()
    assert random.getstate() != in_snapshot  # every restored copy draws its own jitter
    assert conferences._recent.get("restored-slug", 60.0) is None
    after = _pool(dynamodb)
    # the pool that held the connection is dropped: requests use a new one (a live stack's event
    # pump in this test process may already have connected it)
    assert after is not before
    assert dynamodb.list_tables()["TableNames"] is not None  # and it connects on its next request


def test_the_pools_made_ahead_are_the_ones_requests_use(app_module: Any) -> None:
    aws.close_connections()
    assert aws.open_pools() == len(aws._made)
    made = _pool(aws.client("dynamodb"))
    aws.client("dynamodb").list_tables()
    # At least one: a live stack's event pump in this test process may share the client meanwhile.
    assert _pool(aws.client("dynamodb")) is made and made.num_connections >= 1


_HOOKS_CHILD = """
import json, sys, time
import app
from chalicelib import warmup
from bench.cold import run_snapshot_hooks
at_init = {"deferred": sorted(m.__qualname__ for m in warmup.request_models() if not m.__pydantic_complete__),
           "jwt": "jwt" in sys.modules}
timings = run_snapshot_hooks()
print(json.dumps({"at_init": at_init, "timings": timings,
                  "deferred": sorted(m.__qualname__ for m in warmup.request_models() if not m.__pydantic_complete__),
                  "lazy": [name for name in warmup.LAZY_MODULES if name not in sys.modules]}))
"""


def test_the_hooks_prepare_everything_before_the_snapshot_without_sending_a_request() -> None:
    with CountingEndpoint() as endpoint:  # the child's AWS endpoint: what reaches it was sent
        out = subprocess.run([sys.executable, "-c", _HOOKS_CHILD], cwd=ROOT, capture_output=True, text=True,
                             timeout=120, check=False, env={**os.environ, "AWS_ENDPOINT_URL": endpoint.url})
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["at_init"] == {"deferred": [], "jwt": False}  # INIT builds the models, leaves PyJWT to first use
    assert seen["deferred"] == [] and seen["lazy"] == []  # the snapshot holds every module the routes load
    assert endpoint.requests == []  # priming never leaves the process
    assert seen["timings"]["after_restore_ms"] < 100


@pytest.mark.parametrize("service", aws.PROCESS_SERVICES)
def test_the_process_clients_exist_after_import(app_module: Any, service: str) -> None:
    assert aws.client(service) is aws.client(service)
    assert service in aws._made
    assert warmup.build_models() == 0  # nothing left deferred once the app is imported


def test_a_failing_priming_step_does_not_fail_the_snapshot(monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise RuntimeError("a botocore that changed")

    monkeypatch.setattr(warmup, "everything", broken)
    snapstart.before_snapshot()  # a failed hook would fail the version's publication
    assert "snapstart_priming_failed" in caplog.text


def test_only_the_priming_thread_is_answered_in_process(app_module: Any) -> None:
    aws.prime("dynamodb", [])  # the client's in-process answerer exists from INIT on
    dynamodb = aws.client("dynamodb")
    table_name = app_module.settings().table_name
    seen: dict[str, Any] = {}
    other = threading.Thread(target=lambda: seen.update(other=dynamodb.describe_table(TableName=table_name)))
    with aws._answers["dynamodb"].priming():
        mine = dynamodb.describe_table(TableName=table_name)
        other.start()
        other.join(30)
    assert "Table" not in mine  # answered in-process: an empty success
    assert seen["other"]["Table"]["TableName"] == table_name  # another thread's request went to the table
    assert "Table" in dynamodb.describe_table(TableName=table_name)  # and so does everything after
