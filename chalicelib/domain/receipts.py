"""Receipt rules that need no AWS: accepted file types, filenames, S3 keys, verification.

The browser uploads straight to S3, so nothing it declares can be trusted: the server
verifies the stored object afterwards from its real size and its first bytes (magic
numbers), never from the declared content type or the file extension.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import NamedTuple

from .grants import DISBURSED
from .text import display_text_problem

MAX_RECEIPT_BYTES = 10 * 1024 * 1024  # 10485760, the contract's limit
#: Bytes read from the start of an object to recognise its type.
SNIFF_BYTES = 16
#: Presigned POST / GET lifetime: long enough to upload or open a file, short enough to be useless if leaked.
UPLOAD_EXPIRES_SECONDS = 300
DOWNLOAD_EXPIRES_SECONDS = 300
MAX_FILENAME_LENGTH = 200
#: Receipts per grant (airfare and lodging of one trip fit many times over): bounds storage and uploads.
MAX_RECEIPTS_PER_GRANT = 30
KEY_PREFIX = "receipts"

CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
RECEIPT_TYPES = ("airfare", "lodging", "ground_transport", "visa", "other")


def _(message: str) -> str:
    """Marks a word for the e-mails' catalogs (`make messages` extracts it); translated where it is read."""
    return message


#: Each type as people read it, in English: e-mails translate it with their catalog
#: (`services.notify`); the web app has its own catalog entries for these words.
RECEIPT_TYPE_NAMES = {"airfare": _("Airfare"), "lodging": _("Lodging"), "ground_transport": _("Ground transport"),
                      "visa": _("Visa"), "other": _("Other")}
#: Types whose receipts say nothing by their type alone: the description says what was paid for.
DESCRIPTION_REQUIRED = frozenset({"other"})

# Statuses: awaiting_upload -> pending (verified upload) -> approved | flagged; a flagged
# receipt the applicant replaced by a new one -> replaced.
class ReceiptStatus(StrEnum):
    """Every stored receipt status (the API's literal and the OpenAPI enum derive from it)."""

    AWAITING_UPLOAD = "awaiting_upload"
    PENDING = "pending"
    APPROVED = "approved"
    FLAGGED = "flagged"
    REPLACED = "replaced"


AWAITING_UPLOAD, PENDING, APPROVED = ReceiptStatus.AWAITING_UPLOAD, ReceiptStatus.PENDING, ReceiptStatus.APPROVED
FLAGGED, REPLACED = ReceiptStatus.FLAGGED, ReceiptStatus.REPLACED
STATUSES: tuple[str, ...] = tuple(s.value for s in ReceiptStatus)
#: Shown to reviewers (never stored) for a reviewed receipt whose sealed file is missing or changed.
MISSING_FILE = "missing_file"
#: An applicant may delete a receipt until a reviewer has decided on it.
DELETABLE = (AWAITING_UPLOAD, PENDING)
#: Statuses whose amount counts in the applicant's total: still to be reviewed, or approved.
COUNTED = (PENDING, APPROVED)
#: Statuses whose file is sealed: reviewed, so what reviewers saw must never change.
SEALED = (APPROVED, FLAGGED, REPLACED)
#: Only a flagged receipt can be replaced.
REPLACEABLE = (FLAGGED,)
SEALED_PREFIX = "sealed"
#: Reviewer decisions and the statuses they may start from (a flagged receipt can be
#: approved once cleared up; an approved one can still be flagged before disbursement).
APPROVE_FROM = (PENDING, FLAGGED)
#: The grant status after which receipts are settled (no approve or flag any more).
GRANT_DISBURSED = DISBURSED
FLAG_FROM = (PENDING, APPROVED)

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_PDF = b"%PDF-"
_UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_GRANT_ID = re.compile(r"^[a-z2-7]{8,64}$")
_RECEIPT_ID = re.compile(r"^[a-z2-7]{8,64}-[0-9a-f]{16}$")


def sniff_content_type(head: bytes) -> str | None:
    """The real type of a file from its first bytes, or None when it is none we accept."""
    if head.startswith(_PDF):
        return "application/pdf"
    if head.startswith(_JPEG):
        return "image/jpeg"
    if head.startswith(_PNG):
        return "image/png"
    return None


def filename_problems(filename: str, content_type: str | None) -> list[str]:
    """Why `filename` is unacceptable for `content_type` (empty list when it is fine)."""
    problems: list[str] = []
    if not filename:
        return ["must not be blank"]
    if "/" in filename or "\\" in filename:
        problems.append("must not contain path separators")
    invisible = display_text_problem(filename)
    if invisible:
        problems.append(invisible)
    if filename in (".", "..") or filename.startswith("."):
        problems.append("must be a file name such as receipt.pdf")
    if len(filename) > MAX_FILENAME_LENGTH:
        problems.append(f"must be at most {MAX_FILENAME_LENGTH} characters")
    extensions = CONTENT_TYPES.get(content_type or "")
    if extensions is not None and not filename.lower().endswith(extensions):
        problems.append(f"must end with {' or '.join(extensions)} for {content_type}")
    return problems


def safe_key_name(filename: str) -> str:
    """An S3-key-safe version of an already validated filename (keeps the extension)."""
    normalised = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = normalised.rpartition(".")
    stem = _UNSAFE_KEY_CHARS.sub("_", stem).strip("._")[:100] or "receipt"
    ext = _UNSAFE_KEY_CHARS.sub("", ext).lower()[:10]
    return f"{stem}.{ext}" if dot and ext else stem


def receipt_key(conference: str, grant_id: str, receipt_id: str, filename: str) -> str:
    """`receipts/{conference}/{grant}/{receipt}/{safe filename}`: the one key a presigned POST allows."""
    return f"{KEY_PREFIX}/{conference}/{grant_id}/{receipt_id}/{safe_key_name(filename)}"


def sealed_key(conference: str, grant_id: str, receipt_id: str, filename: str) -> str:
    """`sealed/{conference}/{grant}/{receipt}/{safe filename}`: the reviewed copy of a receipt's
    file. No upload form is ever issued for this prefix, so only the server writes it."""
    return f"{SEALED_PREFIX}/{conference}/{grant_id}/{receipt_id}/{safe_key_name(filename)}"


class ReceiptKey(NamedTuple):
    conference: str
    grant_id: str
    receipt_id: str


def parse_receipt_key(key: str) -> ReceiptKey | None:
    """The receipt an S3 key belongs to, or None for anything not laid out by `receipt_key`."""
    parts = key.split("/")
    if len(parts) != 5 or parts[0] != KEY_PREFIX or not all(parts[1:]):
        return None
    _, conference, grant_id, receipt_id, _name = parts
    if not is_receipt_id(receipt_id) or grant_of_receipt(receipt_id) != grant_id:
        return None
    return ReceiptKey(conference, grant_id, receipt_id)


def new_receipt_id(grant_id: str, random_hex: str) -> str:
    """Receipt ids carry their grant id, so a reviewer's `/receipts/{id}` is one GetItem."""
    return f"{grant_id}-{random_hex}"


def is_grant_id(value: str) -> bool:
    """Shape of `store.keys.grant_id_for` ids; anything else cannot name a grant (404 early)."""
    return bool(_GRANT_ID.match(value or ""))


def is_receipt_id(value: str) -> bool:
    return bool(_RECEIPT_ID.match(value or ""))


def grant_of_receipt(receipt_id: str) -> str | None:
    """The grant id embedded in a receipt id (None when the id is malformed)."""
    if not is_receipt_id(receipt_id):
        return None
    return receipt_id.rpartition("-")[0]


class Verdict(NamedTuple):
    ok: bool
    reason: str = ""
    detected_type: str | None = None


def verify_upload(size: int | None, head: bytes, declared_type: str) -> Verdict:
    """Judge a stored object from its real size and first bytes against what was declared."""
    if size is None:
        return Verdict(False, "No file has been uploaded for this receipt.")
    if size <= 0:
        return Verdict(False, "The uploaded file is empty.")
    if size > MAX_RECEIPT_BYTES:
        return Verdict(False, "The uploaded file is larger than 10 MiB.")
    detected = sniff_content_type(head)
    if detected is None:
        return Verdict(False, "The uploaded file is not a PDF, JPEG or PNG.")
    if detected != declared_type:
        return Verdict(False, f"The uploaded file is a {detected} file, not {declared_type}.", detected)
    return Verdict(True, detected_type=detected)
