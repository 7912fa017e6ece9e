"""Map exceptions that escaped a view to HTTP: statuses, the error shape, headers.

Domain errors (chalicelib/errors.py) carry no HTTP status: this module owns the mapping
from each kind to its status (`HTTP_STATUS`). Errors of the HTTP exchange itself (a body
too large, a wrong method or media type) are `HttpError`s raised by the API layer alone.
DynamoDB throttling and transaction conflicts that survived the SDK's own bounded
retries become a clean 503 with Retry-After; anything else is logged with its stack
trace (server side only) and answered with a generic 500 in the error shape.
"""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..aws import RETRYABLE_REASONS, only_contention
from ..errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unavailable,
    UpstreamFailed,
    ValidationFailed,
    VersionConflict,
)

log = logging.getLogger(__name__)

class HttpError(DomainError):
    """An error answered with `status` (and `headers`): what the API layer sends."""

    status = 400

    def __init__(self, message: str | None = None, *, status: int | None = None,
                 headers: dict[str, str] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        if status:
            self.status = status
        self.headers = headers or {}


class MethodNotAllowed(HttpError):
    status, code, default_message = 405, "method_not_allowed", "Method not allowed."


class PayloadTooLarge(HttpError):
    status, code, default_message = 413, "payload_too_large", "The request body is over 256 KiB."


class UnsupportedMediaType(HttpError):
    status, code, default_message = 415, "unsupported_media_type", "Send application/json."


#: The HTTP status of each kind of domain error (the most specific class listed wins).
HTTP_STATUS: dict[type[DomainError], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    VersionConflict: 412,
    ValidationFailed: 422,
    TooManyRequests: 429,
    UpstreamFailed: 502,
    Unavailable: 503,
}


def http_status(error: DomainError) -> int:
    if isinstance(error, HttpError):
        return error.status
    for kind in type(error).__mro__:
        if kind in HTTP_STATUS:
            return HTTP_STATUS[kind]
    return 400


def as_http(error: DomainError) -> HttpError:
    """The HTTP answer for a domain error (same code, message, fields and extra keys)."""
    if isinstance(error, HttpError):
        return error
    waits = isinstance(error, Unavailable | TooManyRequests)
    headers = {"Retry-After": str(error.retry_after)} if waits else {}
    answer = HttpError(error.message, code=error.code, status=http_status(error), fields=error.fields,
                       extra=error.extra, headers=headers)
    answer.__cause__ = error
    return answer


RETRYABLE_CODES = frozenset({
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TransactionConflictException",
    "TransactionInProgressException",
    "InternalServerError",
    "ServiceUnavailable",
    "SlowDown",
    "InternalError",  # S3's name for its 500
})


def aws_error_code(exc: BaseException) -> str | None:
    """The AWS error code of a botocore error, also when PynamoDB wrapped it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ClientError):
            return current.response.get("Error", {}).get("Code")
        code = getattr(current, "cause_response_code", None)
        if code:
            return code
        current = getattr(current, "cause", None) or current.__cause__
    return None


def _aws_status(exc: BaseException) -> int:
    """The HTTP status of an AWS error response (0 when there was none)."""
    response = getattr(exc, "response", None) or {}
    return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, BotoCoreError):
        return True  # connection/timeouts after the SDK gave up
    if isinstance(exc, ClientError) and _aws_status(exc) >= 500:
        return True  # the service failed (S3 `InternalError`, a bodyless HEAD 503…), not our request
    code = aws_error_code(exc)
    if code == "TransactionCanceledException":
        if isinstance(exc, ClientError):  # the store's transactions (store/transact.py)
            return only_contention(exc.response)
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return any(getattr(r, "code", None) in RETRYABLE_REASONS for r in reasons if r)
    return code in RETRYABLE_CODES


def to_api_error(exc: BaseException, path: str = "") -> HttpError:
    if isinstance(exc, DomainError):
        return as_http(exc)
    if is_retryable(exc):
        log.warning("retryable AWS failure on %s: %s", path, aws_error_code(exc) or type(exc).__name__)
        return as_http(Unavailable())
    log.exception("unhandled error on %s", path)
    return HttpError("An internal error occurred.", code="internal_error", status=500)
