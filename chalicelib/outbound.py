"""The HTTP session the outbound clients (Pretalx, pretix) send through.

Both retry with urllib3's `Retry` (exponential back-off, `Retry-After` honoured up to a cap,
the last answer returned rather than raised) and connect only to addresses `netguard`
allows. Only what differs is chosen by the client: which methods are safe to repeat, and
the `Retry` class (Pretalx's also stops at a deadline).
"""

from __future__ import annotations

from typing import Any, Protocol

import requests
from urllib3.util.retry import Retry

from .netguard import GuardedAdapter

RETRY_STATUSES = (429, 500, 502, 503, 504)


class RetryOptions(Protocol):
    retries: int
    backoff_factor: float
    backoff_max: float
    retry_after_max: int


def retry_policy(options: RetryOptions, methods: frozenset[str], retry_class: type[Retry] = Retry) -> Any:
    """Retries on connection errors, read timeouts, 429 and 5xx, for `methods` only."""
    return retry_class(
        total=options.retries, connect=options.retries, read=options.retries, status=options.retries, other=0,
        redirect=0, allowed_methods=methods, status_forcelist=RETRY_STATUSES,
        backoff_factor=options.backoff_factor, backoff_max=options.backoff_max, respect_retry_after_header=True,
        retry_after_max=options.retry_after_max,
        raise_on_status=False,  # the last answer comes back, to be reported in words
        raise_on_redirect=False,
    )


def guarded_session(retry: Retry, *, allow_loopback: bool) -> requests.Session:
    """A session that retries as `retry` says and connects only where netguard allows."""
    session = requests.Session()
    session.trust_env = False  # no HTTPS_PROXY/.netrc: a proxy would connect where we did not check
    adapter = GuardedAdapter(max_retries=retry, pool_connections=1, pool_maxsize=2, allow_loopback=allow_loopback)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
