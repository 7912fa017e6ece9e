"""Cold process: what a new Lambda container pays, measured in fresh interpreters.

Two tables' worth of rows:
  * `import app` against the bare import of its dependencies (chalice, botocore's client,
    PynamoDB's models, pydantic), in *paired* fresh interpreters (app, deps, app, deps…)
    with a warm bytecode cache as deployed, so both sides of each pair see the same
    machine load; the ratio is the median of the per-pair ratios (target <= 1.3).
  * each request family's first call in a cold process against the same call warm
    (target <= 2x), with the DynamoDB requests of the warm call counted on the wire.
    A child process does the work (`python -m bench.cold --child`): it imports the app,
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
CHILD_RUNS = 3
IMPORT_PAIRS = 9
IMPORT_APP = "import time; t=time.perf_counter(); import app; print(time.perf_counter()-t)"
IMPORT_DEPS = (
    "import time; t=time.perf_counter(); import chalice, botocore.client, pynamodb.models, pydantic; "
    "print(time.perf_counter()-t)"
)
#: The same dependencies as the app imports them: `import pydantic` alone loads a lazy shell;
#: these are the names our modules import from pydantic (BaseModel pulls in pydantic's core,
#: Field its field and type machinery), and PynamoDB's attributes next to its models. Our own
#: code (model classes, routes, tables) is what the ratio against this measures.
IMPORT_DEPS_AS_USED = (
    "import time; t=time.perf_counter(); import chalice, botocore.client, pynamodb.models, pynamodb.attributes; "
    "from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, "
    "StringConstraints, ValidationError, ValidationInfo, WithJsonSchema, create_model, field_validator; "
    "print(time.perf_counter()-t)"
)
#: The floor under the first ratio: the bare dependencies plus what defining any one pydantic
#: model loads (pydantic's core, `pydantic.fields` and `pydantic.types`), and no code of ours.
#: Measured ~1.27x the bare import: an app that validates requests with pydantic (and
#: cannot defer it to a first request without breaking the first-call target: those
#: imports take ~40 ms, against warm calls of 5-20 ms) starts there before its own code.
IMPORT_FLOOR = (
    "import time; t=time.perf_counter(); import chalice, botocore.client, pynamodb.models, pydantic; "
    "from pydantic import BaseModel, Field\n"
    "class Floor(BaseModel):\n    value: int = Field(0)\n"
    "print(time.perf_counter()-t)"
)
IMPORT_TARGET = 1.3
FIRST_CALL_TARGET = 2.0


def _timed_import(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1]) * 1000


def paired_imports(deps_code: str = IMPORT_DEPS, pairs: int = IMPORT_PAIRS,
                   app_code: str = IMPORT_APP) -> tuple[float, float, float]:
    """(median app ms, median deps ms, median of per-pair app/deps ratios), bytecode cached."""
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache, "PYTHONDONTWRITEBYTECODE": ""}
        _timed_import(app_code, env)  # fills the bytecode cache (and the OS file cache)
        _timed_import(deps_code, env)
        apps: list[float] = []
        deps: list[float] = []
        for n in range(pairs):
            # alternate which side goes first, so neither always runs right after the other
            sides = [(app_code, apps), (deps_code, deps)]
            for code, into in sides if n % 2 == 0 else sides[::-1]:
                into.append(_timed_import(code, env))
    ratios = [a / d for a, d in zip(apps, deps, strict=True)]
    return statistics.median(apps), statistics.median(deps), statistics.median(ratios)


# -- the child: one cold process ------------------------------------------------------


def _families(conf: str, activity: str, token: Any) -> list[tuple[str, Any]]:
    """(family, call(n) -> reply) in the order a fresh container might meet them."""
    from tests.api.test_grants_apply import application

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


def child(conf: str, activity: str) -> dict[str, Any]:
    started = time.perf_counter()
    import app  # first, and timed: this is the cold start

    import_ms = (time.perf_counter() - started) * 1000
    from chalice.test import Client

    from chalicelib.auth import mint_dev_token
    from devstack.gateway import use_contract_gateway
    from tests.helpers import Api

    from .harness import counting

    secret = os.environ["AUTH_DEV_SECRET"]

    def token(sub: str, *perms: str) -> str:
        return mint_dev_token(secret, sub, name=sub, email=f"{sub}@example.com", permissions=perms)

    client = Client(app.app)
    use_contract_gateway(client, app.app)
    api = Api(client)
    from chalicelib import aws

    t = time.perf_counter()
    aws.client("dynamodb")  # once per process: reported on its own row, not hidden in a family's first call
    client_ms = (time.perf_counter() - t) * 1000
    wake = EmulatorWaker(os.environ["AWS_ENDPOINT_URL"], os.environ["TABLE_NAME"])
    families = []
    for name, call in _families(conf, activity, token):
        timings, own, requests = [], [], []
        for n in range(WARM_CALLS + 1):
            wake()
            with counting() as counter:
                t = time.perf_counter()
                reply = call(api, n)
                elapsed = (time.perf_counter() - t) * 1000
            assert reply.status < 300, (name, reply.status, reply.body)
            timings.append(elapsed)
            own.append(elapsed - counter.wire_seconds * 1000)  # without the emulator's answers
            requests.append(counter.total("dynamodb"))
        families.append({"name": name, "first_ms": timings[0], "warm_ms": statistics.median(timings[1:]),
                         "first_own_ms": own[0], "warm_own_ms": statistics.median(own[1:]),
                         "first_requests": requests[0], "warm_requests": statistics.median(requests[1:])})
    return {"import_ms": import_ms, "client_ms": client_ms, "families": families}


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


def _cold_child(env: BenchEnv) -> dict[str, Any]:
    conf, activity = _seed(env)
    out = subprocess.run([sys.executable, "-m", "bench.cold", "--child", conf, activity], capture_output=True,
                         text=True, env=dict(os.environ), check=False)
    if out.returncode != 0:
        raise RuntimeError(f"cold child failed: {out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(env: BenchEnv) -> list[Row]:
    children = [_cold_child(env) for _ in range(CHILD_RUNS)]  # the median of a few cold processes: less noise
    runs = [outcome["families"] for outcome in children]
    families = [
        {key: (statistics.median(r[i][key] for r in runs) if key != "name" else runs[0][i][key])
         for key in runs[0][i]}
        for i in range(len(runs[0]))
    ]
    client_ms = statistics.median(outcome["client_ms"] for outcome in children)
    app_ms, deps_ms, ratio = paired_imports()
    used_app_ms, used_deps_ms, used_ratio = paired_imports(IMPORT_DEPS_AS_USED)
    floor_ms, floor_deps_ms, floor_ratio = paired_imports(app_code=IMPORT_FLOOR)
    rows = [Row(SECTION, "import app vs its dependencies (chalice, botocore, PynamoDB, pydantic)", None, app_ms, None,
                f"dependencies {deps_ms:.0f} ms; ratio {ratio:.2f}x (median of {IMPORT_PAIRS} paired fresh "
                f"interpreters, bytecode cached; target <= {IMPORT_TARGET}x)"),
            Row(SECTION, "import app vs its dependencies as imported (the pydantic names our modules import)",
                None, used_app_ms, None, f"dependencies {used_deps_ms:.0f} ms; ratio {used_ratio:.2f}x (same method)"),
            Row(SECTION, "the floor: the dependencies + one pydantic model, no code of ours", None, floor_ms, None,
                f"bare dependencies {floor_deps_ms:.0f} ms; ratio {floor_ratio:.2f}x (same method): where any app "
                f"that validates with pydantic starts, before its own code")]
    rows.append(Row(SECTION, "the process's botocore session + DynamoDB client (once, shared by every family)", None,
                    client_ms, None, "paid by the first DynamoDB request of a container (measured on its own "
                    "before the families below); it was paid once per model family before"))
    for family in families:
        factor = family["first_ms"] / family["warm_ms"] if family["warm_ms"] else float("nan")
        own_factor = family["first_own_ms"] / family["warm_own_ms"] if family["warm_own_ms"] else float("nan")
        rows.append(Row(SECTION, family["name"], family["warm_requests"], family["warm_ms"], None,
                        f"first call in a cold process {family['first_ms']:.1f} ms = {factor:.1f}x warm "
                        f"(target <= {FIRST_CALL_TARGET:.0f}x); in the process itself, without the emulator's "
                        f"answers, {family['first_own_ms']:.1f} ms vs {family['warm_own_ms']:.1f} ms = "
                        f"{own_factor:.1f}x; warm = median of {WARM_CALLS}; medians of {CHILD_RUNS} cold processes"))
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        print("usage: python -m bench.cold --child CONF ACTIVITY (run by `python -m bench cold`)", file=sys.stderr)
        sys.exit(2)
