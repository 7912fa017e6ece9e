"""Ticket vouchers from the table stream: a grant that becomes accepted gets its voucher; a
grant that leaves accepted (withdrawn, declined, expired…) after one was issued loses it.

Judged from the record's old and new status alone (domain.tickets), so new statuses need
no change here. pretix being down must not hold the grants' stream, whose other records
(promotions, e-mails) wait behind this handler: the client backs off briefly
(`tickets.stream_options`), and nothing here raises. An issue that fails is recorded as the
ticket's `failed` and retried by the scheduled sync; a revoke that fails leaves the voucher
to the scheduled sync, which deletes the vouchers of grants that no longer hold a ticket.
"""

from __future__ import annotations

import logging

from ..domain import tickets as rules
from .stream import StreamRecord, record_handler

log = logging.getLogger(__name__)


@record_handler
def issue_or_revoke_ticket(record: StreamRecord) -> None:
    new = record.new or {}
    if new.get("entity") != "grant":
        return
    old_status, new_status = (record.old or {}).get("status"), new.get("status")
    arriving = rules.becomes_holder(old_status, new_status)
    leaving = rules.stops_holding(old_status, new_status)
    if not (arriving or leaving):
        return
    from ..pretix import tickets
    from ..pretix.payload import PretixError
    from ..services.conferences import get_conference
    from ..store import grants as store

    # The grant as it is now, not as the record saw it: a replay after a withdrawal, or after
    # another delivery recorded the voucher, must do nothing.
    grant = store.get_grant_item(str(new.get("conference_slug") or ""), str(new.get("grant_id") or ""))
    conference = get_conference(grant.conference_slug) if grant else None
    if grant is None or conference is None:
        return
    if arriving and rules.may_issue(grant.status, grant.ticket_status):
        tickets.issue(conference, grant, client_options=tickets.stream_options)
    elif leaving and grant.status not in rules.HOLDING_STATUSES and rules.may_revoke(grant.ticket_status):
        try:
            tickets.revoke(conference, grant, client_options=tickets.stream_options)
        except (PretixError, tickets.PretixNotConfigured) as exc:
            log.warning("ticket_revoke_deferred: %s; the scheduled sync deletes the voucher", exc,
                        extra={"conference": conference.slug, "grant_id": grant.grant_id})
