"""Receipts, payment details and disbursement: AWS requests per call and latency.

API rows count every DynamoDB request of the call, including the conference GetItem
that the route's feature gate / conference load makes.

Figures: DynamoDB requests per receipt presign, complete and payment-info save (plus
the S3 and KMS requests each makes); the median time to encrypt + store one payment
record; a check that a payment record costs at most one KMS request to save; and the
payers' `?ready=true` list, whose requests must not grow with the ready grants on its page.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import requests

from .harness import BenchEnv, Row, counting, measure, measure_detailed

SECTION = "receipts"
#: Ready grants on the payers' list for its second row (the first has one).
READY_GRANTS = 20
PDF = b"%PDF-1.4\n" + b"0" * 2048
APPLICATION = {
    "request_type": "ticket_and_grant", "travel_from": "Lagos", "international": True, "days_attending": [],
    "travel_plans_airfare_description": "flight", "travel_plans_airfare_amount": "900",
    "requested_amount": "1200", "experience_level": "expert", "occupation": "Engineer",
    "involvement": "PyData", "reason": "To speak",
}
ACH = {"payment_method": "ach", "legal_name": "Ada Lovelace", "address_street": "1 Analytical Way",
       "address_city": "London", "address_zip": "N1 9GU", "address_country": "GB", "bank_name": "First Bank",
       "bank_account_number": "000123456789", "bank_routing_number": "021000021"}


def _ok(reply: Any, status: int = 200) -> Any:
    if reply.status != status:
        raise RuntimeError(f"bench setup failed: {reply.status} {reply.body}")
    return reply.body


def _accepted_grant(env: BenchEnv, slug: str, applicant: str, reviewer: str) -> str:
    grant_id = _ok(env.api.post(f"/conferences/{slug}/travel-grant", APPLICATION, token=applicant), 201)["id"]
    _ok(env.api.patch(f"/manage/conferences/{slug}/travel-grants/{grant_id}",
                      {"status": "offered", "approved_amount": "1000"}, token=reviewer))
    _ok(env.api.post(f"/conferences/{slug}/travel-grant/accept", token=applicant))
    return grant_id


def _receipt_body() -> dict[str, Any]:
    return {"receipt_type": "lodging", "amount": "120.00", "date": "2026-05-12", "description": "hotel",
            "filename": "hotel.pdf", "content_type": "application/pdf", "size": len(PDF)}


def _upload(created: dict[str, Any]) -> None:
    """The browser's part of a receipt: POST the file to the presigned form (never measured)."""
    form = created["upload"]
    requests.post(form["url"], data=form["fields"], files={"file": ("hotel.pdf", PDF)}, timeout=30)


def _ready_grant(env: BenchEnv, slug: str, n: int, reviewer: str, checker: str) -> None:
    """An accepted grant with one approved receipt and payment details (the bench's setup)."""
    applicant = env.token(f"bench-ready-{n}")
    _accepted_grant(env, slug, applicant, reviewer)
    base = f"/conferences/{slug}/travel-grant"
    created = _ok(env.api.post(f"{base}/receipts", _receipt_body(), token=applicant), 201)
    _upload(created)
    _ok(env.api.post(f"{base}/receipts/{created['receipt']['id']}/complete", token=applicant))
    _ok(env.api.post(f"/manage/conferences/{slug}/receipts/{created['receipt']['id']}/approve", token=checker))
    _ok(env.api.put(f"{base}/payment-info", ACH, token=applicant))


def _per_call(counter: Any, service: str, calls: int) -> float:
    return counter.total(service) / calls


def run(env: BenchEnv) -> list[Row]:
    admin = env.token("bench-receipts-admin", "manage_conference", "review_travel_grant")
    slug = "bench-receipts"
    _ok(env.api.put(f"/manage/conferences/{slug}", {"name": "Bench receipts", "start_date": "2026-05-13",
                                                    "end_date": "2026-05-19"}, token=admin), 201)
    applicant = env.token("bench-ada")
    checker = env.token("bench-carl", "review_receipt")
    payer = env.token("bench-paula", "disburse_travel_grant")
    grant_id = _accepted_grant(env, slug, applicant, admin)
    base = f"/conferences/{slug}/travel-grant"
    rows: list[Row] = []

    # presign: one transaction (grant open? + count + put); the POST policy is signed locally
    created: list[dict[str, Any]] = []
    repeat = 20
    with counting() as aws_calls:
        req, p50, p99 = measure(lambda: created.append(_ok(env.api.post(f"{base}/receipts", _receipt_body(),
                                                                         token=applicant), 201)), repeat)
    rows.append(Row(SECTION, "POST .../receipts (presign)", req, p50, p99,
                    f"S3 requests/call: {_per_call(aws_calls, 's3', repeat):g}"))

    for c in created:
        _upload(c)
    pending = iter(created)
    with counting() as aws_calls:
        req, p50, p99 = measure(lambda: _ok(env.api.post(f"{base}/receipts/{next(pending)['receipt']['id']}/complete",
                                                         token=applicant)), repeat)
    rows.append(Row(SECTION, "POST .../receipts/{id}/complete (verify)", req, p50, p99,
                    f"S3 requests/call: {_per_call(aws_calls, 's3', repeat):g} (HEAD + ranged GET, then a HEAD confirming the object did not change during the check)"))

    req, p50, p99 = measure(lambda: _ok(env.api.get(f"{base}/receipts", token=applicant)), repeat)
    rows.append(Row(SECTION, f"GET .../receipts ({repeat} receipts)", req, p50, p99, "grant + receipts in one Query"))

    req, p50, p99 = measure(lambda: _ok(env.api.get(f"/manage/conferences/{slug}/receipts/next", token=checker)), 10)
    rows.append(Row(SECTION, "GET /manage/.../receipts/next", req, p50, p99, "sparse GSI2 queue, 1 Query"))

    with counting() as aws_calls:
        req, p50, p99 = measure(lambda: _ok(env.api.put(f"{base}/payment-info", ACH, token=applicant)), repeat)
    kms_per_record = _per_call(aws_calls, "kms", repeat)
    rows.append(Row(SECTION, "PUT .../payment-info (encrypt + store)", req, p50, p99,
                    f"KMS requests/record: {kms_per_record:g} ({'OK' if kms_per_record <= 1 else 'OVER'} <= 1)"))

    from chalicelib.auth import Principal
    from chalicelib.services import payment_info

    user = Principal(sub="bench-ada")
    timings = []
    with counting() as aws_calls:
        for _ in range(repeat):
            started = time.perf_counter()
            payment_info.save_payment_info(slug, user, dict(ACH))
            timings.append((time.perf_counter() - started) * 1000)
    rows.append(Row(SECTION, "encrypt + store one payment record (service, median)", _per_call(aws_calls, "dynamodb",
                    repeat), statistics.median(timings), max(timings),
                    f"KMS requests/record: {_per_call(aws_calls, 'kms', repeat):g}; AES-256-GCM per field"))

    first = created[0]["receipt"]["id"]  # approved: the grant is ready, so a payer may read its details
    _ok(env.api.post(f"/manage/conferences/{slug}/receipts/{first}/approve", token=checker))
    with counting() as aws_calls:
        req, p50, p99 = measure(lambda: _ok(env.api.get(
            f"/manage/conferences/{slug}/travel-grants/{grant_id}/payment-info", token=payer)), 10)
    rows.append(Row(SECTION, "GET /manage/.../payment-info (decrypt + audit)", req, p50, p99,
                    f"KMS requests/read: {_per_call(aws_calls, 'kms', 10):g}"))

    ready_list = f"/manage/conferences/{slug}/travel-grants?ready=true"
    for ready_count in (1, READY_GRANTS):
        for n in range(len(_ok(env.api.get(ready_list, token=payer))["grants"]), ready_count):
            _ready_grant(env, slug, n, admin, checker)
        listed = len(_ok(env.api.get(ready_list, token=payer))["grants"])
        req, p50, p99, by_operation = measure_detailed(lambda: _ok(env.api.get(ready_list, token=payer)), 10)
        per_call = ", ".join(f"{op} {n / 10:g}" for op, n in sorted(by_operation.items()))
        rows.append(Row(SECTION, f"GET /manage/.../travel-grants?ready=true (payer) @ {listed} ready", req, p50, p99,
                        f"accepted grants' Query, readiness read off each grant, + stats GetItem ({per_call}); "
                        "reading each accepted grant's partition would be one Query more per grant"))
    with counting() as aws_calls:
        started = time.perf_counter()
        _ok(env.api.post(f"/manage/conferences/{slug}/travel-grants/{grant_id}/disburse",
                         {"disbursed_amount": "120.00"}, token=payer))  # the approved receipt's amount
        elapsed = (time.perf_counter() - started) * 1000
    rows.append(Row(SECTION, "POST /manage/.../disburse", aws_calls.total("dynamodb"), elapsed, None,
                    "1 Query + 1 TransactWriteItems (grant, approved receipts, leftover receipts out of the queue, payment "
                    "version + the payer's read of it, stats, audit); single run"))
    return rows
