"""Domain errors: what went wrong, in the API's vocabulary of codes, without HTTP.

Services, the store's callers and the event handlers raise and catch these; only the API
layer (`chalicelib/api/failures.py`) knows which HTTP status each kind becomes and turns
them into the one error shape `{"error": {"code", "message", "fields"?}}`. So an event
handler that calls a service catches `DomainError`, never an HTTP error.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the caller should see: a kind (the class), a snake_case code and a message."""

    code = "bad_request"
    default_message = "The request could not be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields
        #: Extra top-level keys next to "error" (e.g. the existing "signup" on a 409).
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields is not None:
            error["fields"] = self.fields
        return {"error": error, **self.extra}


class BadRequest(DomainError):
    """The input cannot be processed as given (not a field problem)."""

    code, default_message = "bad_request", "The request body must be a JSON object."


class Unauthorized(DomainError):
    """No valid identity."""

    code, default_message = "unauthorized", "A valid bearer token is required."


class Forbidden(DomainError):
    """A known identity without the right to do this."""

    code, default_message = "forbidden", "You do not have permission to do this."


class NotFound(DomainError):
    code, default_message = "not_found", "Not found."


class Conflict(DomainError):
    """The action is not allowed in the current state; always give a specific code."""

    code, default_message = "conflict", "The action is not allowed in the current state."


class VersionConflict(DomainError):
    """The caller's copy is stale (an If-Match version that no longer holds)."""

    code = "version_conflict"
    default_message = "The resource was changed by someone else; reload and try again."


class ValidationFailed(DomainError):
    """Some input fields are invalid; `fields` names them."""

    code, default_message = "validation_error", "Some fields are invalid."

    def __init__(self, fields: dict[str, list[str]], message: str | None = None, **kw: Any) -> None:
        super().__init__(message, fields=fields, **kw)


class UpstreamFailed(DomainError):
    """A service we depend on (Pretalx) failed or answered nonsense."""

    code, default_message = "bad_gateway", "An upstream service failed."


class Unavailable(DomainError):
    """We are busy (throttled, contended): the same request may succeed after `retry_after` s."""

    code = "service_unavailable"
    default_message = "The service is busy; retry shortly."

    def __init__(self, message: str | None = None, retry_after: int = 1, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


ServiceUnavailable = Unavailable


class TooManyRequests(DomainError):
    """The caller asked too often (a rate limit): the same request may succeed after `retry_after` s."""

    code = "too_many_requests"
    default_message = "Too many requests; retry shortly."

    def __init__(self, message: str | None = None, retry_after: int = 60, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = max(1, retry_after)


def field_error(field: str, message: str) -> ValidationFailed:
    """Shortcut for a validation error naming a single field."""
    return ValidationFailed({field: [message]})
