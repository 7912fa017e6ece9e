"""Receipt upload verification from S3 object-created events (filled in by the receipts issue)."""

from __future__ import annotations

from typing import Any


def handle_object_created(event: dict[str, Any]) -> None:
    """Verify the uploaded object named by an EventBridge `Object Created` event."""
