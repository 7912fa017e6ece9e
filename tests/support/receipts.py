"""Shared helpers for the receipts / payment / disbursement tests (no tests in here).

Grants reach `accepted` through the grants area's public API, as a real applicant and
reviewer would: apply -> reviewer offers with an approved amount -> applicant accepts.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from tests.support.grants import application
from tests.support.grants import path as grant_path

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48

REVIEW_GRANTS = ("review_travel_grant",)


def mine(slug: str, suffix: str = "") -> str:
    return grant_path(slug, suffix)


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}{suffix}"


def accepted_grant(api: Any, slug: str, applicant: str, reviewer: str, approved: str = "1000") -> str:
    """Apply, offer `approved`, accept; returns the grant id."""
    r = api.post(grant_path(slug), application(), token=applicant)
    assert r.status == 201, r.body
    grant_id = r.body["id"]
    r = api.patch(manage(slug, f"/travel-grants/{grant_id}"), {"status": "offered", "approved_amount": approved},
                  token=reviewer)
    assert r.status == 200, r.body
    r = api.post(grant_path(slug, "/accept"), token=applicant)
    assert r.status == 200, r.body
    assert r.body["status"] == "accepted"
    return grant_id


def receipt_body(**overrides: Any) -> dict[str, Any]:
    body = {"receipt_type": "airfare", "amount": "420.50", "date": "2026-05-10", "description": "Flight PIT",
            "filename": "flight.pdf", "content_type": "application/pdf", "size": len(PDF)}
    body.update(overrides)
    return body


def presign(api: Any, slug: str, token: str, **overrides: Any) -> dict[str, Any]:
    r = api.post(mine(slug, "/receipts"), receipt_body(**overrides), token=token)
    assert r.status == 201, r.body
    return r.body


def upload(created: dict[str, Any], content: bytes, filename: str = "flight.pdf") -> requests.Response:
    """What the browser does: a multipart POST of the form fields plus the file to S3."""
    form = created["upload"]
    response = requests.post(form["url"], data=form["fields"], files={"file": (filename, content)}, timeout=30)
    assert response.status_code in (200, 201, 204), response.text
    return response


def policy_of(created: dict[str, Any]) -> dict[str, Any]:
    return json.loads(base64.b64decode(created["upload"]["fields"]["policy"]))


def uploaded_receipt(api: Any, slug: str, token: str, content: bytes = PDF, **overrides: Any) -> dict[str, Any]:
    """Presign, upload, complete; returns the completed receipt."""
    created = presign(api, slug, token, size=len(content), **overrides)
    upload(created, content, overrides.get("filename", "flight.pdf"))
    r = api.post(mine(slug, f"/receipts/{created['receipt']['id']}/complete"), token=token)
    assert r.status == 200, r.body
    return r.body


ACH = {"payment_method": "ach", "legal_name": "Ada Lovelace", "address_street": "1 Analytical Way",
       "address_city": "London", "address_zip": "N1 9GU", "address_country": "GB", "bank_name": "First Bank",
       "bank_account_number": "000123456789", "bank_routing_number": "021000021"}


PAYER = ("disburse_travel_grant",)
