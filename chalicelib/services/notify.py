"""E-mail through SES, at most once per event, and the messages the stream sends.

Every e-mail has a text and an HTML part (domain/emails.py renders both from the same
content, escaping user content in the HTML) and a direct link to the web app page
concerned, built from the stage's FRONTEND_URL.

Streams deliver records at least once and Lambda retries whole batches, so every e-mail
carries an idempotency key derived from the record's identity (grant id + version +
status, or signup id + promotion time). Before sending we claim its mark
(store/idempotency.py; the pattern of AWS Lambda Powertools' idempotency utility): the
claim is `sending` with an expiry, `in_progress_until` = the invocation's deadline (from
the Lambda context's remaining time; EMAIL_CLAIM_SECONDS when there is no context). A
replay finds a `sent` mark, or a live claim, and sends nothing. If SES fails the claim is
released so the retry can send; if the process dies (or SES times out) before it can
release it, the claim expires with the invocation and the retry claims it again, so
no e-mail is lost for good. The remaining window (SES accepted, then the process died
before marking `sent`) can send a duplicate on retry: one extra e-mail beats a lost one.
Every failed send logs `email_send_failed`, which the stack's metric filter alarms on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..aws import client
from ..config import settings
from ..domain import emails as pages
from ..domain import grants as rules
from ..domain.emails import Content, Email
from ..domain.money import money_words
from ..observability import metrics
from ..store import idempotency
from ..store.grants import GrantRecord

log = logging.getLogger(__name__)
#: The stable marker of a failed send in the logs (infra/ alarms on it).
SEND_FAILED_MARKER = "email_send_failed"
#: Epoch seconds after which this invocation is over (None: use the configured claim time).
_deadline: ContextVar[float | None] = ContextVar("email_invocation_deadline", default=None)


@contextmanager
def invocation_deadline(context: Any) -> Iterator[None]:
    """Within this block, e-mail claims expire when the Lambda invocation `context` does."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    deadline = time.time() + remaining() / 1000 if callable(remaining) else None
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def claim_expiry_ms(now: float | None = None) -> int:
    """When a claim made now stops being "in progress" (epoch ms)."""
    now = time.time() if now is None else now
    deadline = _deadline.get()
    if deadline is None or deadline <= now:
        deadline = now + settings().email_claim_seconds
    return int(deadline * 1000) + 1


def mark_key(key: str) -> str:
    """Short, fixed-length table key for an idempotency key of any length."""
    return idempotency.mark_pk(key, "email")


def _claim(key: str) -> idempotency.IdempotencyMark | None:
    """Take the e-mail's mark until this invocation's deadline (None: sent, or still being sent)."""
    now = time.time()
    return idempotency.claim(key, "email", claim_expiry_ms(now), now)


def _body(email: Email) -> dict[str, Any]:
    """A text part always, and the HTML part when there is one (mail clients pick)."""
    body: dict[str, Any] = {"Text": {"Data": email.body, "Charset": "UTF-8"}}
    if email.html:
        body["Html"] = {"Data": email.html, "Charset": "UTF-8"}
    return body


def send_once(key: str, email: Email) -> bool:
    """Send `email` unless an e-mail with this idempotency key was already sent; True if sent now."""
    if not email.to:
        log.warning("no recipient for %s; nothing sent", key)
        return False
    mark = _claim(key)
    if mark is None:
        return False
    try:
        response = client("ses").send_email(
            Source=settings().ses_sender,
            Destination={"ToAddresses": [email.to]},
            Message={"Subject": {"Data": email.subject, "Charset": "UTF-8"},
                     "Body": _body(email)},
        )
    except Exception as exc:
        metrics.emit("EmailsFailed")
        log.error("%s: %s (key %s); the stream will retry", SEND_FAILED_MARKER, type(exc).__name__, mark.pk)
        idempotency.release(mark)  # let the stream's retry send it
        raise
    idempotency.mark_done(mark, response["MessageId"])
    metrics.emit("EmailsSent")
    return True


# -- what the e-mails say -----------------------------------------------------------------

def _conference(slug: str) -> tuple[str, str]:
    """(name, timezone) of a conference (the store's per-container copy: a batch often names one)."""
    from .conferences import get_conference  # local: only the stream function needs it

    conference = get_conference(slug)
    if conference is None:
        return slug, "UTC"
    return conference.name, conference.timezone or "UTC"


def _conference_name(slug: str) -> str:
    return _conference(slug)[0]


def _link(path: str) -> str | None:
    return pages.page_url(settings().frontend_url, path)


def _day(timestamp: str | None, timezone: str = "UTC") -> str:
    """`2026-05-20T14:03:00.123Z` -> `May 20, 2026` (in the conference's timezone)."""
    if not timestamp:
        return ""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    except (ValueError, KeyError):
        return timestamp[:10]
    return f"{moment:%B} {moment.day}, {moment.year}"


def grant_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC") -> Email:
    """What happened to the application and what to do next, with a link to the grant page."""
    status = grant.status
    slug = grant.conference_slug
    name = grant.user_name or "there"
    link = _link(pages.grant_page(slug)) if slug else None
    page = "your travel grant page" if link else f"the travel grant page of {conference_name}"
    if status == rules.OFFERED:
        lines = [f"Good news: the reviewers offered you a travel grant for {conference_name}."]
        if grant.request_type == rules.TICKET_AND_GRANT and grant.approved_cents:
            lines.append(f"Grant amount: {money_words(grant.approved_cents)}.")
        if grant.promo_code:
            lines.append(f"Your ticket promo code: {grant.promo_code}.")
        if grant.respond_by:
            lines.append(f"Respond by {_day(grant.respond_by, timezone)}: after that day the offer expires and "
                         "its money goes to someone else.")
        lines.append(f"What to do next: open {page} and choose Accept to take the offer or Decline to "
                     "release it for someone else. If the amount does not cover your trip you can ask for more "
                     "from the same page.")
        subject = f"Travel grant offer for {conference_name}"
        action = "accept or decline the offer"
    elif status == rules.REJECTED:
        lines = [f"Thank you for applying for a travel grant for {conference_name}. We are sorry: the reviewers "
                 "could not offer you a grant this time.",
                 f"What to do next: nothing is required. Messages from the reviewers, if any, are on {page}."]
        subject = f"Your travel grant application for {conference_name}"
        action = "read the reviewers' messages"
    elif status == rules.INFO_NEEDED:
        lines = [f"The reviewers of your travel grant application for {conference_name} need more information. "
                 "Their question:", grant.info_question or "(see your travel grant page)",
                 f"What to do next: answer it with \"Provide information\" on {page} "
                 "(you can also edit your application until you do)."]
        subject = f"More information needed for your {conference_name} travel grant"
        action = "answer the reviewers"
    elif status == rules.WAITLISTED:
        lines = [f"The reviewers put your travel grant application for {conference_name} on the waitlist: "
                 "they could not offer you a grant yet, but money that frees up goes to the waitlist.",
                 f"What to do next: nothing for now. If a grant can be offered to you, you will get an e-mail with "
                 f"the offer and its deadline. If you can no longer come, withdraw your application on {page}."]
        subject = f"Your {conference_name} travel grant application is on the waitlist"
        action = "see your application"
    elif status == rules.EXPIRED:
        lines = [f"Your travel grant offer for {conference_name} expired: it was not answered by "
                 f"{_day(grant.respond_by, timezone) or 'its deadline'}, so its money went back to the budget.",
                 f"What to do next: if you still need a grant, write to the reviewers from {page}; they can make "
                 "you a new offer if money is left."]
        subject = f"Your {conference_name} travel grant offer expired"
        action = "write to the reviewers"
    else:
        raise ValueError(f"no e-mail for status {status}")
    content = Content(subject=subject, name=name, paragraphs=lines, action=action if link else f"open {page}",
                      link=link, signature=f"The {conference_name} travel grants team")
    return content.email(grant.contact_email)


def _applicant_email(grant: GrantRecord, conference_name: str, page: Callable[[str], str], *, subject: str,
                     paragraphs: list[str], action: str, offline_action: str,
                     facts: list[tuple[str, str]] | None = None) -> Email:
    """A grant e-mail to its applicant's verified address, linking to one of their pages."""
    slug = grant.conference_slug
    link = _link(page(slug)) if slug else None
    content = Content(subject=subject, name=grant.user_name or "there", paragraphs=paragraphs, facts=facts or [],
                      action=action if link else offline_action, link=link,
                      signature=f"The {conference_name} travel grants team")
    return content.email(grant.contact_email)


def disbursed_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC") -> Email:
    """The grant was paid: how much and when, with a link to the grant page."""
    return _applicant_email(
        grant, conference_name, pages.grant_page,
        subject=f"Your {conference_name} travel grant has been paid",
        paragraphs=[f"Your travel grant for {conference_name} has been paid out to the payment details you gave.",
                    "Depending on the payment method it may take a few days to reach your account."],
        facts=[("Amount", money_words(grant.disbursed_cents or 0)), ("Paid on", _day(grant.disbursed_at, timezone))],
        action="see your grant", offline_action=f"see the travel grant page of {conference_name}",
    )


def offer_changed_email(grant: GrantRecord, old_cents: int, conference_name: str) -> Email:
    """An open offer's amount changed: the new and the old amount, and what to do."""
    return _applicant_email(
        grant, conference_name, pages.grant_page,
        subject=f"Your {conference_name} travel grant offer changed",
        paragraphs=[f"The reviewers changed the amount of your travel grant offer for {conference_name}.",
                    "What to do next: check the new amount, then accept or decline the offer as it is now."],
        facts=[("New amount", money_words(grant.approved_cents or 0)), ("Previous amount", money_words(old_cents))],
        action="see the offer", offline_action=f"see the travel grant page of {conference_name}",
    )


def notify_offer_changed(grant: GrantRecord, old_cents: int) -> bool:
    """E-mail the applicant the new and old amount of their open offer, once per change."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#v{grant.version}#offer_changed"
    return send_once(key, offer_changed_email(grant, old_cents, _conference_name(grant.conference_slug)))


def payment_changed_email(grant: GrantRecord, conference_name: str) -> Email:
    """The payment details were saved again: if it was not the applicant, they must say so."""
    return _applicant_email(
        grant, conference_name, pages.payment_page,
        subject=f"Your payment details for {conference_name} were changed",
        paragraphs=[f"The payment details of your {conference_name} travel grant were changed just now.",
                    "If you made this change, there is nothing to do. If you did not, tell the travel grants team "
                    "at once: the grant is paid to the details on file."],
        action="check your payment details",
        offline_action=f"check the payment details of your {conference_name} grant",
    )


def notify_payment_changed(payment: Mapping[str, Any]) -> bool:
    """E-mail the applicant that their payment details were saved again, once per version."""
    from ..store.grants import get_grant_item  # the stream function alone needs the grant here

    conf, grant_id = str(payment.get("conference") or ""), str(payment.get("grant_id") or "")
    grant = get_grant_item(conf, grant_id) if conf and grant_id else None
    if grant is None:
        return False
    key = f"payment#{conf}#{grant_id}#v{payment.get('details_version')}"
    return send_once(key, payment_changed_email(grant, _conference_name(conf)))


def notify_grant_status(grant: GrantRecord) -> bool:
    """E-mail the applicant about an offered/rejected/info_needed/disbursed grant, once per change."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#v{grant.version}#{grant.status}"
    name, timezone = _conference(grant.conference_slug)
    if grant.status == rules.DISBURSED:
        return send_once(key, disbursed_email(grant, name, timezone))
    return send_once(key, grant_email(grant, name, timezone))


def reminder_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC") -> Email:
    """The offer is still unanswered and its deadline is near."""
    return _applicant_email(
        grant, conference_name, pages.grant_page,
        subject=f"Reminder: answer your {conference_name} travel grant offer by {_day(grant.respond_by, timezone)}",
        paragraphs=[f"Your travel grant offer for {conference_name} is still waiting for your answer.",
                    f"Respond by {_day(grant.respond_by, timezone)}: after that day the offer expires and its money "
                    "goes to someone else. Accept it, decline it, or ask for more from your grant page."],
        facts=[("Grant amount", money_words(grant.approved_cents or 0))] if grant.approved_cents else [],
        action="answer the offer", offline_action=f"answer the offer on the travel grant page of {conference_name}",
    )


def notify_offer_reminder(grant: GrantRecord) -> bool:
    """E-mail the reminder of an open offer, once per offer (its deadline names it)."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#reminder#{grant.respond_by}"
    name, timezone = _conference(grant.conference_slug)
    return send_once(key, reminder_email(grant, name, timezone))


def receipt_flagged_email(receipt: Mapping[str, Any], conference_name: str) -> Email:
    """A reviewer flagged a receipt: which one, why, and where to fix it."""
    slug = str(receipt.get("conference") or "")
    link = _link(pages.receipts_page(slug)) if slug else None
    amount = money_words(int(receipt.get("amount_cents") or 0))
    content = Content(
        subject=f"A receipt for your {conference_name} travel grant needs attention",
        name=receipt.get("user_name") or "there",
        paragraphs=[f"A reviewer flagged one of the receipts you uploaded for your {conference_name} travel grant.",
                    "What to do next: read the reason, then upload a corrected receipt (or write to the reviewers "
                    "from your grant page if you think this is a mistake)."],
        facts=[("Receipt", str(receipt.get("filename") or "")),
               ("Type", str(receipt.get("receipt_type") or "")), ("Amount", amount),
               ("Reason", str(receipt.get("flagged_reason") or "No reason was given."))],
        action="open your receipts" if link else f"open the receipts page of your {conference_name} travel grant",
        link=link, signature=f"The {conference_name} travel grants team",
    )
    return content.email(receipt.get("user_email") or "")


def notify_receipt_flagged(receipt: Mapping[str, Any]) -> bool:
    """E-mail the applicant about a flagged receipt, once per flagging."""
    key = (f"receipt#{receipt.get('conference')}#{receipt.get('receipt_id')}#flagged#"
           f"{receipt.get('reviewed_at') or receipt.get('updated_at') or ''}")
    return send_once(key, receipt_flagged_email(receipt, _conference_name(str(receipt.get("conference") or ""))))


def promotion_email(signup: Mapping[str, Any], conference_name: str) -> Email:
    activity = signup.get("activity_name") or signup.get("activity_slug") or "the activity"
    slug, activity_slug = str(signup.get("conference_slug") or ""), str(signup.get("activity_slug") or "")
    link = _link(pages.activity_page(slug, activity_slug)) if slug and activity_slug else None
    content = Content(
        subject=f"You are confirmed for {activity}",
        name=signup.get("user_name") or "there",
        paragraphs=[f"A place opened up and you moved from the waitlist to confirmed for {activity} at "
                    f"{conference_name}.",
                    "What to do next: nothing, your place is reserved. If you can no longer attend, please cancel "
                    "your signup on the activity's page so the next person on the waitlist gets the place."],
        action="open the activity" if link else "cancel on the activity's page if your plans change",
        link=link, signature=f"The {conference_name} team",
    )
    return content.email(signup.get("user_email") or "")


def notify_promotion(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail a promoted signup, once per promotion."""
    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    when = signup.get("promoted_at") or signup.get("updated_at") or ""
    key = f"promotion#{signup.get('conference_slug')}#{signup.get('activity_slug')}#{identity}#{when}"
    return send_once(key, promotion_email(signup, _conference_name(str(signup.get("conference_slug") or ""))))


def _moment(timestamp: str, timezone: str) -> str:
    """`2026-05-20T14:03:00Z` -> `May 20, 2026 at 10:03 (America/New_York)` in the conference's timezone."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    except (ValueError, KeyError):
        return timestamp
    return f"{moment:%B} {moment.day}, {moment.year} at {moment:%H:%M} ({timezone})"


def claim_offer_email(signup: Mapping[str, Any], conference_name: str, timezone: str = "UTC") -> Email:
    """A freed place is held for this person until `claim_by`: claim it, or it goes to the next in line."""
    activity = signup.get("activity_name") or signup.get("activity_slug") or "the activity"
    slug, activity_slug = str(signup.get("conference_slug") or ""), str(signup.get("activity_slug") or "")
    link = _link(pages.activity_page(slug, activity_slug)) if slug and activity_slug else None
    deadline = _moment(str(signup.get("claim_by") or ""), timezone)
    content = Content(
        subject=f"A place is yours at {activity}: claim it by {deadline}",
        name=signup.get("user_name") or "there",
        paragraphs=[f"A place opened up for {activity} at {conference_name} and you are first on the waitlist, "
                    f"so we are holding it for you until {deadline}.",
                    "What to do next: open the activity's page and press \"Claim my place\". If you do not claim it "
                    "by then, the place goes to the next person on the waitlist."],
        facts=[("Activity", str(activity)), ("Claim by", deadline)],
        action="claim your place" if link else "claim your place on the activity's page",
        link=link, signature=f"The {conference_name} team",
    )
    return content.email(signup.get("user_email") or "")


def notify_claim_offer(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail the person a place is offered to, once per offer."""
    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    key = (f"claim-offer#{signup.get('conference_slug')}#{signup.get('activity_slug')}#{identity}#"
           f"{signup.get('claim_by') or ''}")
    name, timezone = _conference(str(signup.get("conference_slug") or ""))
    return send_once(key, claim_offer_email(signup, name, timezone))


def ticket_email(grant: GrantRecord, conference_name: str) -> Email:
    """The conference ticket is ready: the voucher code and the shop link that redeems it."""
    shop = grant.ticket_shop_url or ""
    return _applicant_email(
        grant, conference_name, pages.grant_page,
        subject=f"Your ticket for {conference_name}",
        paragraphs=[f"Your travel grant includes a ticket for {conference_name}. We created a voucher for it: "
                    "redeem it in the ticket shop to get your ticket at no cost.",
                    f"What to do next: open the ticket shop ({shop}) and enter the voucher code, "
                    "or follow the link on your travel grant page."],
        facts=[("Voucher code", grant.ticket_code or ""), ("Ticket shop", shop)],
        action="see your grant and ticket", offline_action=f"see the travel grant page of {conference_name}",
    )


def notify_ticket_issued(grant: GrantRecord) -> bool:
    """E-mail the applicant their voucher code and shop link, once per voucher."""
    key = f"ticket#{grant.conference_slug}#{grant.grant_id}#{grant.ticket_code}"
    return send_once(key, ticket_email(grant, _conference_name(grant.conference_slug)))
