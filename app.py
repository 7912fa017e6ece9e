"""Chalice application: wires blueprints, middleware and event handlers. Thin on purpose.

Lambda imports this module on a cold start, so it imports only what the handlers need.
"""

from __future__ import annotations

from typing import Any

from chalice import Chalice

from chalicelib.api import conferences, system
from chalicelib.api.middleware import http_middleware
from chalicelib.config import settings
from chalicelib.events import stream

app = Chalice(app_name="conference-grants")
app.register_middleware(http_middleware, "http")
for blueprint_module in (system, conferences):
    app.register_blueprint(blueprint_module.bp)

#: Placeholder ARN for the local stage, where the event pump calls the handler directly.
LOCAL_STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/conference-local/stream/local"


@app.on_dynamodb_record(stream_arn=settings().table_stream_arn or LOCAL_STREAM_ARN, batch_size=100, name="stream_handler")
def handle_table_stream(event: Any) -> dict[str, Any]:
    """Promotions, notifications and other reactions to table changes."""
    return stream.dispatch(event.to_dict().get("Records", []))
