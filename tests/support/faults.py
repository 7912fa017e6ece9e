"""Fault injection at botocore's HTTP boundary, for tests on the local stack.

Faults are answered *instead of* sending the request (a `before-send` handler's answer is
what botocore parses, and nothing is sent), so the emulator never sees a faulted request:
exactly what AWS does when it throttles a request or cancels a transaction for a conflict. Everything above the wire stays real: botocore parses
the error response and applies its own retry policy, PynamoDB wraps the error, the store
retries conflicts, and `chalicelib/api/failures.py` maps what is left to the API's answer.

Decisions come from a seeded RNG per *fault key* (the user a transaction is for, when the
request names one, else the operation), so a user's sequence of faults does not depend on
how the threads of a storm happen to interleave.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError
from botocore.httpsession import URLLib3Session

from tests.support.clients import Reply

DDB_TARGET = "DynamoDB_20120810."  # not DynamoDBStreams_20120810: the pump's reads stay clean
_USER_KEY = re.compile(r'"USER#([^"]+)"')  # the activity-signup lock of a user (store/keys.py)


class _Raw:
    """The minimal raw-body object AWSResponse reads its content from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def fake_response(request: Any, status: int, body: bytes, content_type: str) -> AWSResponse:
    headers = {"Content-Type": content_type, "x-amzn-RequestId": "injected-fault",
               "Content-Length": str(len(body))}
    return AWSResponse(request.url, status, headers, _Raw(body))


def _header(request: Any, name: str) -> str:
    value = request.headers.get(name)
    return value.decode() if isinstance(value, bytes) else (value or "")


def _body(request: Any) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes):
        return body
    return b""  # streams (uploads) are never inspected


def ddb_operation(request: Any) -> str | None:
    target = _header(request, "X-Amz-Target")
    return target[len(DDB_TARGET):] if target.startswith(DDB_TARGET) else None


def throttled(request: Any) -> AWSResponse:
    body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                       "message": "Injected: the level of configured provisioned throughput was exceeded."})
    return fake_response(request, 400, body.encode(), "application/x-amz-json-1.0")


def transaction_conflict(request: Any) -> AWSResponse:
    """TransactionCanceledException whose reasons name one item as in conflict, like DynamoDB."""
    try:
        items = len(json.loads(_body(request)).get("TransactItems", [])) or 1
    except ValueError:
        items = 1
    reasons = [{"Code": "None"} for _ in range(items)]
    reasons[-1] = {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
    codes = ", ".join(r["Code"] for r in reasons)
    body = json.dumps({
        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "Message": f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
        "CancellationReasons": reasons,
    })
    return fake_response(request, 400, body.encode(), "application/x-amz-json-1.0")


def item_in_transaction(request: Any) -> AWSResponse:
    """A single-item write refused because a transaction holds the item, like DynamoDB."""
    body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#TransactionConflictException",
                       "message": "Injected: operation was rejected because there is an ongoing transaction"})
    return fake_response(request, 400, body.encode(), "application/x-amz-json-1.0")


def internal_server_error(request: Any) -> AWSResponse:
    body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                       "message": "Injected: internal server error"})
    return fake_response(request, 500, body.encode(), "application/x-amz-json-1.0")


def s3_error(request: Any, status: int, code: str) -> AWSResponse:
    """S3's error; like S3, without a body for HEAD (botocore then knows only the status)."""
    if request.method == "HEAD":
        return fake_response(request, status, b"", "application/xml")
    body = (f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
            f"<Message>Injected {code}</Message><RequestId>injected</RequestId></Error>").encode()
    return fake_response(request, status, body, "application/xml")


def connection_refused(request: Any) -> AWSResponse:
    raise EndpointConnectionError(endpoint_url=request.url)


#: A rule looks at a request (and the RNG draw for its fault key) and answers a fault or None.
Rule = Callable[[Any, float], AWSResponse | None]


@dataclass
class Injector:
    """`rule` decides, per request sent while the injector is active, the fault that answers it."""

    rule: Rule
    seed: int = 8
    only_threads: Callable[[str], bool] = lambda name: True
    #: When True the request IS sent (and applied) and the rule's fault replaces its answer:
    #: the "lost response" case (a 500 or a timeout after DynamoDB committed).
    after_send: bool = False
    injected: Counter[str] = field(default_factory=Counter)
    passed: int = 0
    _draws: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fault_key(self, request: Any) -> str:
        match = _USER_KEY.search(_body(request).decode("utf-8", "replace"))
        return f"user:{match.group(1)}" if match else f"op:{ddb_operation(request) or request.method}"

    def draw(self, request: Any) -> float:
        key = self.fault_key(request)
        with self._lock:
            self._draws[key] += 1
            n = self._draws[key]
        return random.Random(f"{self.seed}:{key}:{n}").random()

    def decide(self, request: Any) -> AWSResponse | None:
        if not self.only_threads(threading.current_thread().name):
            return None
        try:
            fault = self.rule(request, self.draw(request))
        except EndpointConnectionError:
            with self._lock:
                self.injected["connection_refused"] += 1
            raise
        with self._lock:
            if fault is None:
                self.passed += 1
            else:
                self.injected[f"{fault.status_code}:{_fault_code(fault)}"] += 1
        return fault


def _fault_code(response: AWSResponse) -> str:
    text = response.content.decode("utf-8", "replace")
    match = re.search(r"#(\w+)\"|<Code>(\w+)</Code>", text)
    return next((g for g in match.groups() if g), "?") if match else "?"


#: Active injectors, the one activated last outermost (it decides first, or, sending first,
#: last). One `before-send` handler per client consults them; it stays registered.
_stack: list[Injector] = []
_installed = False
_install_lock = threading.Lock()
#: Sends a request for an injector that replaces the answer of a request that did happen.
_http = URLLib3Session()


def _answer(stack: list[Injector], request: Any) -> AWSResponse | None:
    """The answer the injectors in `stack` give `request`; None: botocore sends it as usual."""
    if not stack:
        return None
    outer, inner = stack[-1], stack[:-1]
    if outer.after_send:
        sent = _answer(inner, request) or _http.send(request)
        return outer.decide(request) or sent
    return outer.decide(request) or _answer(inner, request)


def _before_send(request: Any, **_: Any) -> AWSResponse | None:
    return _answer(list(_stack), request)


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            from chalicelib import aws

            aws.register_everywhere("before-send", _before_send, unique_id="tests-inject-faults")
            _installed = True


@contextmanager
def injecting(injector: Injector) -> Iterator[Injector]:
    """Activate `injector` for every botocore client of this process inside the block."""
    _install()
    _stack.append(injector)
    try:
        yield injector
    finally:
        _stack.remove(injector)


def assert_clean_503(reply: Reply) -> None:
    assert reply.status == 503, reply.body
    assert set(reply.body) == {"error"} and reply.body["error"]["code"] == "service_unavailable", reply.body
    assert isinstance(reply.body["error"]["message"], str) and reply.body["error"]["message"]
    retry_after = {k.lower(): v for k, v in reply.headers.items()}.get("retry-after")
    assert retry_after is not None and retry_after.isdigit() and int(retry_after) > 0, reply.headers
