"""Chalice application: wires blueprints, middleware and event handlers. Thin on purpose.

Eight Lambda functions come out of this file: the HTTP API (every route), the table
stream handler (promotions, notifications, ticket vouchers, the grant waitlist), the upload verifier
(S3 → EventBridge), the scheduled Pretalx and pretix syncs, the hourly offer deadlines (expiry,
reminders), the claim deadlines (offered activity places not claimed in time, every five
minutes) and the reviewers' daily message digest. Locally, devstack/pump.py feeds the last seven.
"""

from __future__ import annotations

import gc
import os
from typing import Any

#: INIT allocates the whole app (models, routes, AWS service models) and frees almost nothing:
#: a full collection during it walks every object for no garbage (~20 ms on this machine,
#: `-X importtime`). The collector is off while the app loads and back on, with everything
#: loaded frozen out of its generations, at the end of this module.
gc.disable()

#: We use no pydantic plugins. Without this, pydantic's first model build scans the entry
#: points of every installed distribution for plugins (~10-40 ms on this machine), which a
#: cold container's first validated request would pay. Set before any model is built.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from chalice import Chalice, Rate

from chalicelib import snapstart, warmup
from chalicelib.api import (
    activities,
    activity_management,
    calendars,
    conferences,
    grant_review,
    grants,
    pretalx,
    receipts,
    scoring,
    system,
    tickets,
)
from chalicelib.api.middleware import http_middleware
from chalicelib.auth import report_configuration
from chalicelib.config import settings
from chalicelib.observability import logging as observability

observability.configure()  # LOG_LEVEL; JSON records where the runtime does not write them
#: Cold start: one clear error in the log when this container refuses every token (a misconfigured stage
#: otherwise shows only as 401s).
report_configuration(settings())

app = Chalice(app_name="conference-grants")
app.register_middleware(observability.access_log_middleware, "http")  # outermost: logs the final status
app.register_middleware(http_middleware, "http")
for area in (system, conferences, activities, activity_management, calendars, grants, grant_review, receipts, pretalx,
             scoring, tickets):
    app.register_blueprint(area.bp)

#: Placeholder ARN for the local stage, where the event pump calls the handler directly.
LOCAL_STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/conference-local/stream/local"


@app.on_dynamodb_record(
    stream_arn=settings().table_stream_arn or LOCAL_STREAM_ARN, batch_size=100, name="stream_handler",
)
def handle_table_stream(event: Any) -> dict[str, Any]:
    """Promotions, notifications and other reactions to table changes."""
    # The event handlers' modules load in the function that runs them, not in every
    # function's cold start (the API function never needs them).
    from chalicelib.events import stream
    from chalicelib.services import notify

    with notify.invocation_deadline(event.context):  # e-mail claims expire with this invocation
        return stream.dispatch(event.to_dict().get("Records", []))


@app.on_cw_event(
    {"source": ["aws.s3"], "detail-type": ["Object Created"],
     "detail": {"bucket": {"name": [settings().bucket_name]}}},
    name="upload_verifier",
)
def verify_uploaded_receipt(event: Any) -> None:
    """Verify a receipt even if the browser never calls `complete`."""
    from chalicelib.events import uploads

    uploads.handle_object_created(event.to_dict())


@app.schedule(Rate(settings().pretalx_sync_minutes, unit=Rate.MINUTES), name="pretalx_sync")
def scheduled_pretalx_sync(event: Any) -> None:
    """Sync every conference that has Pretalx settings."""
    from chalicelib.events import pretalx_sync

    pretalx_sync.run_scheduled_sync()


@app.schedule(Rate(settings().ticket_sync_minutes, unit=Rate.MINUTES), name="ticket_sync")
def scheduled_ticket_sync(event: Any) -> dict[str, Any]:
    """pretix vouchers: mark redeemed ones, delete those of grants that left, retry failed ones."""
    from chalicelib.events import ticket_sync

    return ticket_sync.run(event.to_dict())
@app.schedule(Rate(1, unit=Rate.HOURS), name="offer_deadlines")
def scheduled_offer_deadlines(event: Any) -> dict[str, Any]:
    """Expire overdue offers and send due reminders, as of the event's time (events/offer_deadlines.py)."""
    from chalicelib.events import clock, offer_deadlines

    return offer_deadlines.run(clock.event_now(event))


@app.schedule(Rate(1, unit=Rate.DAYS), name="message_digest")
def scheduled_message_digest(event: Any) -> dict[str, Any]:
    """E-mail the reviewers the applicants' messages no reviewer was told about (events/message_digest.py)."""
    from chalicelib.events import clock, message_digest

    return message_digest.run(clock.event_now(event))
@app.schedule(Rate(5, unit=Rate.MINUTES), name="claim_deadlines")
def scheduled_claim_deadlines(event: Any) -> dict[str, Any]:
    """Expire offered places not claimed in time, as of the event's time (events/claim_deadlines.py)."""
    from chalicelib.events import claim_deadlines, clock

    return claim_deadlines.run(clock.event_now(event))


#: INIT makes the AWS clients and primes them, so no request pays for it (see chalicelib/warmup.py);
#: with SnapStart, the hooks registered here prepare everything else before the snapshot.
warmup.at_init()
snapstart.register_hooks()

#: Everything above lives as long as the container. Moving it out of the collector's
#: generations keeps the first full collection (tens of ms on this machine, measured by
#: `make bench` as a cold process's first requests) from walking the whole app's import.
gc.freeze()
gc.enable()
