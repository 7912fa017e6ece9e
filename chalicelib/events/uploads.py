"""Receipt upload verification from S3 `Object Created` events (S3 -> EventBridge -> Lambda).

The same check as `POST .../complete`, so a receipt is verified even when the browser
never calls `complete`. Idempotent, because EventBridge delivers at least once and the
local pump may repeat itself: a receipt already verified for this object is left alone,
and the status change is a conditional write. Objects that belong to no receipt (the
receipt was deleted while the upload was in flight) are removed.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote_plus

from ..config import settings
from ..domain import receipts as rules
from ..errors import DomainError
from ..services import receipts as service
from ..store import receipts as store

log = logging.getLogger(__name__)


def _object_of(event: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    detail = event.get("detail") or {}
    bucket = (detail.get("bucket") or {}).get("name")
    obj = detail.get("object") or {}
    key = obj.get("key")
    etag = (obj.get("etag") or "").strip('"') or None
    return bucket, key, etag


def handle_object_created(event: dict[str, Any]) -> None:
    """Verify the uploaded object named by an EventBridge `Object Created` event."""
    bucket, key, etag = _object_of(event)
    if not key or bucket != settings().bucket_name:
        log.info("ignoring object event for bucket %s", bucket)
        return
    parsed = rules.parse_receipt_key(key) or rules.parse_receipt_key(unquote_plus(key))
    if parsed is None:
        log.info("ignoring object %s: not a receipt key", key)
        return
    item = store.get(parsed.conference, parsed.grant_id, parsed.receipt_id, consistent=True)
    if item is None or item.s3_key not in (key, unquote_plus(key)):
        log.info("deleting orphan object %s", key)
        service.delete_object(key)
        return
    if item.status == rules.AWAITING_UPLOAD:
        try:
            service.verify_stored(item)
        except DomainError as exc:
            log.info("receipt %s: upload rejected by the bucket event (%s)", item.receipt_id, exc.message)
        else:
            log.info("receipt %s: upload verified by the bucket event", item.receipt_id)
        return
    if item.status in rules.SEALED and item.sealed_key:
        service.after_review_upload(item, etag)  # reviewed: the sealed copy is what counts
        return
    service.reverify_replaced(item, etag)
    log.info("receipt %s: replaced object re-checked", item.receipt_id)
