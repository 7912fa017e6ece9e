"""AWS clients: one botocore session and one client per service, per process.

Built on botocore directly rather than boto3: boto3 (with s3transfer) adds ~150 ms to
every cold start and nothing here needs its resource layer; presigned URLs and POSTs
are botocore features. Every DynamoDB request of the process (PynamoDB models, plain
reads, transactions) goes through the one client made here, so a cold container pays
for one session and one client, not one per model class.

Retries: one policy for the DynamoDB client, botocore's "standard" mode (throttling,
5xx and connection errors, 4 attempts, exponential back-off with full jitter). botocore
re-sends the same request, so a transaction whose answer was lost is re-sent with its
ClientRequestToken and DynamoDB answers the first outcome instead of running it twice.
Extended here to single-item writes refused because a transaction holds the item
(`TransactionConflictException`: nothing was written, no token involved), which botocore
does not retry by itself. A transaction cancelled by conflicts is retried by
`store.transact` instead, as a new attempt with a new token (same bound, same back-off):
its outcome is known (nothing written), and DynamoDB does not promise that a cancelled
token may be reused.

Clients are made in INIT (`create_clients`, from app.py) and primed in-process (`prime`):
see chalicelib/warmup.py.
"""

from __future__ import annotations

import gc
import random
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.retries.standard import ExponentialBackoff, RetryContext

from .config import settings

#: Total attempts per request (the first one included), for every kind of retry.
MAX_ATTEMPTS = 4
_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
    connect_timeout=3,
    read_timeout=10,
    max_pool_connections=50,
)
#: The services the functions' requests use, whose clients `create_clients` makes in INIT
#: (app.py), so no request pays for making one. SES is made by the first e-mail the stream
#: handler sends: no other function sends any.
PROCESS_SERVICES = ("dynamodb", "s3", "kms")
#: Cancellation reasons that mean "nothing was written, the same request may succeed later".
RETRYABLE_REASONS = frozenset({"TransactionConflict", "ThrottlingError"})
CONFLICT_BACKOFF_SCALE = 0.025
_lock = threading.Lock()


@cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


#: Single-item writes that DynamoDB refuses while a transaction holds the item, e.g. the
#: UpdateItem that takes a waitlist place back from an activity a crowd is signing up for.
ITEM_WRITES = ("PutItem", "UpdateItem", "DeleteItem")


def only_contention(parsed: dict[str, Any]) -> bool:
    """A TransactionCanceledException whose every non-None reason is a conflict or throttle,
    or a single-item write refused for an ongoing transaction on its item (nothing written)."""
    code = parsed.get("Error", {}).get("Code")
    if code == "TransactionConflictException":
        return True
    if code != "TransactionCanceledException":
        return False
    codes = {r.get("Code") for r in parsed.get("CancellationReasons") or [] if r.get("Code") not in (None, "None")}
    return bool(codes) and codes <= RETRYABLE_REASONS


class ConflictRetry:
    """botocore `needs-retry` handler: a single-item write refused for a transaction on its item
    is retried like a throttled request.

    Same bound (MAX_ATTEMPTS) and botocore's own jittered exponential back-off, so throttles
    and conflicts follow one policy; the refused write wrote nothing, so re-sending it is
    safe. `backoff` also paces the store's own retries (cancelled transactions, unprocessed
    batch items).
    """

    def __init__(self, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.max_attempts = max_attempts
        # botocore's full-jitter exponential back-off, scaled to conflicts: a conflict clears
        # when the other transaction ends (milliseconds), so 25, 50, 100 ms caps, not 1, 2, 4 s.
        self._backoff = ExponentialBackoff(random=lambda: random.random() * CONFLICT_BACKOFF_SCALE)

    def backoff(self, attempt: int) -> float:
        """The jittered pause before re-sending after `attempt` attempts (1-based)."""
        return float(self._backoff.delay_amount(RetryContext(attempt_number=attempt)))

    def __call__(self, response: Any = None, attempts: int = 1, operation: Any = None, **_: Any) -> float | None:
        if response is None or attempts >= self.max_attempts:
            return None
        parsed = response[1] if isinstance(response, tuple) and len(response) > 1 else {}
        if not isinstance(parsed, dict) or not only_contention(parsed):
            return None
        return self.backoff(attempts)


#: The services whose client this process has made, in order.
_made: list[str] = []


@cache
def client(service: str) -> Any:
    """A shared client for `service` (clients are thread-safe; creation is not, hence the lock)."""
    _made.append(service)
    s = settings()
    config = _CLIENT_CONFIG
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    with _lock:
        made = _session().create_client(service, region_name=s.region, endpoint_url=s.aws_endpoint_url, config=config)
    if service == "dynamodb":
        retry = ConflictRetry()
        for operation in ITEM_WRITES:
            made.meta.events.register(f"needs-retry.dynamodb.{operation}", retry,
                                      unique_id=f"conflict-retry-{operation}")
    # The service model and endpoint rules just loaded live as long as the process: keep the
    # garbage collector from walking them again on every full collection (see app.py).
    gc.freeze()
    return made


def register_everywhere(event: str, handler: Any, unique_id: str) -> None:
    """Register a botocore event handler on every client of this process: those already made
    and, through the session they are made from (a client copies its session's handlers when
    it is made), those made later. For local tools that watch what the process sends (the
    tests and `make bench` count requests with `before-send`); the functions register none."""
    with _lock:
        _session().register(event, handler, unique_id=unique_id)
        made = list(_made)
    for service in made:
        client(service).meta.events.register(event, handler, unique_id=unique_id)


def use_read_timeout(seconds: float) -> None:
    """Wait up to `seconds` for an answer instead of 10, for clients made from now on.

    For the local emulator's benchmarks only: moto answers a 1 MB index Query page by walking
    the whole table and serialising every attribute (seconds a page at 5,000 grants on a loaded
    machine), where DynamoDB takes milliseconds; the functions keep the 10 s that suits DynamoDB."""
    global _CLIENT_CONFIG
    _CLIENT_CONFIG = _CLIENT_CONFIG.merge(Config(read_timeout=seconds))
    client.cache_clear()
    _made.clear()


def create_clients(services: Iterable[str] = PROCESS_SERVICES) -> None:
    """Make the process's clients now (INIT), not on the request that first needs one."""
    for service in services:
        client(service)


class _CannedBody:
    """The raw body botocore reads an answer from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class _InProcessAnswers:
    """A client's `before-send` handler: while a thread primes the client, that thread's requests
    get an empty success instead of being sent; every other request goes through untouched.

    It stays registered once added: botocore empties its whole event lookup cache when a
    handler is unregistered, and every operation would rebuild its share of it on its first
    real request, which is what priming is for.
    """

    def __init__(self) -> None:
        self._priming: int | None = None

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        if self._priming is None or self._priming != threading.get_ident():
            return None
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.0"}, _CannedBody(b"{}"))

    @contextmanager
    def priming(self) -> Iterator[None]:
        self._priming = threading.get_ident()
        try:
            yield
        finally:
            self._priming = None


_answers: dict[str, _InProcessAnswers] = {}


def prime(service: str, calls: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """Run `calls` (operation name, parameters) through the client's whole request path and
    answer them in-process: nothing is sent. Returns how many went through.

    A client loads each operation's model, shapes, serialiser, endpoint rules and parser on
    the first call that uses it (~1 ms per operation here), and resolves its credentials on
    its first signature. Doing that at INIT takes it off the first requests. It is only an
    optimisation: a call that fails (no credentials on a developer's machine) is skipped.
    """
    made = client(service)
    with _lock:
        answers = _answers.get(service)
        if answers is None:
            answers = _answers[service] = _InProcessAnswers()
            made.meta.events.register_first("before-send", answers, unique_id="answer-in-process")
    done = 0
    with answers.priming():
        for operation, params in calls:
            try:
                getattr(made, operation)(**params)
                done += 1
            except (BotoCoreError, ClientError):
                continue
    return done


def open_pools() -> int:
    """Create each client's connection pool for its endpoint now; returns how many were made.

    urllib3 connects lazily: a pool is bookkeeping (~1 ms to make here), no socket is opened.
    botocore has no public call for it, so this mirrors what its `URLLib3Session.send` does
    first; should botocore change, the pool is simply made by the first request as before.
    """
    opened = 0
    for service in list(_made):
        made = client(service)
        url = made.meta.endpoint_url
        try:
            session = made._endpoint.http_session
            manager = session._get_connection_manager(url, session._proxy_config.proxy_url_for(url))
            manager.connection_from_url(url)
        except (AttributeError, TypeError, ValueError):
            continue
        opened += 1
    return opened


def close_connections() -> None:
    """Drop every pooled connection of the process's clients (they reconnect on their next request).

    A copy of the process restored from a snapshot must not reuse sockets opened before it:
    every copy would share them with the others and with a server that closed them long ago.
    """
    for service in list(_made):
        client(service).close()  # botocore: closes the pools; the next request opens new ones
