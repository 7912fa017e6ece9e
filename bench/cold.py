"""Cold process: what a new Lambda container pays, measured in fresh interpreters.

Three groups of rows (targets in shared DESIGN.md, "Performance"):
  * INIT: `import app`, which also makes the process's AWS clients and primes them, against
    the floor (the dependencies as the app imports them + one pydantic model + one botocore
    DynamoDB client, no code of ours), in *paired* fresh interpreters (app, floor, floor,
    app…) with a warm bytecode cache as deployed, so both sides of each pair see the same
    machine load; the ratio is the median of the per-pair ratios (target <= 1.3, judged on
    CPU time as below; wall clock beside it).
  * each request family's first call in a cold process against the same call warm, INIT
    excluded (target <= 1.5x), with the DynamoDB requests of the warm call counted on the wire.
  * the same families in a copy restored from a SnapStart snapshot: a fresh process imports
    the app, runs the hooks it registered with snapshot-restore-py (before_snapshot, then
    after_restore, as the runtime does around a snapshot), then serves (target <= 1.2x).
    A memory snapshot restores the process as the hooks left it, so this is the state a
    restored copy starts from (what it cannot show: the restore's own page faults).
    The target is judged on the CPU time the process spends on the call (`time.process_time`):
    what the app itself pays cold against warm, insensitive to the machine's load (this one
    is shared, and a descheduled process or emulator moves wall-clock single samples by 2-3x)
    and to the emulator, whose answer time a cold app does not change. Wall-clock ratios,
    with and without the emulator's answers, are printed beside it.
    A child process does the work (`python -m bench.cold --child|--restored`): it imports the app,
    then calls every family in the order a fresh container might meet them. Each call is
    also timed without the time spent waiting for the emulator's answers (on the wire).
    The emulator answers slower after it sat idle, whoever asks: measured from one warm
    process, a GetItem took 3.0 ms back to back, 7.5 ms after a 50 ms pause, 22 ms after
    300 ms and 37 ms after 1 s (the same when the asking process spins instead of sleeping,
    so it is the emulator's process waking, not ours). A fresh process's first request
    always finds it idle (the import and the client took ~300 ms), so before *every* timed
    call, first and warm alike, the child wakes the emulator on a connection of its own
    (`EmulatorWaker`), not through botocore: two requests to its control surface, then one
    DynamoDB GetItem of a key nothing uses. The control requests alone left the first
    DynamoDB answer after a pause at ~8 ms against ~4 ms (measured with raw HTTP from a
    fresh process): the emulator's DynamoDB path is slow once after idling too. The ratio
    then compares our process cold and warm against the same, awake, emulator, which is
    what DynamoDB is. Nothing of the app's is touched by it (its client, connection pool and
    code stay cold), and the waker's requests are not counted (they bypass botocore).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from .harness import BenchEnv, Row

SECTION = "cold process"
CONF = "bench-cold"
ACTIVITY_PLACES = 10_000
WARM_CALLS = 7
CHILD_RUNS = 5
INIT_PAIRS = 9
#: INIT as Lambda pays it before the first request: `import app`, which also creates the
#: process's AWS clients and primes them (chalicelib/aws.py, chalicelib/warmup.py).
INIT_APP = ("import time; t, c = time.perf_counter(), time.process_time(); import app; "
            "print(time.perf_counter() - t, time.process_time() - c)")
#: The floor under INIT, with no code of ours: the dependencies as the app imports them
#: (`import pydantic` alone loads a lazy shell; these are the names our modules import, and
#: PynamoDB's attributes and indexes next to its models), one pydantic model (what building
#: any model loads: pydantic's core, its field and type machinery) and one botocore DynamoDB
#: client made as the app makes it. Plugins are off in both (the app sets it before any model).
INIT_FLOOR = """
import os, time
t, c = time.perf_counter(), time.process_time()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
import chalice, botocore.client, botocore.session, pynamodb.models, pynamodb.attributes, pynamodb.indexes
from botocore.config import Config
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer,
                      StringConstraints, ValidationError, ValidationInfo, WithJsonSchema, create_model,
                      field_validator)
class Floor(BaseModel):
    value: int = Field(0)
botocore.session.get_session().create_client(
    "dynamodb", region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
    endpoint_url=os.environ.get("AWS_ENDPOINT_URL"),
    config=Config(retries={"mode": "standard", "total_max_attempts": 4}, connect_timeout=3, read_timeout=10,
                  max_pool_connections=50))
print(time.perf_counter() - t, time.process_time() - c)
"""
INIT_TARGET = 1.3
FIRST_CALL_TARGET = 1.5
RESTORED_TARGET = 1.2


def _timed_import(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) the code reports for itself in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall) * 1000, float(cpu) * 1000


def paired_runs(app_code: str = INIT_APP, floor_code: str = INIT_FLOOR,
                pairs: int = INIT_PAIRS) -> dict[str, float]:
    """Medians of app and floor (wall and CPU ms) and of the per-pair app/floor ratios, bytecode cached.

    Paired fresh interpreters (app, floor, floor, app…) in one process tree, so both sides of
    each pair see the same machine load; each ratio is the median of the per-pair ratios.
    """
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache, "PYTHONDONTWRITEBYTECODE": ""}
        _timed_import(app_code, env)  # fills the bytecode cache (and the OS file cache)
        _timed_import(floor_code, env)
        apps: list[tuple[float, float]] = []
        floors: list[tuple[float, float]] = []
        for n in range(pairs):
            # alternate which side goes first, so neither always runs right after the other
            sides = [(app_code, apps), (floor_code, floors)]
            for code, into in sides if n % 2 == 0 else sides[::-1]:
                into.append(_timed_import(code, env))
    pairs_ = list(zip(apps, floors, strict=True))
    return {
        "app_ms": statistics.median(a[0] for a in apps), "floor_ms": statistics.median(f[0] for f in floors),
        "app_cpu_ms": statistics.median(a[1] for a in apps), "floor_cpu_ms": statistics.median(f[1] for f in floors),
        "ratio": statistics.median(a[0] / f[0] for a, f in pairs_),
        "cpu_ratio": statistics.median(a[1] / f[1] for a, f in pairs_),
    }


# -- the child: one cold process ------------------------------------------------------


def _families(conf: str, activity: str, token: Any) -> list[tuple[str, Any]]:
    """(family, call(n) -> reply) in the order a fresh container might meet them."""
    from tests.support.grants import application

    base = f"/conferences/{conf}"
    reviewer = token("cold-reviewer", "review_travel_grant")
    applied: list[str] = []

    def apply(api: Any, n: int) -> Any:
        reply = api.post(f"{base}/travel-grant", application(), token=token(f"cold-applicant-{n}"))
        applied.append(reply.body.get("id", ""))
        return reply

    def conference(api: Any, n: int) -> Any:
        from chalicelib.store import conferences

        conferences.forget(conf)  # compare with a warm read, not with the remembered copy
        return api.get(base)

    return [
        ("GET /conferences/{slug} (settings not remembered)", conference),
        ("GET /conferences/{slug}/activities", lambda api, n: api.get(f"{base}/activities")),
        ("GET /conferences/{slug}/activities/{activity} (signed in)",
         lambda api, n: api.get(f"{base}/activities/{activity}", token=token(f"cold-fan-{n}"))),
        ("POST .../signup", lambda api, n: api.post(f"{base}/activities/{activity}/signup", {"note": ""},
                                                    token=token(f"cold-fan-{n}"))),
        ("DELETE .../signup (cancel)", lambda api, n: api.delete(f"{base}/activities/{activity}/signup",
                                                                 token=token(f"cold-fan-{n}"))),
        ("POST /conferences/{slug}/travel-grant (apply)", apply),
        ("GET /conferences/{slug}/travel-grant", lambda api, n: api.get(f"{base}/travel-grant",
                                                                        token=token(f"cold-applicant-{n}"))),
        ("GET /manage/.../travel-grants (review list)",
         lambda api, n: api.get(f"/manage{base}/travel-grants", token=reviewer)),
        ("PATCH /manage/.../travel-grants/{id} (review)",
         lambda api, n: api.patch(f"/manage{base}/travel-grants/{applied[n]}", {"status": "info_needed",
                                                                                     "message": "Which airport?"},
                                  token=reviewer)),
    ]


class EmulatorWaker:
    """Wakes the emulator's process before a timed call, outside the app's HTTP client."""

    #: moto does not check signatures; the header only has to be shaped like one.
    _DYNAMODB_HEADERS = {
        "X-Amz-Target": "DynamoDB_20120810.GetItem", "Content-Type": "application/x-amz-json-1.0",
        "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
                         "SignedHeaders=host, Signature=0",
    }

    def __init__(self, endpoint: str, table: str) -> None:
        import http.client
        from urllib.parse import urlsplit

        url = urlsplit(endpoint)
        self._conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=10)
        self._get_item = json.dumps({"TableName": table, "Key": {"pk": {"S": "BENCH#WAKE"}, "sk": {"S": "WAKE"}}})

    def __call__(self) -> None:
        for _ in range(2):  # the first answer after a pause is the slow one; the second is back to back
            self._conn.request("GET", "/_devstack/state")
            self._conn.getresponse().read()
        self._conn.request("POST", "/", self._get_item, self._DYNAMODB_HEADERS)  # and its DynamoDB path
        answer = self._conn.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"the emulator refused the wake-up GetItem: {answer.status}")


def run_snapshot_hooks() -> dict[str, float]:
    """What Lambda does around a snapshot, in this process: every `before_snapshot` hook the
    app registered (in reverse order of registration), then every `after_restore` hook (in
    order), read from snapshot-restore-py's registry as the runtime reads it. Returns each
    phase's milliseconds."""
    from snapshot_restore_py import get_after_restore, get_before_snapshot

    timings: dict[str, float] = {}
    phases = (("before_snapshot_ms", get_before_snapshot()[::-1]), ("after_restore_ms", get_after_restore()))
    for phase, hooks in phases:
        if not hooks:
            raise RuntimeError(f"the app registered no {phase[:-3]} hook")
        started = time.perf_counter()
        for hook, args, kwargs in hooks:
            hook(*args, **kwargs)
        timings[phase] = (time.perf_counter() - started) * 1000
    return timings


def child(conf: str, activity: str, restored: bool = False) -> dict[str, Any]:
    """One cold process (or, `restored`, a copy restored from a snapshot) serving every family."""
    started = time.perf_counter()
    import app  # first, and timed: this is INIT (the clients are made at import)

    init_ms = (time.perf_counter() - started) * 1000
    hooks = run_snapshot_hooks() if restored else {}
    from chalice.test import Client

    from chalicelib.auth import mint_dev_token
    from devstack.gateway.server import use_contract_gateway
    from tests.support.clients import Api

    from .harness import counting

    secret = os.environ["AUTH_DEV_SECRET"]

    def token(sub: str, *perms: str) -> str:
        return mint_dev_token(secret, sub, name=sub, email=f"{sub}@example.com", permissions=perms)

    client = Client(app.app)
    use_contract_gateway(client, app.app)
    api = Api(client)
    wake = EmulatorWaker(os.environ["AWS_ENDPOINT_URL"], os.environ["TABLE_NAME"])
    plan = _families(conf, activity, token)
    # The harness's own imports and objects (test client, gateway shim, tokens) are not the
    # app's, and Lambda's runtime allocates little between INIT and the first event: collect
    # them now (the app's are frozen at the end of INIT and of the snapshot hook), so the
    # first timed call does not pay a garbage collection walking the harness's objects.
    gc.collect()
    families = []
    for name, call in plan:
        timings, own, cpu, requests = [], [], [], []
        for n in range(WARM_CALLS + 1):
            wake()
            with counting() as counter:
                t, c = time.perf_counter(), time.process_time()
                reply = call(api, n)
                elapsed, used = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
            assert reply.status < 300, (name, reply.status, reply.body)
            timings.append(elapsed)
            own.append(elapsed - counter.wire_seconds * 1000)  # without the emulator's answers
            cpu.append(used)
            requests.append(counter.total("dynamodb"))
        families.append({"name": name, "first_ms": timings[0], "warm_ms": statistics.median(timings[1:]),
                         "first_own_ms": own[0], "warm_own_ms": statistics.median(own[1:]),
                         "first_cpu_ms": cpu[0], "warm_cpu_ms": statistics.median(cpu[1:]),
                         "first_requests": requests[0], "warm_requests": statistics.median(requests[1:])})
    return {"init_ms": init_ms, **hooks, "families": families}


# -- the section ------------------------------------------------------------------------


def _seed(env: BenchEnv) -> tuple[str, str]:
    admin = env.token("bench-admin", "manage_conference", "manage_activity")
    suffix = str(int(time.time() * 1000))[-7:]
    conf = f"{CONF}-{suffix}"
    body = {"name": "Bench Cold", "start_date": "2026-05-13", "end_date": "2026-05-19", "grant_budget": "100000"}
    assert env.api.put(f"/manage/conferences/{conf}", body, token=admin).status == 201
    reply = env.api.post(f"/manage/conferences/{conf}/activities", {"name": "Cold", "max_participants": ACTIVITY_PLACES},
                         token=admin)
    assert reply.status == 201, reply.body
    return conf, reply.body["slug"]


def _child(env: BenchEnv, mode: str) -> dict[str, Any]:
    conf, activity = _seed(env)
    out = subprocess.run([sys.executable, "-m", "bench.cold", mode, conf, activity], capture_output=True,
                         text=True, env=dict(os.environ), check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{mode} child failed: {out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _median_families(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per family, the medians over processes; the ratios are taken within each process first
    (its first call against its own warm calls, under the same machine load), then the median."""
    runs = [outcome["families"] for outcome in children]
    merged = []
    for i, family in enumerate(runs[0]):
        row: dict[str, Any] = {"name": family["name"]}
        for key in family:
            if key != "name":
                row[key] = statistics.median(r[i][key] for r in runs)
        row["factor"] = statistics.median(r[i]["first_ms"] / r[i]["warm_ms"] for r in runs)
        row["own_factor"] = statistics.median(r[i]["first_own_ms"] / r[i]["warm_own_ms"] for r in runs)
        row["cpu_factor"] = statistics.median(r[i]["first_cpu_ms"] / r[i]["warm_cpu_ms"] for r in runs)
        merged.append(row)
    return merged


def _family_rows(families: list[dict[str, Any]], label: str, prefix: str, target: float) -> list[Row]:
    rows = []
    for family in families:
        factor, own_factor, cpu_factor = family["factor"], family["own_factor"], family["cpu_factor"]
        verdict = "OK" if cpu_factor <= target else "OVER"
        rows.append(Row(SECTION, f"{prefix}{family['name']}", family["warm_requests"], family["warm_ms"], None,
                        f"first call in {label}: CPU {family['first_cpu_ms']:.1f} ms vs {family['warm_cpu_ms']:.1f} "
                        f"ms warm = {cpu_factor:.2f}x (target <= {target}x: {verdict}); wall clock "
                        f"{family['first_ms']:.1f} ms = {factor:.2f}x warm, without the emulator's answers "
                        f"{family['first_own_ms']:.1f} vs {family['warm_own_ms']:.1f} ms = {own_factor:.2f}x; "
                        f"warm = median of {WARM_CALLS} calls; each ratio the median of {CHILD_RUNS} processes' own"))
    return rows


def run(env: BenchEnv) -> list[Row]:
    cold = [_child(env, "--child") for _ in range(CHILD_RUNS)]  # the median of a few processes: less noise
    restored = [_child(env, "--restored") for _ in range(CHILD_RUNS)]
    init = paired_runs()
    verdict = "OK" if init["cpu_ratio"] <= INIT_TARGET else "OVER"
    rows = [Row(SECTION, "INIT: import app, its AWS clients made and primed at import", None, init["app_ms"], None,
                f"CPU {init['app_cpu_ms']:.0f} ms vs the floor's {init['floor_cpu_ms']:.0f} ms = "
                f"{init['cpu_ratio']:.2f}x (target <= {INIT_TARGET}x: {verdict}); wall clock {init['app_ms']:.0f} "
                f"vs {init['floor_ms']:.0f} ms = {init['ratio']:.2f}x. The floor: the dependencies as imported + "
                f"one pydantic model + one botocore DynamoDB client, no code of ours. Medians of {INIT_PAIRS} "
                f"paired fresh interpreters, bytecode cached")]
    rows += _family_rows(_median_families(cold), "a cold process (INIT excluded)", "", FIRST_CALL_TARGET)
    before = statistics.median(outcome["before_snapshot_ms"] for outcome in restored)
    after = statistics.median(outcome["after_restore_ms"] for outcome in restored)
    rows.append(Row(SECTION, "SnapStart hooks: before_snapshot, after_restore", None, None, None,
                    f"before_snapshot {before:.0f} ms (paid once per published version, before the snapshot), "
                    f"after_restore {after:.1f} ms (paid by every restored copy); run in a fresh process after "
                    f"`import app`, as the runtime runs them"))
    rows += _family_rows(_median_families(restored), "a restored copy", "restored: ", RESTORED_TARGET)
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--child", "--restored"):
        print(json.dumps(child(sys.argv[2], sys.argv[3], restored=sys.argv[1] == "--restored")))
