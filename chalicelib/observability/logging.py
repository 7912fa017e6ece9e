"""Structured logs: JSON records, one access line per request, LOG_LEVEL honoured.

In Lambda the functions run with the native JSON log format (infra/resources.yaml,
`LoggingConfig`): the runtime writes each record as one JSON object with its request id
and every `extra=` field. Where it does not (Text format, another host), `configure`
puts `JsonFormatter` on the root handlers, so the output has the same shape. Locally
(devstack) logging stays as the local server configures it.

What is never logged: tokens, headers, bodies, e-mail addresses or names. A caller is
identified by `user`, a salted hash of the token's subject (stable, so one person's
requests can be followed; not reversible to the subject without the salt). Text we do not
write ourselves (an exception's message, a library's log arguments: an SES rejection names
its recipient) is scrubbed when the record is made (`scrubbing_record_factory`), so every
handler and format, the Lambda runtime's included, sees the scrubbed text.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import traceback
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

#: Loggers of this app: their level is LOG_LEVEL (the root's belongs to the runtime).
APP_LOGGERS = ("chalicelib", "app")
access_log = logging.getLogger("chalicelib.access")

#: Salt of the user hash, read once by `configure` (per stack in AWS: LOG_USER_SALT = the stack id).
_user_salt = ""
#: Per-request fields the access line needs from deeper layers (the authenticated user).
_REQUEST: ContextVar[dict[str, Any] | None] = ContextVar("observability_request", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def scrub(text: str) -> str:
    """E-mail addresses and bearer tokens (JWTs) out of a text."""
    text = _BEARER.sub(r"\1 <token>", text)
    text = _JWT.sub("<token>", text)
    return _EMAIL.sub("<email>", text)


def scrubbing_record_factory(base: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """A LogRecord factory that scrubs the message, its arguments and the exception's text.

    The traceback is formatted once, scrubbed, and kept as `exception` (our JSON format and
    the runtime's both print extra fields) and `exc_text` (what logging.Formatter prints);
    `exc_info` is dropped so no formatter prints the raw text again.
    """

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if getattr(record, "_scrubbed", False):
            return record
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info, record.exc_text = None, text
            record.exception = text
        record._scrubbed = True
        return record

    make._scrubbing = True  # type: ignore[attr-defined]
    return make


def install_scrubber() -> None:
    """Scrub every record this process makes (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "_scrubbing", False):
        logging.setLogRecordFactory(scrubbing_record_factory(current))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the `extra` fields, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        document.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            document["exception"] = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return json.dumps(document, default=str)


def configure(env: Mapping[str, str] | None = None) -> str | None:
    """Apply LOG_LEVEL to the app's loggers, LOG_USER_SALT to the user hash, and JSON formatting
    where the host lacks it.

    Returns the level applied, or None when LOG_LEVEL is unset (the local stack then
    keeps the levels its own logging configuration gives).
    """
    global _user_salt
    install_scrubber()
    env = os.environ if env is None else env
    _user_salt = env.get("LOG_USER_SALT", "")
    level: str | None = (env.get("LOG_LEVEL") or "").strip().upper() or None
    if level == "WARN":
        level = "WARNING"  # Lambda's ApplicationLogLevel spelling
    if level is not None and not isinstance(logging.getLevelName(level), int):
        level = "INFO"
    for name in APP_LOGGERS:
        if level is not None:
            logging.getLogger(name).setLevel(level)
    in_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
    if in_lambda and env.get("AWS_LAMBDA_LOG_FORMAT", "").upper() != "JSON":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    return level


def hash_user(sub: str, salt: str | None = None) -> str:
    """A stable pseudonym for a token subject (16 hex digits of a salted SHA-256)."""
    salt = _user_salt if salt is None else salt
    return hashlib.sha256(f"{salt}:user:{sub}".encode()).hexdigest()[:16]


def note_user(sub: str) -> None:
    """Called once the caller is authenticated: the request's access line names them (hashed)."""
    fields = _REQUEST.get()
    if fields is not None:
        fields["user"] = hash_user(sub)


def access_fields(request: Any, status: int, started: float) -> dict[str, Any]:
    """The access line's fields (request id, route, status, latency, conference, hashed user)."""
    context = getattr(request, "context", None) or {}
    params = getattr(request, "uri_params", None) or {}
    fields: dict[str, Any] = {
        "request_id": context.get("requestId"),
        "method": getattr(request, "method", None),
        "route": context.get("resourcePath"),
        "status": status,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    if params.get("slug"):
        fields["conference"] = params["slug"]
    fields.update(_REQUEST.get() or {})
    return fields


def access_log_middleware(request: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice HTTP middleware (registered outermost): one log line per request, whatever happens."""
    started = time.perf_counter()
    token = _REQUEST.set({})
    status = 500
    try:
        response = get_response(request)
        status = int(getattr(response, "status_code", 200))
        return response
    finally:
        fields = access_fields(request, status, started)
        _REQUEST.reset(token)
        access_log.log(logging.ERROR if status >= 500 else logging.INFO, "%s %s %s",
                       fields["method"], fields["route"], status, extra=fields)
