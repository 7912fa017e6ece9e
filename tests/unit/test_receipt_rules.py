"""Receipt rules without AWS: magic bytes, filenames, key layout, verification verdicts."""

from __future__ import annotations

import pytest

from chalicelib.domain import receipts as rules

PDF, JPEG, PNG = b"%PDF-1.7\n", b"\xff\xd8\xff\xe1xx", b"\x89PNG\r\n\x1a\nIHDR"


@pytest.mark.parametrize("head, expected", [
    (PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png"),
    (b"MZ\x90\x00", None), (b"%PDF", None), (b"\xff\xd8", None), (b"\x89PNG\r\n", None), (b"", None),
    (b"<html>%PDF-", None), (b"GIF89a", None),
])
def test_sniff(head, expected):
    assert rules.sniff_content_type(head) == expected


@pytest.mark.parametrize("name, ctype, ok", [
    ("receipt.pdf", "application/pdf", True),
    ("RECEIPT.PDF", "application/pdf", True),
    ("photo.jpeg", "image/jpeg", True),
    ("photo.jpg", "image/jpeg", True),
    ("scan.png", "image/png", True),
    ("scan.png", "application/pdf", False),
    ("photo.jpg", "image/png", False),
    ("a/b.pdf", "application/pdf", False),
    ("a\\b.pdf", "application/pdf", False),
    ("../b.pdf", "application/pdf", False),
    ("b\x00.pdf", "application/pdf", False),
    ("b\x7f.pdf", "application/pdf", False),
    ("b\n.pdf", "application/pdf", False),
    (".pdf", "application/pdf", False),
    ("", "application/pdf", False),
    ("x" * 300 + ".pdf", "application/pdf", False),
    ("file.pdf.exe", "application/pdf", False),
])
def test_filename_rules(name, ctype, ok):
    assert (rules.filename_problems(name, ctype) == []) is ok


def test_key_layout_and_parsing_round_trip():
    receipt_id = rules.new_receipt_id("abcdefghijklmnopqrstuvwx", "0123456789abcdef")
    key = rules.receipt_key("pycon-2026", "abcdefghijklmnopqrstuvwx", receipt_id, "Flug nach Zürich (2).PDF")
    assert key == f"receipts/pycon-2026/abcdefghijklmnopqrstuvwx/{receipt_id}/Flug_nach_Zurich_2.pdf"
    parsed = rules.parse_receipt_key(key)
    assert parsed == rules.ReceiptKey("pycon-2026", "abcdefghijklmnopqrstuvwx", receipt_id)
    assert rules.grant_of_receipt(receipt_id) == "abcdefghijklmnopqrstuvwx"


@pytest.mark.parametrize("key", [
    "receipts/conf/grant/not-a-receipt/x.pdf",
    "receipts/conf/zzzzzzzzzzzzzzzz/abcdefghijklmnopqrstuvwx-0123456789abcdef/x.pdf",  # grant mismatch
    "other/conf/abcdefghijklmnopqrstuvwx/abcdefghijklmnopqrstuvwx-0123456789abcdef/x.pdf",
    "receipts/conf/abcdefghijklmnopqrstuvwx/abcdefghijklmnopqrstuvwx-0123456789abcdef",
    "receipts//abcdefghijklmnopqrstuvwx/abcdefghijklmnopqrstuvwx-0123456789abcdef/x.pdf",
])
def test_foreign_keys_are_not_receipts(key):
    assert rules.parse_receipt_key(key) is None


def test_safe_key_name_never_escapes_its_folder():
    for name in ("..pdf", "a..b.pdf", "%2e%2e.pdf", "ü.png", "...."):
        safe = rules.safe_key_name(name)
        assert "/" not in safe and not safe.startswith(".") and safe


@pytest.mark.parametrize("size, head, declared, ok, reason", [
    (100, PDF, "application/pdf", True, ""),
    (None, b"", "application/pdf", False, "No file"),
    (0, b"", "application/pdf", False, "empty"),
    (rules.MAX_RECEIPT_BYTES + 1, PDF, "application/pdf", False, "10 MiB"),
    (rules.MAX_RECEIPT_BYTES, PDF, "application/pdf", True, ""),
    (100, PNG, "application/pdf", False, "image/png"),
    (100, b"MZ\x90", "application/pdf", False, "not a PDF"),
])
def test_verify_upload(size, head, declared, ok, reason):
    verdict = rules.verify_upload(size, head, declared)
    assert verdict.ok is ok and reason in verdict.reason
