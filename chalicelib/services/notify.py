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
from dataclasses import replace
from typing import Any, NamedTuple

from ..aws import client
from ..config import settings
from ..domain import emails as pages
from ..domain import grants as rules
from ..domain import locale as locale_rules
from ..domain import translations
from ..domain.conference import Conference
from ..domain.emails import Content, Email
from ..domain.receipts import RECEIPT_TYPE_NAMES
from ..domain.translations import catalog
from ..observability import metrics
from ..store import idempotency
from ..store.grants import GrantRecord
from ..store.message_digest import PendingMessage

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


def mime_message(sender: str, email: Email) -> bytes:
    """The whole message as MIME (text and HTML alternatives, then the attachments), for SES's
    SendRawEmail: the simple SendEmail cannot carry files."""
    from email.message import EmailMessage  # on use: most e-mails go without attachments

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, email.to, email.subject
    message.set_content(email.body)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    for attachment in email.attachments:
        maintype, _, rest = attachment.content_type.partition("/")
        subtype, *params = (part.strip() for part in rest.split(";"))
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename,
                               params=dict(param.split("=", 1) for param in params if "=" in param))
    return message.as_bytes()


def _send(email: Email) -> dict[str, Any]:
    """One SES request through the process's client: SendRawEmail when there are files."""
    sender = settings().ses_sender
    if email.attachments:
        return dict(client("ses").send_raw_email(Source=sender, Destinations=[email.to],
                                                 RawMessage={"Data": mime_message(sender, email)}))
    return dict(client("ses").send_email(
        Source=sender,
        Destination={"ToAddresses": [email.to]},
        Message={"Subject": {"Data": email.subject, "Charset": "UTF-8"}, "Body": _body(email)},
    ))


def send_once(key: str, email: Email) -> bool:
    """Send `email` unless an e-mail with this idempotency key was already sent; True if sent now."""
    if not email.to:
        log.info("no recipient for %s (no verified address); nothing sent", key)
        return False
    mark = _claim(key)
    if mark is None:
        return False
    try:
        response = _send(email)
    except Exception as exc:
        metrics.emit("EmailsFailed")
        log.error("%s: %s (key %s); the stream will retry", SEND_FAILED_MARKER, type(exc).__name__, mark.pk)
        idempotency.release(mark)  # let the stream's retry send it
        raise
    idempotency.mark_done(mark, response["MessageId"])
    metrics.emit("EmailsSent")
    return True


# -- what the e-mails say -----------------------------------------------------------------
#
# Every sentence is English in `_()` (the gettext message id) with named `{placeholders}`, and
# is translated through the person's catalog (domain.translations); dates and amounts are
# formatted for their language. A new e-mail: write its builder here the same way, run
# `make messages` (adds its strings to each .po), translate them in every .po, and compile.

class Reader(NamedTuple):
    """Who an e-mail is written for: the conference as they know it, and their language."""

    conference_name: str
    timezone: str
    locale: str


def _conference(slug: str) -> Conference | None:
    """The conference (the store's per-container copy: a batch often names one)."""
    from .conferences import get_conference  # local: only the stream function needs it

    return get_conference(slug) if slug else None


def _reader(slug: str, kept_locale: object) -> Reader:
    """The conference's name and timezone, and the language kept for the person (else the
    conference's default)."""
    conference = _conference(slug)
    if conference is None:
        return Reader(slug, "UTC", locale_rules.stored(kept_locale))
    return Reader(conference.name, conference.timezone or "UTC",
                  locale_rules.stored(kept_locale, conference.default_locale))


def _conference_name(slug: str) -> str:
    conference = _conference(slug)
    return conference.name if conference else slug


def _link(path: str) -> str | None:
    return pages.page_url(settings().frontend_url, path)


def _language(locale: str | None, kept: object = None) -> str:
    return locale_rules.stored(locale or kept)


def _team(conference_name: str, locale: str) -> str:
    _ = catalog(locale).gettext
    return _("The {conference} travel grants team").format(conference=conference_name)


def _grant_page_words(conference_name: str, link: str | None, locale: str) -> str:
    _ = catalog(locale).gettext
    return _("your travel grant page") if link else \
        _("the travel grant page of {conference}").format(conference=conference_name)


def grant_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC", locale: str | None = None) -> Email:
    """What happened to the application and what to do next, with a link to the grant page."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    status = grant.status
    slug = grant.conference_slug
    conf = conference_name
    link = _link(pages.grant_page(slug)) if slug else None
    page = _grant_page_words(conf, link, locale)
    respond_by = translations.day(grant.respond_by, timezone, locale)
    if status == rules.OFFERED:
        lines = [_("Good news: the reviewers offered you a travel grant for {conference}.").format(conference=conf)]
        if grant.request_type == rules.TICKET_AND_GRANT and grant.approved_cents:
            lines.append(_("Grant amount: {amount}.").format(amount=translations.money(grant.approved_cents, locale)))
        if grant.promo_code:
            lines.append(_("Your ticket promo code: {code}.").format(code=grant.promo_code))
        if grant.respond_by:
            lines.append(_("Respond by {day}: after that day the offer expires and its money goes to someone "
                           "else.").format(day=respond_by))
        lines.append(_("What to do next: open {page} and choose Accept to take the offer or Decline to release it "
                       "for someone else. If the amount does not cover your trip you can ask for more from the same "
                       "page.").format(page=page))
        subject = _("Travel grant offer for {conference}").format(conference=conf)
        action = _("accept or decline the offer")
    elif status == rules.REJECTED:
        lines = [_("Thank you for applying for a travel grant for {conference}. We are sorry: the reviewers could not "
                   "offer you a grant this time.").format(conference=conf),
                 _("What to do next: nothing is required. Messages from the reviewers, if any, are on "
                   "{page}.").format(page=page)]
        subject = _("Your travel grant application for {conference}").format(conference=conf)
        action = _("read the reviewers' messages")
    elif status == rules.INFO_NEEDED:
        lines = [_("The reviewers of your travel grant application for {conference} need more information. Their "
                   "question:").format(conference=conf),
                 grant.info_question or _("(see your travel grant page)"),
                 _("What to do next: answer it with \"Provide information\" on {page} (you can also edit your "
                   "application until you do).").format(page=page)]
        subject = _("More information needed for your {conference} travel grant").format(conference=conf)
        action = _("answer the reviewers")
    elif status == rules.WAITLISTED:
        lines = [_("The reviewers put your travel grant application for {conference} on the waitlist: they could not "
                   "offer you a grant yet, but money that frees up goes to the waitlist.").format(conference=conf),
                 _("What to do next: nothing for now. If a grant can be offered to you, you will get an e-mail with "
                   "the offer and its deadline. If you can no longer come, withdraw your application on "
                   "{page}.").format(page=page)]
        subject = _("Your {conference} travel grant application is on the waitlist").format(conference=conf)
        action = _("see your application")
    elif status == rules.EXPIRED:
        lines = [_("Your travel grant offer for {conference} expired: it was not answered by {day}, so its money went "
                   "back to the budget.").format(conference=conf, day=respond_by or _("its deadline")),
                 _("What to do next: if you still need a grant, write to the reviewers from {page}; they can make you "
                   "a new offer if money is left.").format(page=page)]
        subject = _("Your {conference} travel grant offer expired").format(conference=conf)
        action = _("write to the reviewers")
    else:
        raise ValueError(f"no e-mail for status {status}")
    content = Content(subject=subject, name=grant.user_name, paragraphs=lines,
                      action=action if link else _("open {page}").format(page=page), link=link,
                      signature=_team(conf, locale), locale=locale)
    return content.email(grant.contact_email)


def _applicant_email(grant: GrantRecord, conference_name: str, page: Callable[[str], str], locale: str, *,
                     subject: str, paragraphs: list[str], action: str, offline_action: str,
                     facts: list[tuple[str, str]] | None = None) -> Email:
    """A grant e-mail to its applicant's verified address, linking to one of their pages."""
    slug = grant.conference_slug
    link = _link(page(slug)) if slug else None
    content = Content(subject=subject, name=grant.user_name, paragraphs=paragraphs, facts=facts or [],
                      action=action if link else offline_action, link=link,
                      signature=_team(conference_name, locale), locale=locale)
    return content.email(grant.contact_email)


def received_email(grant: GrantRecord, conference_name: str, locale: str | None = None) -> Email:
    """The application arrived: what happens next, with a link to the grant page."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("We received your travel grant application for {conference}").format(conference=conf),
        paragraphs=[_("Thank you for applying for a travel grant for {conference}. We received your "
                      "application.").format(conference=conf),
                    _("What happens next: the reviewers read every application and may write to you with a question. "
                      "You will get an e-mail when they decide. Until then you can edit your application, or withdraw "
                      "it if you can no longer come.")],
        action=_("see your application"),
        offline_action=_("see the travel grant page of {conference}").format(conference=conf),
    )


def notify_received(grant: GrantRecord) -> bool:
    """E-mail the applicant that their application arrived, once per grant."""
    reader = _reader(grant.conference_slug, grant.locale)
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#received"
    return send_once(key, received_email(grant, reader.conference_name, reader.locale))


def disbursed_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC",
                    locale: str | None = None) -> Email:
    """The grant was paid: how much and when, with a link to the grant page."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("Your {conference} travel grant has been paid").format(conference=conf),
        paragraphs=[_("Your travel grant for {conference} has been paid out to the payment details you "
                      "gave.").format(conference=conf),
                    _("Depending on the payment method it may take a few days to reach your account.")],
        facts=[(_("Amount"), translations.money(grant.disbursed_cents or 0, locale)),
               (_("Paid on"), translations.day(grant.disbursed_at, timezone, locale))],
        action=_("see your grant"), offline_action=_("see the travel grant page of {conference}").format(conference=conf),
    )


def offer_changed_email(grant: GrantRecord, old_cents: int, conference_name: str, locale: str | None = None) -> Email:
    """An open offer's amount changed: the new and the old amount, and what to do."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("Your {conference} travel grant offer changed").format(conference=conf),
        paragraphs=[_("The reviewers changed the amount of your travel grant offer for {conference}.").format(
                        conference=conf),
                    _("What to do next: check the new amount, then accept or decline the offer as it is now.")],
        facts=[(_("New amount"), translations.money(grant.approved_cents or 0, locale)),
               (_("Previous amount"), translations.money(old_cents, locale))],
        action=_("see the offer"), offline_action=_("see the travel grant page of {conference}").format(conference=conf),
    )


def notify_offer_changed(grant: GrantRecord, old_cents: int) -> bool:
    """E-mail the applicant the new and old amount of their open offer, once per change."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#v{grant.version}#offer_changed"
    reader = _reader(grant.conference_slug, grant.locale)
    return send_once(key, offer_changed_email(grant, old_cents, reader.conference_name, reader.locale))


def payment_changed_email(grant: GrantRecord, conference_name: str, locale: str | None = None) -> Email:
    """The payment details were saved again: if it was not the applicant, they must say so."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    return _applicant_email(
        grant, conf, pages.payment_page, locale,
        subject=_("Your payment details for {conference} were changed").format(conference=conf),
        paragraphs=[_("The payment details of your {conference} travel grant were changed just now.").format(
                        conference=conf),
                    _("If you made this change, there is nothing to do. If you did not, tell the travel grants team "
                      "at once: the grant is paid to the details on file.")],
        action=_("check your payment details"),
        offline_action=_("check the payment details of your {conference} grant").format(conference=conf),
    )


def notify_payment_changed(payment: Mapping[str, Any]) -> bool:
    """E-mail the applicant that their payment details were saved again, once per version."""
    from ..store.grants import get_grant_item  # the stream function alone needs the grant here

    conf, grant_id = str(payment.get("conference") or ""), str(payment.get("grant_id") or "")
    grant = get_grant_item(conf, grant_id) if conf and grant_id else None
    if grant is None:
        return False
    key = f"payment#{conf}#{grant_id}#v{payment.get('details_version')}"
    reader = _reader(conf, grant.locale)
    return send_once(key, payment_changed_email(grant, reader.conference_name, reader.locale))


def notify_grant_status(grant: GrantRecord) -> bool:
    """E-mail the applicant about an offered/rejected/info_needed/disbursed grant, once per change."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#v{grant.version}#{grant.status}"
    name, timezone, locale = _reader(grant.conference_slug, grant.locale)
    if grant.status == rules.DISBURSED:
        return send_once(key, disbursed_email(grant, name, timezone, locale))
    return send_once(key, grant_email(grant, name, timezone, locale))


def reminder_email(grant: GrantRecord, conference_name: str, timezone: str = "UTC", locale: str | None = None) -> Email:
    """The offer is still unanswered and its deadline is near."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    day = translations.day(grant.respond_by, timezone, locale)
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("Reminder: answer your {conference} travel grant offer by {day}").format(conference=conf, day=day),
        paragraphs=[_("Your travel grant offer for {conference} is still waiting for your answer.").format(
                        conference=conf),
                    _("Respond by {day}: after that day the offer expires and its money goes to someone else. Accept "
                      "it, decline it, or ask for more from your grant page.").format(day=day)],
        facts=[(_("Grant amount"), translations.money(grant.approved_cents, locale))] if grant.approved_cents else [],
        action=_("answer the offer"),
        offline_action=_("answer the offer on the travel grant page of {conference}").format(conference=conf),
    )


def notify_offer_reminder(grant: GrantRecord) -> bool:
    """E-mail the reminder of an open offer, once per offer (its deadline names it)."""
    key = f"grant#{grant.conference_slug}#{grant.grant_id}#reminder#{grant.respond_by}"
    name, timezone, locale = _reader(grant.conference_slug, grant.locale)
    return send_once(key, reminder_email(grant, name, timezone, locale))


def _receipt_type_words(receipt_type: str, locale: str) -> str:
    """A receipt's type as its reader says it ("Ground transport", "Transporte terrestre")."""
    return catalog(locale).gettext(RECEIPT_TYPE_NAMES.get(receipt_type, receipt_type))


def receipt_flagged_email(receipt: Mapping[str, Any], conference_name: str, locale: str | None = None) -> Email:
    """A reviewer flagged a receipt: which one, why, and where to fix it."""
    locale = _language(locale)
    _ = catalog(locale).gettext
    conf = conference_name
    slug = str(receipt.get("conference") or "")
    link = _link(pages.receipts_page(slug)) if slug else None
    content = Content(
        subject=_("A receipt for your {conference} travel grant needs attention").format(conference=conf),
        name=str(receipt.get("user_name") or ""),
        paragraphs=[_("A reviewer flagged one of the receipts you uploaded for your {conference} travel "
                      "grant.").format(conference=conf),
                    _("What to do next: read the reason, then upload a corrected receipt (or write to the reviewers "
                      "from your grant page if you think this is a mistake).")],
        facts=[(_("Receipt"), str(receipt.get("filename") or "")),
               (_("Type"), _receipt_type_words(str(receipt.get("receipt_type") or ""), locale)),
               (_("Amount"), translations.money(int(receipt.get("amount_cents") or 0), locale)),
               (_("Reason"), str(receipt.get("flagged_reason") or _("No reason was given.")))],
        action=_("open your receipts") if link else
        _("open the receipts page of your {conference} travel grant").format(conference=conf),
        link=link, signature=_team(conf, locale), locale=locale,
    )
    return content.email(receipt.get("user_email") or "")


def notify_receipt_flagged(receipt: Mapping[str, Any]) -> bool:
    """E-mail the applicant about a flagged receipt, once per flagging (in the grant's language)."""
    from ..store.grants import get_grant_item  # the receipt does not keep the language: its grant does

    key = (f"receipt#{receipt.get('conference')}#{receipt.get('receipt_id')}#flagged#"
           f"{receipt.get('reviewed_at') or receipt.get('updated_at') or ''}")
    conf, grant_id = str(receipt.get("conference") or ""), str(receipt.get("grant_id") or "")
    grant = get_grant_item(conf, grant_id, consistent=False) if conf and grant_id else None
    reader = _reader(conf, grant.locale if grant else None)
    return send_once(key, receipt_flagged_email(receipt, reader.conference_name, reader.locale))


def _activity_words(signup: Mapping[str, Any], locale: str) -> str:
    _ = catalog(locale).gettext
    return str(signup.get("activity_name") or signup.get("activity_slug") or _("the activity"))


def _signup_email(signup: Mapping[str, Any], conference_name: str, locale: str, *, subject: str,
                  paragraphs: list[str], facts: list[tuple[str, str]] | None = None) -> Email:
    """An e-mail about a signup to its person's verified address, linking to the activity."""
    _ = catalog(locale).gettext
    slug, activity_slug = str(signup.get("conference_slug") or ""), str(signup.get("activity_slug") or "")
    link = _link(pages.activity_page(slug, activity_slug)) if slug and activity_slug else None
    content = Content(
        subject=subject, name=str(signup.get("user_name") or ""), paragraphs=paragraphs, facts=facts or [],
        action=_("open the activity") if link else _("cancel on the activity's page if your plans change"),
        link=link, signature=_("The {conference} team").format(conference=conference_name), locale=locale,
    )
    return content.email(str(signup.get("user_email") or ""))


def promotion_email(signup: Mapping[str, Any], conference_name: str, locale: str | None = None) -> Email:
    locale = _language(locale, signup.get("locale"))
    _ = catalog(locale).gettext
    activity = _activity_words(signup, locale)
    return _signup_email(
        signup, conference_name, locale,
        subject=_("You are confirmed for {activity}").format(activity=activity),
        paragraphs=[_("A place opened up and you moved from the waitlist to confirmed for {activity} at "
                      "{conference}.").format(activity=activity, conference=conference_name),
                    _("What to do next: nothing, your place is reserved. If you can no longer attend, please cancel "
                      "your signup on the activity's page so the next person on the waitlist gets the place.")],
    )


def notify_promotion(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail a promoted signup, once per promotion, with the activity's `.ics` when it has a time."""
    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    when = signup.get("promoted_at") or signup.get("updated_at") or ""
    conf, activity = str(signup.get("conference_slug") or ""), str(signup.get("activity_slug") or "")
    key = f"promotion#{conf}#{activity}#{identity}#{when}"
    reader = _reader(conf, signup.get("locale"))
    return send_once(key, _with_calendar(promotion_email(signup, reader.conference_name, reader.locale), conf, activity))


def _with_calendar(email: Email, conf: str, activity: str) -> Email:
    """A confirmation e-mail with the activity's `.ics` attached, when the activity has a time."""
    from .calendars import activity_attachment  # the stream function alone sends it

    attachment = activity_attachment(conf, activity)
    return replace(email, attachments=(attachment,)) if attachment is not None else email


def signup_email(signup: Mapping[str, Any], conference_name: str, waitlist_position: int | None = None,
                 locale: str | None = None) -> Email:
    """A new signup: confirmed, or waitlisted with its place in the queue."""
    locale = _language(locale, signup.get("locale"))
    _ = catalog(locale).gettext
    activity = _activity_words(signup, locale)
    conf = conference_name
    if signup.get("status") == "waitlisted":
        return _signup_email(
            signup, conf, locale,
            subject=_("You are on the waitlist for {activity}").format(activity=activity),
            paragraphs=[_("{activity} at {conference} is full, so you are on its waitlist.").format(
                            activity=activity, conference=conf),
                        _("What to do next: nothing for now. When a place frees up it goes to the first person on the "
                          "waitlist, and you will get an e-mail when it is yours. If your plans change, cancel your "
                          "signup on the activity's page.")],
            facts=[(_("Your place on the waitlist"), str(waitlist_position))] if waitlist_position else [],
        )
    return _signup_email(
        signup, conf, locale,
        subject=_("You are signed up for {activity}").format(activity=activity),
        paragraphs=[_("Your place at {activity} ({conference}) is confirmed.").format(activity=activity,
                                                                                       conference=conf),
                    _("What to do next: nothing, your place is reserved. If you can no longer attend, please cancel "
                      "your signup on the activity's page so someone else gets the place.")],
    )


def notify_signup(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail a new signup (confirmed, or waitlisted with its position), once per signup."""
    from .activity_views import position  # the stream function alone counts the queue here

    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    conf, activity = str(signup.get("conference_slug") or ""), str(signup.get("activity_slug") or "")
    key = f"signup#{conf}#{activity}#{identity}#{signup.get('status')}"
    place = None
    if signup.get("status") == "waitlisted" and signup.get("signup_id"):
        place = position(conf, activity, "waitlisted", str(signup.get("created_at") or ""), str(signup["signup_id"]))
    reader = _reader(conf, signup.get("locale"))
    email = signup_email(signup, reader.conference_name, place, reader.locale)
    if signup.get("status") == "confirmed":
        email = _with_calendar(email, conf, activity)
    return send_once(key, email)

def claim_offer_email(signup: Mapping[str, Any], conference_name: str, timezone: str = "UTC",
                      locale: str | None = None) -> Email:
    """A freed place is held for this person until `claim_by`: claim it, or it goes to the next in line."""
    locale = _language(locale, signup.get("locale"))
    _ = catalog(locale).gettext
    activity = _activity_words(signup, locale)
    deadline = translations.moment(str(signup.get("claim_by") or ""), timezone, locale)
    return _signup_email(
        signup, conference_name, locale,
        subject=_("A place is yours at {activity}: claim it by {deadline}").format(activity=activity,
                                                                                   deadline=deadline),
        paragraphs=[_("A place opened up for {activity} at {conference} and you are first on the waitlist, so we "
                      "are holding it for you until {deadline}.").format(activity=activity, conference=conference_name,
                                                                         deadline=deadline),
                    _("What to do next: open the activity's page and press \"Claim my place\". If you do not claim "
                      "it by then, the place goes to the next person on the waitlist.")],
        facts=[(_("Activity"), activity), (_("Claim by"), deadline)],
    )


def notify_claim_offer(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail the person a place is offered to, once per offer."""
    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    key = (f"claim-offer#{signup.get('conference_slug')}#{signup.get('activity_slug')}#{identity}#"
           f"{signup.get('claim_by') or ''}")
    name, timezone, locale = _reader(str(signup.get("conference_slug") or ""), signup.get("locale"))
    return send_once(key, claim_offer_email(signup, name, timezone, locale))


def ticket_email(grant: GrantRecord, conference_name: str, locale: str | None = None) -> Email:
    """The conference ticket is ready: the voucher code and the shop link that redeems it."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    shop = grant.ticket_shop_url or ""
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("Your ticket for {conference}").format(conference=conf),
        paragraphs=[_("Your travel grant includes a ticket for {conference}. We created a voucher for it: redeem it in "
                      "the ticket shop to get your ticket at no cost.").format(conference=conf),
                    _("What to do next: open the ticket shop ({shop}) and enter the voucher code, or follow the link "
                      "on your travel grant page.").format(shop=shop)],
        facts=[(_("Voucher code"), grant.ticket_code or ""), (_("Ticket shop"), shop)],
        action=_("see your grant and ticket"),
        offline_action=_("see the travel grant page of {conference}").format(conference=conf),
    )


def notify_ticket_issued(grant: GrantRecord) -> bool:
    """E-mail the applicant their voucher code and shop link, once per voucher."""
    key = f"ticket#{grant.conference_slug}#{grant.grant_id}#{grant.ticket_code}"
    reader = _reader(grant.conference_slug, grant.locale)
    return send_once(key, ticket_email(grant, reader.conference_name, reader.locale))


# -- messages between an applicant and the reviewers -------------------------------------------

def reviewer_message_email(grant: GrantRecord, text: str, conference_name: str, locale: str | None = None) -> Email:
    """A reviewer wrote a message the applicant may see: the message, and where to answer it."""
    locale = _language(locale, grant.locale)
    _ = catalog(locale).gettext
    conf = conference_name
    return _applicant_email(
        grant, conf, pages.grant_page, locale,
        subject=_("A message from the reviewers of your {conference} travel grant").format(conference=conf),
        paragraphs=[_("The reviewers of your travel grant application for {conference} wrote to you:").format(
                        conference=conf),
                    text,
                    _("What to do next: read it on your travel grant page and, if it asks you something, answer "
                      "there.")],
        action=_("read and answer the message"),
        offline_action=_("answer on the travel grant page of {conference}").format(conference=conf),
    )


def applicant_message_email(grant: GrantRecord, text: str, conference: Conference | None, to: str,
                            reviewer_name: str = "", locale: str | None = None) -> Email:
    """An applicant wrote to the reviewers: their message (never a reviewer's internal note), to
    the reviewer who last acted on the grant. A blind review keeps the applicant unnamed."""
    locale = _language(locale)
    _ = catalog(locale).gettext
    conf = conference.name if conference else grant.conference_slug
    blind = bool(conference and conference.review.blind)
    who = _("The applicant") if blind or not grant.user_name else grant.user_name
    link = _link(pages.review_page(grant.conference_slug, grant.grant_id)) if grant.conference_slug else None
    content = Content(
        subject=_("New message on a {conference} travel grant application").format(conference=conf),
        name=reviewer_name,
        paragraphs=[_("{who} wrote a message on their travel grant application for {conference}:").format(
                        who=who, conference=conf),
                    text,
                    _("You get this e-mail because you were the last reviewer to act on this application.")],
        action=_("answer in the reviewers' console") if link else
        _("answer in the reviewers' console of {conference}").format(conference=conf),
        link=link, signature=_team(conf, locale), locale=locale,
    )
    return content.email(to)


def notify_message(message: Mapping[str, Any], grant_pk: str) -> bool:
    """E-mail a message written on its own to the other side, once per message.

    A reviewer's visible message goes to the applicant. An applicant's message goes to the
    reviewer who last acted on the grant; when none has, the reviewers' daily digest
    (events.message_digest) carries it instead. Internal notes are never e-mailed.
    """
    from ..store.grants import get_grant_item  # the stream function alone reads the grant here

    if not message.get("visible") or not message.get("notify"):
        return False
    _prefix, conf, grant_id = [*grant_pk.split("#", 2), "", ""][:3]
    grant = get_grant_item(conf, grant_id, consistent=False) if conf and grant_id else None
    if grant is None:
        return False
    key = f"message#{conf}#{grant_id}#{message.get('id')}"
    text = str(message.get("message") or "")
    if message.get("author") == "reviewer":
        reader = _reader(conf, grant.locale)
        return send_once(key, reviewer_message_email(grant, text, reader.conference_name, reader.locale))
    if not grant.reviewed_by_email:
        return False  # no reviewer has acted yet: the daily digest tells the reviewers
    conference = _conference(conf)
    locale = locale_rules.stored(grant.reviewed_by_locale, conference.default_locale if conference else None)
    sent = send_once(key, applicant_message_email(grant, text, conference, grant.reviewed_by_email,
                                                  grant.reviewed_by_name or "", locale))
    from ..store.message_digest import mark_told

    mark_told(grant_pk, str(message.get("sk") or ""))  # told (now or by an earlier delivery): not in the digest
    return sent


def digest_email(conference: Conference, messages: list[PendingMessage]) -> Email:
    """The reviewers' daily digest: applicants' messages on grants no reviewer has acted on yet,
    each with a link to its grant in the console. Only what applicants wrote: never a note."""
    locale = locale_rules.stored(conference.default_locale)
    _ = catalog(locale).gettext
    conf, blind = conference.name, conference.review.blind
    lines = [_("Applicants wrote these messages on travel grant applications for {conference} that no reviewer has "
               "acted on yet:").format(conference=conf)]
    for pending in messages:
        who = _("An applicant") if blind or not pending.author_name else pending.author_name
        link = _link(pages.review_page(pending.conference, pending.grant_id))
        where = link or _("grant {id} in the reviewers' console").format(id=pending.grant_id)
        lines.append(_("{who} ({day}, {where}):").format(
            who=who, day=translations.day(pending.created_at, conference.timezone or "UTC", locale), where=where)
            + "\n" + pending.message)
    lines.append(_("You get this e-mail once a day while such messages arrive; once a reviewer acts on an "
                   "application, its applicant's messages go to that reviewer."))
    link = _link(pages.review_list_page(conference.slug))
    content = Content(
        subject=_("New messages from travel grant applicants of {conference}").format(conference=conf),
        name="", paragraphs=lines, facts=[(_("Messages"), str(len(messages)))],
        action=_("open the reviewers' console") if link else
        _("answer in the reviewers' console of {conference}").format(conference=conf),
        link=link, signature=_team(conf, locale), locale=locale,
    )
    return content.email(conference.reviewers_email or "")


def notify_digest(conference: Conference, messages: list[PendingMessage]) -> bool:
    """Send one conference's digest once: a replayed run finds the same last message and sends nothing."""
    key = f"digest#{conference.slug}#{messages[-1].sk}#{len(messages)}"
    return send_once(key, digest_email(conference, messages))
