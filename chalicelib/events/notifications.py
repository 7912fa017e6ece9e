"""E-mail notifications from the table stream.

Looks for these changes in each record and sends the e-mail through services.notify,
which makes replays harmless (idempotency mark per event), in the person's language:
  * a new application (what happens next);
  * a grant whose status became offered, rejected, info_needed, disbursed, waitlisted or expired;
  * an open offer whose reminder the scheduler marked as due (events.offer_deadlines);
  * an offer whose amount changed while it stayed open (new and old amount);
  * a receipt a reviewer flagged (with the reason);
  * payment details saved again (the applicant is told, in case it was not them);
  * a grant's ticket voucher issued (the code and the shop link);
  * a signup promoted from the waitlist (old status waitlisted, new status confirmed);
  * a new signup: confirmed, or waitlisted with its position;
  * a place offered to a waitlisted signup (new status offered: the claim deadline and a link;
    the claim itself mails nobody: the person just did it, and the page says so);
  * a message written on its own: a reviewer's visible one to the applicant, an applicant's
    to the reviewer who last acted on the grant (internal notes are never e-mailed).
Raising makes the stream report the record as failed, so Lambda retries it.
"""

from __future__ import annotations

from ..domain.grants import NOTIFY_STATUSES, OFFERED, SUBMITTED, offer_amount_changed
from ..services import notify
from ..store.grants import GrantRecord
from .stream import StreamRecord, record_handler


def _cents(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


@record_handler
def send_notifications(record: StreamRecord) -> None:
    new = record.new or {}
    old = record.old or {}
    entity = new.get("entity")
    if entity == "grant":
        if not old and new.get("status") == SUBMITTED:
            notify.notify_received(GrantRecord.from_plain(new))
        elif new.get("status") in NOTIFY_STATUSES and new.get("status") != old.get("status"):
            notify.notify_grant_status(GrantRecord.from_plain(new))
        elif new.get("ticket_status") == "issued" and old.get("ticket_status") != "issued":
            notify.notify_ticket_issued(GrantRecord.from_plain(new))  # voucher code and shop link
        elif new.get("reminder_sent_at") and not old.get("reminder_sent_at") and new.get("status") == OFFERED:
            notify.notify_offer_reminder(GrantRecord.from_plain(new))
        elif offer_amount_changed(old.get("status"), new.get("status"), _cents(old.get("approved_cents")),
                                  _cents(new.get("approved_cents"))):
            notify.notify_offer_changed(GrantRecord.from_plain(new), _cents(old.get("approved_cents")) or 0)
    elif entity == "receipt":
        if new.get("status") == "flagged" and old.get("status") != "flagged":
            notify.notify_receipt_flagged(new)
    elif entity == "payment":
        if old and _cents(new.get("details_version")) != _cents(old.get("details_version")):
            notify.notify_payment_changed(new)  # saved again: the applicant must know
    elif entity == "signup":
        if old.get("status") == "waitlisted" and new.get("status") == "confirmed":
            notify.notify_promotion(new, record.keys)
        elif not old and new.get("status") in ("confirmed", "waitlisted"):
            notify.notify_signup(new, record.keys)
        elif old.get("status") == "waitlisted" and new.get("status") == "offered":
            notify.notify_claim_offer(new, record.keys)  # the deadline and a link to claim
    elif entity == "grant_message" and not old:
        notify.notify_message({**new, "sk": record.keys.get("sk")}, str(record.keys.get("pk") or ""))
