"""Key layout of the single table, in one place so every module agrees.

| entity            | pk                          | sk                         | GSIs |
|-------------------|-----------------------------|----------------------------|------|
| conference        | CONF#{conf}                 | META                       | gsi1: CONFERENCES / {conf} |
| activity          | CONF#{conf}                 | ACT#{activity}             | |
| signup            | ACT#{conf}#{activity}       | SIGNUP#{created}#{id}      | gsi2 (sparse, waitlisted only): WAIT#{conf}#{activity} / {created}#{id} |
| active-signup lock| ACT#{conf}#{activity}       | USER#{sub}                 | |
| grant             | GRANT#{conf}#{grant_id}     | GRANT                      | gsi1: GRANTS#{conf} / {created}#{id}; gsi2: GRANTS#{conf}#{status} / {created}#{id} |
| grant message     | GRANT#{conf}#{grant_id}     | MSG#{created}#{id}         | |
| grant audit entry | GRANT#{conf}#{grant_id}     | AUDIT#{created}#{id}       | |
| receipt           | GRANT#{conf}#{grant_id}     | RCPT#{receipt_id}          | gsi2 (sparse, pending only): RCPTQ#{conf} / {created}#{id} |
| payment info      | GRANT#{conf}#{grant_id}     | PAYMENT                    | |
| grant stats       | CONF#{conf}                 | GRANTSTATS                 | |
| schedule pointer  | CONF#{conf}                 | SCHEDULE                   | |
| rooms/talks/slots | SCHED#{conf}#{version}      | ROOM#… / TALK#… / SLOT#…   | |
| idempotency marks | IDEM#{key}                  | IDEM                       | (ttl) |

The grant id is derived from (conference, user), so "one grant per user per conference"
is a conditional put on a key, never a query-then-insert.
"""

from __future__ import annotations

import base64
import hashlib


def conference_pk(conf: str) -> str:
    return f"CONF#{conf}"


def activity_sk(activity: str) -> str:
    return f"ACT#{activity}"


def activity_partition(conf: str, activity: str) -> str:
    return f"ACT#{conf}#{activity}"


def grant_id_for(conf: str, sub: str) -> str:
    """Opaque, stable grant id for one user's grant in one conference."""
    digest = hashlib.sha256(f"grant\x00{conf}\x00{sub}".encode()).digest()[:15]
    return base64.b32encode(digest).decode("ascii").lower()


def grant_pk(conf: str, grant_id: str) -> str:
    return f"GRANT#{conf}#{grant_id}"


def idempotency_pk(key: str) -> str:
    return f"IDEM#{key}"
