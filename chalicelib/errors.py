"""The one error shape of the API, and the exceptions that produce it.

Services raise these; the routing layer turns any of them (and anything unexpected)
into `{"error": {"code", "message", "fields"?}}` so no handler formats errors itself.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the client should see, with its HTTP status and snake_case code."""

    status = 400
    code = "bad_request"
    default_message = "The request could not be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields
        #: Extra top-level keys next to "error" (e.g. the existing "signup" on a 409).
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields is not None:
            error["fields"] = self.fields
        return {"error": error, **self.extra}


class BadRequest(ApiError):
    status, code, default_message = 400, "bad_request", "The request body must be a JSON object."


class Unauthorized(ApiError):
    status, code, default_message = 401, "unauthorized", "A valid bearer token is required."


class Forbidden(ApiError):
    status, code, default_message = 403, "forbidden", "You do not have permission to do this."


class NotFound(ApiError):
    status, code, default_message = 404, "not_found", "Not found."


class MethodNotAllowed(ApiError):
    status, code, default_message = 405, "method_not_allowed", "Method not allowed."


class Conflict(ApiError):
    """409: the action is not allowed in the current state; always give a specific code."""

    status, code, default_message = 409, "conflict", "The action is not allowed in the current state."


class VersionConflict(ApiError):
    status, code = 412, "version_conflict"
    default_message = "The resource was changed by someone else; reload and try again."


class PayloadTooLarge(ApiError):
    status, code, default_message = 413, "payload_too_large", "The request body is over 256 KiB."


class UnsupportedMediaType(ApiError):
    status, code, default_message = 415, "unsupported_media_type", "Send application/json."


class ValidationFailed(ApiError):
    status, code, default_message = 422, "validation_error", "Some fields are invalid."

    def __init__(self, fields: dict[str, list[str]], message: str | None = None, **kw: Any) -> None:
        super().__init__(message, fields=fields, **kw)


class BadGateway(ApiError):
    status, code, default_message = 502, "bad_gateway", "An upstream service failed."


class ServiceUnavailable(ApiError):
    """503 with Retry-After: DynamoDB throttled us or a transaction kept conflicting."""

    status, code = 503, "service_unavailable"
    default_message = "The service is busy; retry shortly."

    def __init__(self, message: str | None = None, retry_after: int = 1, **kw: Any) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)}, **kw)


def field_error(field: str, message: str) -> ValidationFailed:
    """Shortcut for a 422 naming a single field."""
    return ValidationFailed({field: [message]})
