"""Ticket rules that need no AWS: when a grant needs a voucher, when it loses it, what a
ticket's status may become, and how long to wait before trying pretix again.

Each rule that guards a write has its DynamoDB condition beside it in store/tickets.py
(same name, `*_condition`): the predicate decides what the stream handler attempts, the
condition decides what is recorded when two deliveries race.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from . import grants as grant_rules

PENDING, ISSUED, FAILED, REVOKED, REDEEMED = "pending", "issued", "failed", "revoked", "redeemed"
STATUSES = (PENDING, ISSUED, FAILED, REVOKED, REDEEMED)
#: The tag every voucher we create carries (the sync lists vouchers by it).
TAG = "travel-grant"
#: Grant statuses in which the applicant keeps the ticket.
HOLDING_STATUSES = frozenset({grant_rules.ACCEPTED, grant_rules.DISBURSED})
#: Ticket statuses in which a voucher may still have to be issued (pending, or failed and retried).
TO_ISSUE = frozenset({PENDING, FAILED})
#: Ticket statuses in which a voucher may exist in pretix unredeemed (a failed create may have
#: reached pretix and lost its answer), so leaving the grant must look for it and delete it.
MAY_EXIST = frozenset({PENDING, ISSUED, FAILED})
#: Ticket statuses whose voucher code the grant shows (as its `promo_code` too).
SHOWN_CODE = frozenset({ISSUED, REDEEMED})
#: Tries (each with the client's own quick retries) before the ticket shows `failed`; the
#: scheduled sync and the retry route keep trying after that, further apart.
ATTEMPTS_BEFORE_FAILED = 1
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)


def becomes_holder(old_status: str | None, new_status: str | None) -> bool:
    """The grant just became one that gets a ticket (accepted from any other status)."""
    return new_status in HOLDING_STATUSES and old_status not in HOLDING_STATUSES


def stops_holding(old_status: str | None, new_status: str | None) -> bool:
    """The grant just left the statuses that keep a ticket (withdrawn, declined, expired…)."""
    return old_status in HOLDING_STATUSES and new_status is not None and new_status not in HOLDING_STATUSES


def may_issue(grant_status: str, ticket_status: str | None) -> bool:
    """A voucher may be created and recorded (store.tickets.may_issue_condition)."""
    return grant_status in HOLDING_STATUSES and ticket_status in TO_ISSUE


def may_revoke(ticket_status: str | None) -> bool:
    """A voucher may exist unredeemed (store.tickets.may_revoke_condition)."""
    return ticket_status in MAY_EXIST


def may_mark_redeemed(ticket_status: str | None) -> bool:
    """An issued voucher was used (store.tickets.may_mark_redeemed_condition)."""
    return ticket_status == ISSUED


def retry_delay(attempts: int) -> timedelta:
    """Back-off after `attempts` failed tries: 5 min, 10, 20… at most 6 h."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def retry_due(ticket_status: str | None, retry_at: str | None, now: datetime) -> bool:
    """A pending or failed ticket whose back-off has passed (no time set: due)."""
    if ticket_status not in TO_ISSUE:
        return False
    if not retry_at:
        return True
    try:
        return datetime.fromisoformat(retry_at.replace("Z", "+00:00")) <= now
    except ValueError:
        return True


def voucher_code(secret: str, conference: str, grant_id: str) -> str:
    """The grant's voucher code: deterministic (a replay or a concurrent delivery asks pretix
    for the same code, so pretix itself refuses a second voucher) and unguessable without
    the conference's pretix token. 20 characters of A-Z2-7, prefixed `TG`."""
    import base64
    import hashlib
    import hmac

    digest = hmac.new(secret.encode(), f"{conference}:{grant_id}".encode(), hashlib.sha256).digest()
    return "TG" + base64.b32encode(digest).decode()[:18]
