"""Key layout of the single table, in one place so every module agrees.

No other module spells a key prefix or a fixed sort key: they call these functions or use
these constants.

| entity            | pk                          | sk                         | GSIs |
|-------------------|-----------------------------|----------------------------|------|
| conference        | CONF#{conf}                 | META                       | gsi1: CONFERENCES / {conf} |
| activity          | CONF#{conf}                 | ACT#{activity}             | |
| signup            | ACT#{conf}#{activity}       | SIGNUP#{created}#{id}      | gsi3 (sparse, offered places only): DUE#claim / {claim_by}#{conf}#{activity}#{id} |
| queue entry       | ACT#{conf}#{activity}       | QUEUE#{created}#{id}       | (exists while the signup waits) |
| active-signup lock| ACT#{conf}#{activity}       | USER#{sub} (USERH#{sha256} if too long) | gsi1 (sparse, active only): MYSIGNUPS#{conf}#{sub} / {created}#{id} |
| lapsed claim mark | ACT#{conf}#{activity}       | LAPSED#{sub} (LAPSEDH#{sha256} if too long) | (ttl) |
| grant             | GRANT#{conf}#{grant_id}     | GRANT                      | gsi1: GRANTS#{conf} / {created}#{id}; gsi2: GRANTS#{conf}#{status} / {created}#{id}; gsi3 (sparse, open offers with a deadline only): DUE#offer / {due at}#{conf}#{id} |
| grant message     | GRANT#{conf}#{grant_id}     | MSG#{created}#{id}         | |
| grant audit entry | GRANT#{conf}#{grant_id}     | AUDIT#{created}#{id}       | |
| receipt           | GRANT#{conf}#{grant_id}     | RCPT#{receipt_id}          | gsi2 (sparse, pending only): RCPTQ#{conf} / {created}#{id} |
| payment info      | GRANT#{conf}#{grant_id}     | PAYMENT                    | |
| grant stats       | CONF#{conf}                 | GRANTSTATS                 | gsi1: GRANTS#{conf} / ~STATS (after every grant) |
| reviewer's score  | GRANT#{conf}#{grant_id}     | SCORE#{reviewer key}       | |
| declared conflict | GRANT#{conf}#{grant_id}     | CONFLICT#{reviewer key}    | |
| scoring queue     | GRANT#{conf}#{grant_id}     | SCOREQ                     | gsi2 (sparse, scorable grants only): TOSCORE#{conf} / {score count:05}#{grant_id} |
| reviewer counters | CONF#{conf}                 | REVIEWERS (n_/s_/q_{key})  | |
| schedule pointer  | CONF#{conf}                 | SCHEDULE                   | |
| rooms/talks/slots | SCHED#{conf}#{version}      | ROOM#… / TALK#… / SLOT#…   | |
| idempotency marks | IDEM#{key}                  | IDEM                       | (ttl) |
| calendar feed (owner) | MYCAL#{conf}#{sub}      | CALENDAR                   | |
| calendar feed (by secret) | CALFEED#{sha256 of the secret} | CALFEED           | |
| feed rate counter | CALFEED#{sha256 of the secret} | RATE#{minute}           | (ttl) |
| person (by name)  | CONF#{conf}                 | PEOPLE#N#{normalised name}#{sub} | |
| person (by e-mail)| CONF#{conf}                 | PEOPLE#E#{lower-case e-mail}#{sub} | |

The grant id is derived from (conference, user), so "one grant per user per conference"
is a conditional put on a key, never a query-then-insert. Range reads use `after(prefix)`:
'$' sorts right after '#', so `BETWEEN "GRANT" AND after("MSG")` is the grant and its
messages, without the audit trail.

The grant stats item sits in the conference's grant list (GSI1 `GRANTS#{conf}`) under the
sort key `~STATS`: grants' sort keys start with a timestamp (a digit) and '~' sorts after
every digit and letter, so a newest-first Query of the list meets the counters first and
the reviewer list's first page is one request (store/grant_list.py).
"""

from __future__ import annotations

import base64
import hashlib

# -- fixed sort keys and prefixes ----------------------------------------------------------
META_SK = "META"
CONFERENCE_LIST = "CONFERENCES"
ACTIVITY_PREFIX = "ACT#"
SIGNUP_PREFIX = "SIGNUP#"
QUEUE_PREFIX = "QUEUE#"
LOCK_PREFIX = "USER#"
GRANT_SK = "GRANT"
MESSAGE_PREFIX = "MSG#"
AUDIT_PREFIX = "AUDIT#"
RECEIPT_PREFIX = "RCPT#"
PAYMENT_SK = "PAYMENT"
STATS_SK = "GRANTSTATS"
#: GSI1 sort key of the stats item in its conference's grant list: above every `{created}#{id}`.
STATS_LIST_SK = "~STATS"
SCHEDULE_SK = "SCHEDULE"
SCHEDULE_KIND_PREFIX = {"room": "ROOM#", "talk": "TALK#", "slot": "SLOT#"}
IDEMPOTENCY_SK = "IDEM"
SCORE_PREFIX = "SCORE#"
CONFLICT_PREFIX = "CONFLICT#"
SCORE_QUEUE_SK = "SCOREQ"
REVIEWERS_SK = "REVIEWERS"


def after(prefix: str) -> str:
    """The smallest key above every `{prefix}#…` key ('$' sorts right after '#')."""
    return prefix.rstrip("#") + "$"


# -- conferences and activities ------------------------------------------------------------
def conference_pk(conf: str) -> str:
    return f"CONF#{conf}"


def activity_sk(activity: str) -> str:
    return f"{ACTIVITY_PREFIX}{activity}"


def activity_partition(conf: str, activity: str) -> str:
    return f"ACT#{conf}#{activity}"


def signup_sk(created_at: str, signup_id: str) -> str:
    return f"{SIGNUP_PREFIX}{created_at}#{signup_id}"


#: DynamoDB's limit for a sort key, in UTF-8 bytes.
MAX_SORT_KEY_BYTES = 1024
#: Lock keys of subjects too long to embed (never a prefix of `USER#…`, so no collision).
HASHED_LOCK_PREFIX = "USERH#"


def lock_sk(sub: str) -> str:
    """`USER#{sub}`; a subject whose key would pass DynamoDB's 1,024-byte limit is hashed.

    Authentication caps `sub` at 256 characters, but 256 four-byte characters still make
    1,029 bytes with the prefix. Keys that fit stay as they always were.
    """
    return _bounded_sk(LOCK_PREFIX, HASHED_LOCK_PREFIX, sub)


def _bounded_sk(prefix: str, hashed_prefix: str, sub: str) -> str:
    """`{prefix}{sub}`, or `{hashed_prefix}{sha256(sub)}` when that would pass the sort-key limit."""
    key = f"{prefix}{sub}"
    if len(key.encode("utf-8")) <= MAX_SORT_KEY_BYTES:
        return key
    return hashed_prefix + hashlib.sha256(sub.encode("utf-8")).hexdigest()


def my_signups_pk(conf: str, sub: str) -> str:
    """GSI1 partition of a user's active-signup locks in one conference ("my signups")."""
    return f"MYSIGNUPS#{conf}#{sub}"


#: A person's last lapsed claim in an activity (so a late claim answers `claim_expired`).
LAPSED_CLAIM_PREFIX = "LAPSED#"
HASHED_LAPSED_CLAIM_PREFIX = "LAPSEDH#"


def lapsed_claim_sk(sub: str) -> str:
    return _bounded_sk(LAPSED_CLAIM_PREFIX, HASHED_LAPSED_CLAIM_PREFIX, sub)


def queue_sk(created_at: str, signup_id: str) -> str:
    """A waiting signup's entry in its activity's queue, in queue order (= the order it joined)."""
    return f"{QUEUE_PREFIX}{created_at}#{signup_id}"


def legacy_waitlist_pk(conf: str, activity: str) -> str:
    """GSI2 partition that waitlisted signups written before queue entries carry (the backfill reads it)."""
    return f"WAIT#{conf}#{activity}"


# -- grants and what hangs off them ---------------------------------------------------------
def grant_id_for(conf: str, sub: str) -> str:
    """Opaque, stable grant id for one user's grant in one conference."""
    digest = hashlib.sha256(f"grant\x00{conf}\x00{sub}".encode()).digest()[:15]
    return base64.b32encode(digest).decode("ascii").lower()


def grant_pk(conf: str, grant_id: str) -> str:
    return f"GRANT#{conf}#{grant_id}"


def grant_list_pk(conf: str) -> str:
    return f"GRANTS#{conf}"


def grant_status_pk(conf: str, status: str) -> str:
    return f"GRANTS#{conf}#{status}"


def message_sk(created_at: str, message_id: str) -> str:
    return f"{MESSAGE_PREFIX}{created_at}#{message_id}"


def audit_sk(created_at: str, entry_id: str) -> str:
    return f"{AUDIT_PREFIX}{created_at}#{entry_id}"


def receipt_sk(receipt_id: str) -> str:
    return f"{RECEIPT_PREFIX}{receipt_id}"


#: A payer's record of the payment details version they last read (in the grant's partition).
PAYMENT_READ_PREFIX = "PAYREAD#"


def payment_read_sk(sub: str) -> str:
    """`PAYREAD#{sub}`, hashed like lock keys when the subject is too long for a sort key."""
    return _bounded_sk(PAYMENT_READ_PREFIX, PAYMENT_READ_PREFIX + "H#", sub)


def receipt_queue_pk(conf: str) -> str:
    return f"RCPTQ#{conf}"


def by_age(created_at: str, item_id: str) -> str:
    """GSI sort key of listings ordered by creation time."""
    return f"{created_at}#{item_id}"


# -- scoring (reviewer keys come from domain.scoring.reviewer_key) ---------------------------
def score_sk(reviewer: str) -> str:
    return f"{SCORE_PREFIX}{reviewer}"


def conflict_sk(reviewer: str) -> str:
    return f"{CONFLICT_PREFIX}{reviewer}"


def score_queue_pk(conf: str) -> str:
    """GSI2 partition of a conference's grants still to be scored."""
    return f"TOSCORE#{conf}"


def score_queue_sort(score_count: int, grant_id: str) -> str:
    """Fewest scores first; grant ids are hash-derived, so equals come in no meaningful order."""
    return f"{max(score_count, 0):05d}#{grant_id}"


# -- schedule and idempotency ----------------------------------------------------------------
def schedule_pk(conf: str, version: str) -> str:
    return f"SCHED#{conf}#{version}"


#: The due index (GSI3) partition of open offers: the scheduler reads what is due up to `now`.
OFFERS_DUE = "DUE#offer"
#: Applicants' messages no reviewer has been e-mailed yet (the reviewers' daily digest).
MESSAGES_DUE = "DUE#message"
#: GSI3 partition of the activity places offered and not yet claimed, by `claim_by`.
CLAIMS_DUE = "DUE#claim"


def due_sort(due_at: str, conf: str, item_id: str) -> str:
    """An item's place in a due partition: its next due moment first (fixed-width UTC), so
    `gsi3sk <= now` (with the `#` suffix) reads exactly what is due."""
    return f"{due_at}#{conf}#{item_id}"


def idempotency_pk(key: str) -> str:
    return f"IDEM#{key}"


# -- calendar feeds ---------------------------------------------------------------------------
CALENDAR_OWNER_SK = "CALENDAR"
CALENDAR_FEED_SK = "CALFEED"
RATE_PREFIX = "RATE#"


def calendar_owner_pk(conf: str, sub: str) -> str:
    """A person's calendar feed in one conference (at most one: it is one key)."""
    return f"MYCAL#{conf}#{sub}"


def calendar_feed_pk(token_hash: str) -> str:
    """A feed found by its secret's hash (the secret itself is never stored in the clear)."""
    return f"CALFEED#{token_hash}"


def rate_sk(window: str) -> str:
    """A counter of one minute's requests, in the partition of what is being limited."""
    return f"{RATE_PREFIX}{window}"


# -- people directory -------------------------------------------------------------------------
PERSON_NAME_PREFIX = "PEOPLE#N#"
PERSON_EMAIL_PREFIX = "PEOPLE#E#"
#: Longer names/addresses are cut in the key (a prefix search still finds them; a sort key
#: holds at most 1 KiB).
PERSON_KEY_CHARS = 200


def person_name_sk(normalised_name: str, sub: str) -> str:
    """A person in the conference's directory, found by the start of their (normalised) name."""
    return f"{PERSON_NAME_PREFIX}{normalised_name[:PERSON_KEY_CHARS]}#{_person_sub(sub)}"


def person_email_sk(normalised_email: str, sub: str) -> str:
    """A person in the conference's directory, found by the start of their e-mail address."""
    return f"{PERSON_EMAIL_PREFIX}{normalised_email[:PERSON_KEY_CHARS]}#{_person_sub(sub)}"


def _person_sub(sub: str) -> str:
    return sub if len(sub) <= PERSON_KEY_CHARS else "H" + hashlib.sha256(sub.encode()).hexdigest()
