"""Map exceptions that escaped a view to the API's error shape.

DynamoDB throttling and transaction conflicts that survived the SDK's own bounded
retries become a clean 503 with Retry-After; anything else is logged with its stack
trace (server side only) and answered with a generic 500 in the error shape.
"""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError

from ..aws import only_contention
from ..errors import ApiError, ServiceUnavailable

log = logging.getLogger(__name__)

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
        return any(getattr(r, "code", None) in ("TransactionConflict", "ThrottlingError") for r in reasons if r)
    return code in RETRYABLE_CODES


def to_api_error(exc: BaseException, path: str = "") -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    if is_retryable(exc):
        log.warning("retryable AWS failure on %s: %s", path, aws_error_code(exc) or type(exc).__name__)
        return ServiceUnavailable()
    log.exception("unhandled error on %s", path)
    return ApiError("An internal error occurred.", code="internal_error", status=500)
