"""E-mail through SES, at most once per event, and the messages the stream sends.

Streams deliver records at least once and Lambda retries whole batches, so every e-mail
carries an idempotency key derived from the record's identity (grant id + version +
status, or signup id + promotion time). Before sending we claim `IDEM#{hash}` / `IDEM`
(the pattern of AWS Lambda Powertools' idempotency utility): the claim is `sending`
with an expiry, `in_progress_until` = the invocation's deadline (from the Lambda
context's remaining time; EMAIL_CLAIM_SECONDS when there is no context). A replay
finds a `sent` mark, or a live claim, and sends nothing. If SES fails the claim is
released so the retry can send; if the process dies (or SES times out) before it can
release it, the claim expires with the invocation and the retry claims it again, so
no e-mail is lost for good. The remaining window (SES accepted, then the process died
before marking `sent`) can send a duplicate on retry: one extra e-mail beats a lost one.
Every failed send logs `email_send_failed`, which the stack's metric filter alarms on.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError

from ..aws import client
from ..config import settings
from ..domain import grants as rules
from ..domain.money import cents_to_str
from ..store.base import BaseMeta, TableModel, now_iso
from ..store.keys import idempotency_pk

log = logging.getLogger(__name__)
IDEM_SK = "IDEM"
KEEP_SECONDS = 90 * 24 * 3600
SENDING, SENT = "sending", "sent"
#: The stable marker of a failed send in the logs (infra/ alarms on it).
SEND_FAILED_MARKER = "email_send_failed"
#: Epoch seconds after which this invocation is over (None: use the configured claim time).
_deadline: ContextVar[float | None] = ContextVar("email_invocation_deadline", default=None)


class IdempotencyMark(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="idempotency")
    key = UnicodeAttribute()
    state = UnicodeAttribute(default=SENDING)
    message_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = NumberAttribute()  # TTL attribute
    #: While `sending`: epoch milliseconds after which the claim is abandoned and may be taken again.
    in_progress_until = NumberAttribute(null=True)


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


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def mark_key(key: str) -> str:
    """Short, fixed-length table key for an idempotency key of any length."""
    return idempotency_pk("email#" + hashlib.sha256(key.encode()).hexdigest()[:40])


def _claim(key: str) -> IdempotencyMark | None:
    """Take the key: new, or a `sending` claim whose invocation is over; None when it is
    sent already or another invocation is still sending it."""
    now = time.time()
    mark = IdempotencyMark(mark_key(key), IDEM_SK, key=key[:500], created_at=now_iso(), state=SENDING,
                           expires_at=int(now) + KEEP_SECONDS, in_progress_until=claim_expiry_ms(now))
    abandoned = (IdempotencyMark.state == SENDING) & (
        IdempotencyMark.in_progress_until.does_not_exist() | (IdempotencyMark.in_progress_until < int(now * 1000)))
    try:
        mark.save(condition=IdempotencyMark.pk.does_not_exist() | abandoned)
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return None
        raise
    return mark


def _release(mark: IdempotencyMark) -> None:
    """Give the claim back after a failed send (only if it is still ours)."""
    try:
        mark.delete(condition=(IdempotencyMark.state == SENDING)
                    & (IdempotencyMark.in_progress_until == mark.in_progress_until))
    except DeleteError:
        log.warning("could not release the e-mail claim %s; it expires with this invocation", mark.pk)


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
                     "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}}},
        )
    except Exception as exc:
        log.error("%s: %s (key %s); the stream will retry", SEND_FAILED_MARKER, type(exc).__name__, mark.pk)
        _release(mark)
        raise
    mark.update(actions=[IdempotencyMark.state.set(SENT), IdempotencyMark.message_id.set(response["MessageId"]),
                         IdempotencyMark.in_progress_until.remove()])
    return True


# -- what the e-mails say -----------------------------------------------------------------

_NAMES: dict[str, str] = {}


def _conference_name(slug: str) -> str:
    """The conference's display name, remembered per container (a batch often names one conference)."""
    if slug not in _NAMES:
        from .conferences import get_conference  # local: only the stream function needs it

        conference = get_conference(slug)
        if conference is None:
            return slug
        if len(_NAMES) > 256:
            _NAMES.clear()
        _NAMES[slug] = conference.name
    return _NAMES[slug]


def grant_email(grant: Mapping[str, Any], conference_name: str) -> Email:
    """What happened to the application and what to do next."""
    status = grant["status"]
    name = grant.get("user_name") or "there"
    page = f"the travel grant page of {conference_name}"
    if status == rules.OFFERED:
        amount = cents_to_str(int(grant["approved_cents"])) if grant.get("approved_cents") is not None else None
        lines = [f"Good news: the reviewers offered you a travel grant for {conference_name}."]
        if grant.get("request_type") == rules.TICKET_AND_GRANT and amount:
            lines.append(f"Grant amount: {amount}.")
        if grant.get("promo_code"):
            lines.append(f"Your ticket promo code: {grant['promo_code']}.")
        lines.append(f"What to do next: open {page} and choose Accept to take the offer or Decline to "
                     "release it for someone else. If the amount does not cover your trip you can ask for more "
                     "from the same page.")
        subject = f"Travel grant offer for {conference_name}"
    elif status == rules.REJECTED:
        lines = [f"Thank you for applying for a travel grant for {conference_name}. We are sorry: the reviewers "
                 "could not offer you a grant this time.",
                 f"What to do next: nothing is required. Messages from the reviewers, if any, are on {page}."]
        subject = f"Your travel grant application for {conference_name}"
    elif status == rules.INFO_NEEDED:
        lines = [f"The reviewers of your travel grant application for {conference_name} need more information.",
                 f"What to do next: read their message on {page}, then answer with \"Provide information\" "
                 "(you can also edit your application until you do)."]
        subject = f"More information needed for your {conference_name} travel grant"
    else:
        raise ValueError(f"no e-mail for status {status}")
    body = f"Hello {name},\n\n" + "\n\n".join(lines) + f"\n\n-- The {conference_name} travel grants team\n"
    return Email(grant.get("user_email") or "", subject, body)


def notify_grant_status(grant: Mapping[str, Any]) -> bool:
    """E-mail the applicant about an offered/rejected/info_needed grant, once per change."""
    key = f"grant#{grant['conference_slug']}#{grant['grant_id']}#v{int(grant.get('version') or 0)}#{grant['status']}"
    return send_once(key, grant_email(grant, _conference_name(grant["conference_slug"])))


def promotion_email(signup: Mapping[str, Any], conference_name: str) -> Email:
    activity = signup.get("activity_name") or signup.get("activity_slug") or "the activity"
    body = (f"Hello {signup.get('user_name') or 'there'},\n\n"
            f"A place opened up and you moved from the waitlist to confirmed for {activity} at {conference_name}.\n\n"
            "What to do next: nothing, your place is reserved. If you can no longer attend, please cancel your "
            "signup on the activity's page so the next person on the waitlist gets the place.\n\n"
            f"-- The {conference_name} team\n")
    return Email(signup.get("user_email") or "", f"You are confirmed for {activity}", body)


def notify_promotion(signup: Mapping[str, Any], keys: Mapping[str, Any]) -> bool:
    """E-mail a promoted signup, once per promotion."""
    identity = signup.get("signup_id") or f"{keys.get('pk')}#{keys.get('sk')}"
    when = signup.get("promoted_at") or signup.get("updated_at") or ""
    key = f"promotion#{signup.get('conference_slug')}#{signup.get('activity_slug')}#{identity}#{when}"
    return send_once(key, promotion_email(signup, _conference_name(str(signup.get("conference_slug") or ""))))
