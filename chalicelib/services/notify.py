"""E-mail through SES, at most once per event, and the messages the stream sends.

Streams deliver records at least once and Lambda retries whole batches, so every e-mail
carries an idempotency key derived from the record's identity (grant id + version +
status, or signup id + promotion time). Before sending we claim its mark
(store/idempotency.py, a conditional put): a replay finds the mark and sends nothing. If SES fails the
mark is deleted again so the retry can send. The one window left (the process dies
between SES accepting the message and nothing else) would lose no e-mail but could not
send a duplicate either: we prefer at-most-once over spamming the applicant.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..aws import client
from ..config import settings
from ..domain import grants as rules
from ..domain.money import cents_to_str
from ..store import idempotency

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def mark_key(key: str) -> str:
    """Short, fixed-length table key for an idempotency key of any length."""
    return idempotency.mark_pk(key, "email")


def send_once(key: str, email: Email) -> bool:
    """Send `email` unless an e-mail with this idempotency key was already sent; True if sent now."""
    if not email.to:
        log.warning("no recipient for %s; nothing sent", key)
        return False
    mark = idempotency.claim(key, "email")
    if mark is None:
        return False
    try:
        response = client("ses").send_email(
            Source=settings().ses_sender,
            Destination={"ToAddresses": [email.to]},
            Message={"Subject": {"Data": email.subject, "Charset": "UTF-8"},
                     "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}}},
        )
    except Exception:
        idempotency.release(mark)  # let the stream's retry send it
        raise
    idempotency.mark_done(mark, response["MessageId"])
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
