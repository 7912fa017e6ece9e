"""`POST /dev/schedules/run {"now"?}`: run every scheduled function once, as if at `now`.

Local only (the gateway's `DEV_ROUTES`, never the Lambda package). The scheduled functions
are found the way the event pump finds them, in the app's own event-source registrations
(every `@app.schedule`), so a new schedule is run without being listed here. Each gets an
EventBridge-shaped event whose `time` is `now` (the functions take their `now` from it:
chalicelib/events/clock.py). Then the route waits until the stream records they wrote have
been handled by the pump (e-mails sent, waitlists refilled), and answers 200 with what each
function returned: `{"now", "schedules": {"<name>": <its result> | {"error": ...}}}`.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import UTC
from typing import Any

from chalice.app import ScheduledEventConfig

from chalicelib.config import settings
from chalicelib.domain import deadlines

from .dev_http import DevRequest, error_response, json_response, method_not_allowed

log = logging.getLogger("devstack.gateway.schedules")
#: How long the route waits for the stream to settle after the schedules ran (seconds).
STREAM_WAIT_SECONDS = 60.0
#: Rounds of "stream idle": what a stream handler writes (an auto-offer) goes round once more.
IDLE_ROUNDS = 3

_lock = threading.Lock()
#: The running pumps, newest last. A process may run more than one stack (the tests do): a
#: pump that stops leaves the others attached, and the route drives the newest one running.
_pumps: list[Any] = []


def attach(pump: Any) -> None:
    """The event pump whose app and stream this route drives (the running stack's)."""
    with _lock:
        _pumps.append(pump)


def detach(pump: Any) -> None:
    with _lock:
        if pump in _pumps:
            _pumps.remove(pump)


def schedule_handlers(app_module: Any) -> dict[str, Any]:
    """Every `@app.schedule` function of the app, by name."""
    return {source.name: getattr(app_module, source.handler_string.split(".")[-1])
            for source in app_module.app.event_sources if isinstance(source, ScheduledEventConfig)}


def scheduled_event(name: str, now: str) -> dict[str, Any]:
    """The event EventBridge sends a schedule's target (its `time` is `now`, to the second)."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "000000000000", "time": deadlines.parse(now).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": settings().region, "resources": [f"arn:aws:events:local:rule/{name}"], "detail": {}}


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def run(request: DevRequest) -> dict[str, Any]:
    refused = method_not_allowed(request, "POST")
    if refused is not None:
        return refused
    try:
        body = json.loads(request.body or b"{}") if (request.body or b"").strip() else {}
    except ValueError:
        return error_response(400, "bad_request", "The body must be a JSON object.")
    if not isinstance(body, dict):
        return error_response(400, "bad_request", "The body must be a JSON object.")
    now_text = body.get("now")
    try:
        now = deadlines.stamp(deadlines.parse(now_text)) if now_text is not None else None
    except (TypeError, ValueError, AttributeError):
        now = None
        if now_text is not None:
            return error_response(422, "validation_error", "Give `now` as an ISO 8601 timestamp.",
                                  {"now": ["must be an ISO 8601 timestamp such as 2026-05-14T09:00:00Z"]})
    from chalice.local import LambdaContext

    from chalicelib.store.base import now_iso

    now = now or now_iso()
    with _lock:
        pump = _pumps[-1] if _pumps else None
    if pump is None:
        return error_response(409, "no_event_pump", "No event pump is running in this stack.")
    results: dict[str, Any] = {}
    for name, handler in schedule_handlers(pump.app_module).items():
        context = LambdaContext(function_name=name, memory_size=256, max_runtime_ms=900_000)
        try:
            results[name] = _json_safe(handler(scheduled_event(name, now), context))
        except Exception as exc:  # one failing schedule is reported, the others still run
            log.exception("scheduled function %s failed", name)
            results[name] = {"error": type(exc).__name__, "message": str(exc)}
    settled = all(pump.wait_until_idle(STREAM_WAIT_SECONDS) for _ in range(IDLE_ROUNDS))
    return json_response(200, {"now": deadlines.stamp(deadlines.parse(now)).split(".")[0] + "Z",
                               "schedules": results, "stream_settled": settled})
