"""Ticket vouchers for accepted grants: issue exactly once, revoke, sync, retry.

Exactly once, however often (and however concurrently) a grant's acceptance is delivered:
- the voucher's code is deterministic (domain.tickets.voucher_code), so pretix itself
  refuses a second voucher for the same grant ("A voucher with this code already exists.");
- before creating, the grant's voucher is looked up by its `comment` (= the grant id,
  pretix's `search`), which also finds one made under an earlier token (another code);
- a create whose answer was lost (timeout, 5xx: outcome unknown) comes back, on the
  client's retry or the next attempt, as that duplicate, resolved by looking the code up;
- what happened is recorded with a conditional write (store.tickets): ticket still to be
  issued and grant still accepted. A recording refused because the grant left meanwhile
  deletes the voucher it just made.

pretix down or refusing never undoes the acceptance: the ticket becomes `failed` with
pretix's answer in words, a metric (`TicketFailures`, alarmed in infra/) and a log line
`ticket_issue_failed`; the scheduled sync retries it with back-off, and reviewers may
retry at once (POST .../ticket/retry).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from ..config import settings
from ..crypto import open_envelope
from ..domain import tickets as rules
from ..domain.conference import Conference
from ..observability import metrics
from ..services.conferences import list_conferences, pretix_context
from ..store import grant_list
from ..store import grants as grant_store
from ..store import tickets as store
from .client import ClientOptions, DuplicateCode, PretixClient, VoucherRedeemed
from .payload import PretixError, PretixRefused, PretixUnavailable, Voucher

log = logging.getLogger(__name__)
FAILED_MARKER = "ticket_issue_failed"


class PretixNotConfigured(Exception):
    """The conference has no usable pretix settings."""


def _token(conference: Conference) -> str:
    pretix = conference.pretix
    if pretix is None:
        raise PretixNotConfigured("This conference has no pretix settings.")
    if not pretix.token_envelope:
        raise PretixNotConfigured("The conference's pretix settings have no API token.")
    try:
        token = open_envelope(pretix.token_envelope, pretix_context(conference.slug)).get("api_token")
    except Exception:  # noqa: BLE001 - a sealed value that cannot be opened is a settings problem
        raise PretixNotConfigured("The stored pretix token cannot be read; save the settings again.") from None
    if not token:
        raise PretixNotConfigured("The conference's pretix settings have no API token.")
    return str(token)


#: Tests and the bench replace this to count requests or shorten the retries.
options = ClientOptions()
#: The stream handler's client: the same retries, with short back-off and timeouts. Every record
#: behind an acceptance in the grants stream (promotions included) waits for its handler, and a
#: failure is not lost: it is recorded and retried by the scheduled sync.
stream_options = ClientOptions(read_timeout=5.0, backoff_factor=0.05, backoff_max=0.2, retry_after_max=1)


def client_for(conference: Conference, token: str | None = None,
               client_options: ClientOptions | None = None) -> PretixClient:
    """A client for the conference's pretix settings (`token`: already unsealed, else unsealed here)."""
    pretix = conference.pretix
    if pretix is None:
        raise PretixNotConfigured("This conference has no pretix settings.")
    return PretixClient(pretix.base_url, pretix.organizer, pretix.event, token or _token(conference),
                        allow_loopback=settings().pretalx_loopback_allowed, options=client_options or options)


@contextmanager
def _client(conference: Conference, token: str | None = None,
            client_options: ClientOptions | None = None) -> Iterator[PretixClient]:
    client = client_for(conference, token, client_options)
    try:
        yield client
    finally:
        client.close()
        _count(client)


#: Requests made by every client since the last `take_counts()` (the bench's pretix numbers).
_counts: dict[str, int] = {}


def _count(client: PretixClient) -> None:
    for method, n in client.requests_made.items():
        _counts[method] = _counts.get(method, 0) + n


def take_counts() -> dict[str, int]:
    counts = dict(_counts)
    _counts.clear()
    return counts


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ours(voucher: Voucher, grant_id: str) -> bool:
    return (voucher.comment or "").strip() == grant_id


def _find(client: PretixClient, grant_id: str) -> Voucher | None:
    """The grant's voucher, by its comment (one GET: `search` matches code, tag and comment)."""
    for voucher in client.search_vouchers(grant_id, rules.TAG):
        if _ours(voucher, grant_id):
            return voucher
    return None


def issue(conference: Conference, grant: grant_store.GrantRecord, *, now: datetime | None = None,
          actor_sub: str = store.SYSTEM_ACTOR, actor_name: str | None = "pretix",
          client_options: ClientOptions | None = None) -> str:
    """Make sure the accepted grant has its voucher; returns what happened
    (`issued`, `failed`, `skipped`, `not_configured`)."""
    now = now or datetime.now(UTC)
    if conference.pretix is None:
        return "not_configured"
    if not rules.may_issue(grant.status, grant.ticket_status):
        return "skipped"
    try:
        token = _token(conference)  # one KMS call: the client's header and the code's key
        with _client(conference, token, client_options) as client:
            code = rules.voucher_code(token, conference.slug, grant.grant_id)
            voucher = _find(client, grant.grant_id)
            if voucher is None and conference.pretix.item_id is None:
                raise PretixNotConfigured("No ticket item is chosen in the conference's pretix settings.")
            if voucher is None:
                try:
                    voucher = client.create_voucher(code=code, item=conference.pretix.item_id,
                                                    comment=grant.grant_id, tag=rules.TAG)
                except DuplicateCode:  # another delivery, or our own lost answer, made it first
                    voucher = client.find_voucher(code)
                    if voucher is None or not _ours(voucher, grant.grant_id):
                        raise PretixUnavailable("pretix says the voucher code exists but does not show it.") from None
            shop_url = client.shop_url(voucher.code)
    except (PretixError, PretixNotConfigured) as exc:
        return _failed(conference, grant, str(exc), now, actor_sub, actor_name)
    recorded = store.record(
        conference.slug, grant.grant_id,
        {"ticket_status": rules.ISSUED, "ticket_code": voucher.code, "ticket_voucher_id": voucher.id,
         "ticket_shop_url": shop_url, "ticket_error": None, "ticket_retry_at": None},
        store.may_issue_condition(), audit_action="ticket_issued",
        audit_details={"voucher_code": voucher.code}, actor_sub=actor_sub, actor_name=actor_name)
    if recorded:
        metrics.emit("TicketsIssued")
        return "issued"
    current = grant_store.get_grant_item(conference.slug, grant.grant_id)
    if current is not None and current.status not in rules.HOLDING_STATUSES:
        revoke(conference, current, now=now, client_options=client_options)  # withdrawn while we created it
    return "skipped"


def _failed(conference: Conference, grant: grant_store.GrantRecord, error: str, now: datetime,
            actor_sub: str, actor_name: str | None) -> str:
    attempts = grant.ticket_attempts + 1
    retry_at = _iso(now + rules.retry_delay(attempts))
    log.warning("%s: %s", FAILED_MARKER, error, extra={"conference": conference.slug, "grant_id": grant.grant_id,
                                                     "attempts": attempts})
    metrics.emit("TicketFailures")
    store.record(conference.slug, grant.grant_id,
                 {"ticket_status": rules.FAILED, "ticket_error": error, "ticket_attempts": attempts,
                  "ticket_retry_at": retry_at},
                 store.may_issue_condition(), audit_action="ticket_failed",
                 audit_details={"error": error, "attempts": attempts}, actor_sub=actor_sub, actor_name=actor_name)
    return "failed"


def revoke(conference: Conference, grant: grant_store.GrantRecord, *, now: datetime | None = None,
           client_options: ClientOptions | None = None) -> str:
    """The grant left the statuses that keep a ticket: delete its unredeemed voucher.
    Raises PretixError when pretix cannot be asked; the scheduled sync deletes what is left."""
    if not rules.may_revoke(grant.ticket_status):
        return "skipped"
    if conference.pretix is None:
        store.record(conference.slug, grant.grant_id, {"ticket_status": rules.REVOKED},
                     store.may_revoke_condition(), audit_action="ticket_revoked", audit_details={"voucher": None})
        return "revoked"
    with _client(conference, client_options=client_options) as client:
        voucher = _find(client, grant.grant_id)
        if voucher is not None and voucher.redeemed > 0:
            return _mark_redeemed(conference.slug, grant.grant_id, voucher, store.may_revoke_condition())
        if voucher is not None:
            try:
                client.delete_voucher(voucher.id)
            except VoucherRedeemed:
                return _mark_redeemed(conference.slug, grant.grant_id, voucher, store.may_revoke_condition())
    store.record(conference.slug, grant.grant_id, {"ticket_status": rules.REVOKED, "ticket_retry_at": None},
                 store.may_revoke_condition(), audit_action="ticket_revoked",
                 audit_details={"voucher_code": voucher.code if voucher else None})
    return "revoked"


def _mark_redeemed(conf: str, grant_id: str, voucher: Voucher, condition: Any) -> str:
    store.record(conf, grant_id, {"ticket_status": rules.REDEEMED, "ticket_retry_at": None}, condition,
                 audit_action="ticket_redeemed", audit_details={"voucher_code": voucher.code})
    return "redeemed"


def retry(conference: Conference, grant: grant_store.GrantRecord, actor: Any) -> str:
    """A reviewer's retry: now, whatever the back-off says."""
    return issue(conference, grant, actor_sub=getattr(actor, "sub", store.SYSTEM_ACTOR),
                 actor_name=getattr(actor, "name", None))


def _holding_grants(conf: str) -> dict[str, grant_store.GrantRecord]:
    grants: dict[str, grant_store.GrantRecord] = {}
    for status in sorted(rules.HOLDING_STATUSES):
        token = None
        while True:
            page = grant_list.list_page(conf, status, 100, token)
            grants.update((g.grant_id, g) for g in page.grants)
            token = page.next_token
            if not token:
                break
    return grants


def sync_conference(conference: Conference, now: datetime) -> dict[str, int]:
    """Mark redeemed vouchers, delete vouchers of grants that left, retry due failures."""
    counts = {"vouchers": 0, "redeemed": 0, "revoked": 0, "issued": 0, "failed": 0}
    holding = _holding_grants(conference.slug)
    with _client(conference) as client:
        for voucher in client.tagged_vouchers(rules.TAG):
            counts["vouchers"] += 1
            grant_id = (voucher.comment or "").strip()
            if not grant_store.valid_grant_id(grant_id):
                continue
            grant = holding.get(grant_id)
            if voucher.redeemed > 0:
                if grant is not None and rules.may_mark_redeemed(grant.ticket_status):
                    _mark_redeemed(conference.slug, grant_id, voucher, store.may_mark_redeemed_condition())
                    counts["redeemed"] += 1
            elif grant is None:  # a voucher whose grant no longer holds a ticket (a revoke that failed)
                left = grant_store.get_grant_item(conference.slug, grant_id)
                if left is not None and rules.may_revoke(left.ticket_status):
                    try:
                        client.delete_voucher(voucher.id)
                    except VoucherRedeemed:
                        continue
                    store.record(conference.slug, grant_id, {"ticket_status": rules.REVOKED},
                                 store.may_revoke_condition(), audit_action="ticket_revoked",
                                 audit_details={"voucher_code": voucher.code})
                    counts["revoked"] += 1
    for grant in holding.values():
        if rules.retry_due(grant.ticket_status, grant.ticket_retry_at, now):
            outcome = issue(conference, grant, now=now)
            if outcome in ("issued", "failed"):
                counts[outcome] += 1
    return counts


def run_scheduled_sync(now: datetime) -> dict[str, Any]:
    """Every conference with pretix settings; one failing conference never stops the others."""
    summary: dict[str, Any] = {}
    for conference in list_conferences():
        if conference.pretix is None:
            continue
        try:
            summary[conference.slug] = sync_conference(conference, now)
        except (PretixError, PretixNotConfigured) as exc:
            log.warning("pretix sync of %s failed: %s", conference.slug, exc)
            metrics.emit("TicketSyncFailures")
            summary[conference.slug] = {"error": str(exc)}
    return summary


def items(conference: Conference) -> list[dict[str, Any]]:
    """The event's products, for the settings page's item picker."""
    with _client(conference) as client:
        return [{"id": item.id, "name": item.name, "active": item.active} for item in client.items()]


__all__ = ["PretixNotConfigured", "PretixRefused", "PretixUnavailable", "issue", "items", "retry", "revoke",
           "run_scheduled_sync", "sync_conference"]
