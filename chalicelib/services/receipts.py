"""Receipt use cases: presign, complete (verify), list, delete, and the reviewers' side.

Ownership is structural: an applicant's grant id is derived from (conference, caller's
sub), and a receipt id embeds its grant id, so a receipt id that is not in the caller's
grant is simply not found (404), without any lookup that could leak its existence.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from botocore.exceptions import ClientError

from .. import aws
from ..auth import Principal
from ..config import settings
from ..domain import receipts as rules
from ..domain.grants import receipts_readable
from ..domain.money import cents_to_str, to_cents
from ..errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from ..observability import metrics
from ..store import grants as grant_store
from ..store import receipts as store
from ..store.base import now_iso, public_timestamp
from ..store.keys import grant_id_for, grant_pk
from .grants import no_grant

log = logging.getLogger(__name__)


class InvalidUpload(ValidationFailed):
    """`invalid_upload`: the stored object is missing, too large, empty or not what was declared."""

    code, default_message = "invalid_upload", "The uploaded file was rejected."

    def __init__(self, reason: str) -> None:
        super().__init__({"file": [reason]}, reason)


def receipts_locked() -> Conflict:
    return Conflict("Receipts and payment details open once you have accepted a grant with an approved amount.",
                    code="receipts_locked")


def locked_or_no_grant(conf: str, grant_id: str) -> DomainError:
    """After a refused write: 404 `no_grant` when the caller never applied, else 409 `receipts_locked`.

    The write's condition cannot tell "no grant" from "grant not open"; one GetItem on this
    (rare) failure path can, so the happy path stays one request.
    """
    return receipts_locked() if store.grant_exists(conf, grant_id) else no_grant()


# -- S3 ------------------------------------------------------------------------------


def _s3() -> Any:
    return aws.client("s3")


def presigned_post(key: str, content_type: str) -> dict[str, Any]:
    """A browser upload form for exactly `key`, this content type, 1 byte..10 MiB, 300 s."""
    return _s3().generate_presigned_post(
        Bucket=settings().bucket_name,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", 1, rules.MAX_RECEIPT_BYTES],
        ],
        ExpiresIn=rules.UPLOAD_EXPIRES_SECONDS,
    )


def presigned_download(item: store.ReceiptItem) -> str:
    """A link to the receipt's file: the sealed copy once reviewed, else the uploaded object."""
    return _s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings().bucket_name,
            "Key": item.sealed_key or item.s3_key,
            "ResponseContentType": item.content_type,
            "ResponseContentDisposition": f'attachment; filename="{rules.safe_key_name(item.filename)}"',
        },
        ExpiresIn=rules.DOWNLOAD_EXPIRES_SECONDS,
    )


def inspect_object(key: str) -> tuple[int | None, bytes, str | None]:
    """(size, first bytes, etag) of a stored object: HEAD for the size, a ranged GET for the head.

    Size None means there is no object. The GET is skipped for sizes that fail anyway.
    """
    s3 = _s3()
    bucket = settings().bucket_name
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None, b"", None
        raise
    size = int(head.get("ContentLength", 0))
    etag = (head.get("ETag") or "").strip('"') or None
    if size <= 0 or size > rules.MAX_RECEIPT_BYTES:
        return size, b"", etag
    body = s3.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{rules.SNIFF_BYTES - 1}")["Body"]
    try:
        return size, body.read(rules.SNIFF_BYTES), etag
    finally:
        body.close()


class SealFailed(Exception):
    """The verified object is gone or changed: there is nothing reviewed to seal."""


def seal_object(item: store.ReceiptItem) -> tuple[str, str]:
    """Copy the verified object (only if it still has the verified ETag) to the receipt's sealed
    key, which no upload form can reach; returns (sealed key, its ETag)."""
    key = rules.sealed_key(item.conference, item.grant_id, item.receipt_id, item.filename)
    copy: dict[str, Any] = {"Bucket": settings().bucket_name, "Key": key,
                            "CopySource": {"Bucket": settings().bucket_name, "Key": item.s3_key}}
    if item.etag:
        copy["CopySourceIfMatch"] = f'"{item.etag}"'
    try:
        answer = _s3().copy_object(**copy)
    except ClientError as exc:
        raise SealFailed() from exc
    etag = (answer.get("CopyObjectResult", {}).get("ETag") or "").strip('"')
    if not etag:
        raise SealFailed()
    return key, etag


def sealed_object_intact(item: store.ReceiptItem) -> bool:
    """The sealed copy is still there, byte for byte the one sealed (same ETag)."""
    return bool(item.sealed_key) and _current_etag(str(item.sealed_key)) == item.sealed_etag


def delete_object(key: str) -> None:
    """Delete an object (S3 deletes are idempotent: a missing key is fine)."""
    _s3().delete_object(Bucket=settings().bucket_name, Key=key)


# -- verification (shared by `complete` and the bucket event) ---------------------------


def verify_stored(item: store.ReceiptItem) -> store.ReceiptItem:
    """Check the receipt's object; pending on success, else delete it and raise InvalidUpload."""
    size, head, etag = inspect_object(item.s3_key)
    verdict = rules.verify_upload(size, head, item.content_type)
    if not verdict.ok:
        if size is not None:
            delete_object(item.s3_key)
        log.info("receipt %s rejected: %s", item.receipt_id, verdict.reason)
        metrics.emit("UploadRejections")
        raise InvalidUpload(verdict.reason)
    if not store.mark_uploaded(item, int(size or 0), etag):
        # Someone (the bucket event or a concurrent complete) got there first: show what is stored.
        return _stored_now(item)
    # `item` is now the update's ALL_NEW. The object may have been replaced (or rejected and
    # deleted by that replacement's event) between the inspection and the write; any later
    # replacement finds this item pending and is checked by its own event.
    if _current_etag(item.s3_key) != etag:
        reverify_replaced(item, None)
        current = _stored_now(item)
        if current.status == rules.AWAITING_UPLOAD:
            raise InvalidUpload("The file changed while it was being checked; upload it again.")
        return current
    return item


def _stored_now(item: store.ReceiptItem) -> store.ReceiptItem:
    """The receipt as stored now (strongly consistent), after another writer got there first."""
    current = store.get(item.conference, item.grant_id, item.receipt_id, consistent=True)
    if current is None:
        raise NotFound("No such receipt.")
    return current


def _current_etag(key: str) -> str | None:
    """The stored object's ETag, None when there is no object."""
    try:
        head = _s3().head_object(Bucket=settings().bucket_name, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
    return (head.get("ETag") or "").strip('"') or None


def after_review_upload(item: store.ReceiptItem, event_etag: str | None) -> None:
    """An object reached a reviewed receipt's upload key (an old form reused): the sealed copy
    stays what reviewers see; the stray object is removed and the attempt is audited."""
    etag = _current_etag(item.s3_key)
    if etag is None or etag == item.etag:
        return  # the object that was verified, or already removed
    delete_object(item.s3_key)
    log.warning("receipt %s: an upload after review was discarded", item.receipt_id)
    try:
        grant_store.audit_existing(item.conference, item.grant_id, item.user_sub, "receipt_file_replaced_after_review",
                                   {"receipt_id": item.receipt_id, "status": item.status},
                                   actor_name=item.user_name)
    except grant_store.WriteRefused:
        pass  # the grant is gone: nothing to record it on


def reverify_replaced(item: store.ReceiptItem, event_etag: str | None) -> None:
    """A verified object was overwritten (possible while its presigned POST lasted): check it again.

    A missing object means a bad replacement was deleted after this item was read: the
    receipt has no file any more and goes back to awaiting its upload.
    """
    if event_etag and item.etag and event_etag == item.etag:
        return
    size, head, etag = inspect_object(item.s3_key)
    if size is not None and etag and etag == item.etag:
        return
    verdict = rules.verify_upload(size, head, item.content_type)
    if verdict.ok:
        store.record_replacement(item, int(size or 0), etag)
        return
    if size is not None:
        delete_object(item.s3_key)
    log.warning("receipt %s: replacement object rejected (%s)", item.receipt_id, verdict.reason)
    metrics.emit("UploadRejections")
    store.back_to_awaiting_upload(item)


# -- views -------------------------------------------------------------------------------


def applicant_view(item: store.ReceiptItem) -> dict[str, Any]:
    return {
        "id": item.receipt_id,
        "receipt_type": item.receipt_type,
        "amount": cents_to_str(item.amount_cents),
        "date": item.date,
        "description": item.description or "",
        "filename": item.filename,
        "content_type": item.content_type,
        "size": int(item.size) if item.size is not None else None,
        "status": item.status,
        "flagged_reason": item.flagged_reason if item.status in (rules.FLAGGED, rules.REPLACED) else None,
        "can_delete": item.status in rules.DELETABLE,
        "can_replace": item.status in rules.REPLACEABLE and not item.replaced_by,
        "replaces": item.replaces,
        "replaced_by": item.replaced_by,
        "created_at": public_timestamp(item.created_at),
        "uploaded_at": public_timestamp(item.uploaded_at),
        "reviewed_at": public_timestamp(item.reviewed_at),
    }


def _download_url(item: store.ReceiptItem) -> str | None:
    """A link to exactly the reviewed object (None when the sealed copy is missing or changed)."""
    if item.status == rules.AWAITING_UPLOAD:
        return None
    if item.sealed_key and not sealed_object_intact(item):
        return None
    return presigned_download(item)


def reviewer_view(item: store.ReceiptItem, *, with_download: bool = True) -> dict[str, Any]:
    view = applicant_view(item)
    url = _download_url(item) if with_download else None
    if with_download and item.sealed_key and url is None:
        view["status"] = rules.MISSING_FILE  # reported, never silently served
    view.update({
        "grant_id": item.grant_id,
        "applicant": {"sub": item.user_sub, "email": item.user_email, "name": item.user_name},
        "reviewed_by": item.reviewed_by,
        "reviewed_by_name": item.reviewed_by_name,
        "download_url": url,
        "download_expires_in": rules.DOWNLOAD_EXPIRES_SECONDS,
    })
    return view


def total_cents(items: list[store.ReceiptItem]) -> int:
    """Sum of the receipts still to be reviewed or approved (the contract's `total`): flagged and
    replaced ones are left out."""
    return sum(int(i.amount_cents) for i in items if i.status in rules.COUNTED)


def approved_total_cents(items: list[store.ReceiptItem]) -> int:
    return sum(int(i.amount_cents) for i in items if i.status == rules.APPROVED)


# -- applicant use cases ----------------------------------------------------------------------


def _own_receipt(conf: str, user: Principal, receipt_id: str, consistent: bool = False) -> store.ReceiptItem:
    grant_id = grant_id_for(conf, user.sub)
    if rules.grant_of_receipt(receipt_id) != grant_id:
        raise NotFound("No such receipt.")
    item = store.get(conf, grant_id, receipt_id, consistent=consistent)
    if item is None:
        raise NotFound("No such receipt.")
    return item


def create_receipt(conf: str, user: Principal, body: Any) -> dict[str, Any]:
    """Record the receipt (awaiting_upload) and hand out a presigned POST for its one key.

    One DynamoDB request: a transaction that checks the grant is open, counts the receipt
    on it and puts the receipt. No AWS call for the presign (it is signed locally).
    """
    grant_id = grant_id_for(conf, user.sub)
    replaces = getattr(body, "replaces", None)
    if replaces is not None and rules.grant_of_receipt(replaces) != grant_id:
        raise ValidationFailed({"replaces": ["is not one of your receipts"]})
    receipt_id = rules.new_receipt_id(grant_id, secrets.token_hex(8))
    key = rules.receipt_key(conf, grant_id, receipt_id, body.filename)
    now = now_iso()
    item = store.ReceiptItem(
        grant_pk(conf, grant_id), store.receipt_sk(receipt_id),
        receipt_id=receipt_id, conference=conf, grant_id=grant_id, user_sub=user.sub,
        user_email=user.contact_email or None, user_name=user.name or None,  # unverified: no address to mail
        receipt_type=body.receipt_type, amount_cents=to_cents(body.amount), date=body.date.isoformat(),
        description=body.description or "", filename=body.filename, content_type=body.content_type,
        declared_size=body.size, s3_key=key, status=rules.AWAITING_UPLOAD, created_at=now, updated_at=now,
        replaces=replaces,
    )
    details: dict[str, Any] = {"receipt_id": receipt_id, "amount_cents": item.amount_cents,
                               "receipt_type": item.receipt_type}
    if replaces:
        details["replaces"] = replaces

    def audit(tx: Any) -> None:
        grant_store.append_audit(tx, conf, grant_id, user.sub, "receipt_replaced" if replaces else "receipt_added",
                                 details, actor_name=user.name)

    try:
        store.create(item, audit)
    except store.NotReplaceable:
        if store.get(conf, grant_id, replaces or "", consistent=True) is None:
            raise ValidationFailed({"replaces": ["is not one of your receipts"]}) from None
        raise Conflict("Only a flagged receipt can be replaced, once.", code="invalid_receipt_state") from None
    except store.GrantClosed:
        raise locked_or_no_grant(conf, grant_id) from None
    except store.TooManyReceipts:
        raise Conflict(f"A grant can hold at most {rules.MAX_RECEIPTS_PER_GRANT} receipts; delete one first.",
                       code="too_many_receipts") from None
    upload = presigned_post(key, body.content_type)
    return {
        "receipt": applicant_view(item),
        "upload": {"url": upload["url"], "fields": upload["fields"], "expires_in": rules.UPLOAD_EXPIRES_SECONDS,
                   "max_size": rules.MAX_RECEIPT_BYTES},
    }


def complete_receipt(conf: str, user: Principal, receipt_id: str) -> dict[str, Any]:
    """Verify the uploaded object now (idempotent: an already verified receipt is returned)."""
    item = _own_receipt(conf, user, receipt_id, consistent=True)
    if item.status != rules.AWAITING_UPLOAD:
        return applicant_view(item)
    return applicant_view(verify_stored(item))


def list_receipts(conf: str, user: Principal) -> dict[str, Any]:
    """The caller's receipts and their total, with the grant check, in one Query."""
    part = store.grant_partition(conf, grant_id_for(conf, user.sub), with_payment=False)
    grant = part.grant
    if grant is None:
        raise no_grant()
    if not receipts_readable(grant.status, grant.approved_cents):
        raise receipts_locked()
    items = store.receipts_of(part)
    return {"receipts": [applicant_view(i) for i in items], "total": cents_to_str(total_cents(items)),
            "approved_total": cents_to_str(approved_total_cents(items))}


def own_receipt(conf: str, user: Principal, receipt_id: str) -> dict[str, Any]:
    """The caller's receipt with a link to its file (the reviewed copy once reviewed)."""
    item = _own_receipt(conf, user, receipt_id)
    return {**applicant_view(item), "download_url": _download_url(item),
            "download_expires_in": rules.DOWNLOAD_EXPIRES_SECONDS}


def delete_receipt(conf: str, user: Principal, receipt_id: str) -> None:
    """Delete a receipt nobody has decided on, then its object (S3 deletes are idempotent)."""
    item = _own_receipt(conf, user, receipt_id)
    if item.status not in rules.DELETABLE:
        raise Conflict("A receipt a reviewer has approved or flagged cannot be deleted.", code="receipt_locked")
    try:
        store.delete(item)
    except store.StateConflict:
        if store.get(conf, item.grant_id, receipt_id, consistent=True) is None:
            raise NotFound("No such receipt.") from None
        raise Conflict("A receipt a reviewer has approved or flagged cannot be deleted.",
                       code="receipt_locked") from None
    delete_object(item.s3_key)


# -- reviewer use cases ---------------------------------------------------------------------------


def ensure_receipt(conf: str, receipt_id: str) -> None:
    """404 unless the receipt exists (routes run it only for an invalid input)."""
    _any_receipt(conf, receipt_id)


def ensure_own_receipt(conf: str, user: Principal, receipt_id: str) -> None:
    """404 unless the caller's own receipt exists (routes run it only for an invalid input)."""
    _own_receipt(conf, user, receipt_id)


def _any_receipt(conf: str, receipt_id: str) -> store.ReceiptItem:
    grant_id = rules.grant_of_receipt(receipt_id)
    item = store.get(conf, grant_id, receipt_id) if grant_id else None
    if item is None:
        raise NotFound("No such receipt.")
    return item


def next_pending(conf: str, reviewer: Principal | None = None) -> dict[str, Any] | None:
    """A pending receipt for `reviewer`, never one of their own grant (separation of duties)."""
    item = store.random_pending(conf, exclude_sub=reviewer.sub if reviewer else None)
    return reviewer_view(item) if item else None


def reviewer_receipt(conf: str, receipt_id: str) -> dict[str, Any]:
    return reviewer_view(_any_receipt(conf, receipt_id))


def decide(conf: str, reviewer: Principal, receipt_id: str, approve: bool, reason: str | None = None) -> dict[str, Any]:
    """Approve or flag, recording who and when; guarded by the status it starts from."""
    item = _any_receipt(conf, receipt_id)
    if item.user_sub == reviewer.sub:
        raise Forbidden("You cannot review your own receipt.")
    if item.status == rules.AWAITING_UPLOAD:
        raise Conflict("The file of this receipt has not been uploaded yet.", code="receipt_not_uploaded")
    target, sources = (rules.APPROVED, rules.APPROVE_FROM) if approve else (rules.FLAGGED, rules.FLAG_FROM)
    if item.status not in sources:
        raise Conflict(f"A receipt in status {item.status} cannot be {target}.", code="invalid_receipt_state")
    seal = None
    if not item.sealed_key:
        try:
            seal = seal_object(item)
        except SealFailed:
            raise Conflict("The file changed since it was checked; wait for the new file to be checked, then "
                           "review it again.", code="invalid_receipt_state") from None
    details: dict[str, Any] = {"receipt_id": receipt_id, "amount_cents": int(item.amount_cents),
                               "from": item.status, "file_etag": item.etag}
    if not approve:
        details["reason"] = reason

    def audit(tx: Any) -> None:
        grant_store.append_audit(tx, conf, item.grant_id, reviewer.sub,
                                 "receipt_approved" if approve else "receipt_flagged", details,
                                 actor_name=reviewer.name)

    try:
        store.decide(item, target, sources, reviewer.sub, reviewer.name or None, None if approve else reason,
                     seal=seal, audit=audit)
    except store.GrantSettled:
        raise Conflict("The grant was already disbursed: its receipts can no longer be approved or flagged.",
                       code="invalid_state") from None
    except store.StateConflict:
        raise Conflict("The receipt was changed meanwhile; reload it.", code="invalid_receipt_state") from None
    return reviewer_view(item)

