"""Pages of a conference's grants for the reviewer list, and their page tokens.

GSI1 `GRANTS#{conf}` holds every grant by age (`{created}#{id}`) and, under `~STATS`
(keys.STATS_LIST_SK, after every grant), the conference's stats item. So the first page
of the unfiltered, newest-first list is ONE Query with `Limit = limit + 1`: the stats item
comes first and is split off, the grants follow. Every other page (a token, `?status=` on
GSI2, oldest first) reads grants only (on GSI1 the key condition stops below `~STATS`) and
says so (`GrantPage.stats` is None): the caller reads the counters with one GetItem
(grants.read_stats). So does page 1 when the stats item has no GSI1 keys yet (written
before they existed; the next grant write adds them) or does not exist: then the Query
brought up to `limit + 1` grants, the page keeps `limit` and its token points at the last
one kept.

Tokens are the page's last key, base64 JSON, and `decode_token` accepts only keys of real
grants of the same listing: a token can never point at the stats item or anything else.
GSI reads are eventually consistent, the counters included (as the list rows always were).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..aws import client
from ..config import settings
from .base import GSI1, GSI2
from .grant_entries import STATS_KEYS, GrantStats
from .grants import GrantRecord, list_pk, status_pk, valid_grant_id
from .keys import GRANT_SK, STATS_LIST_SK, STATS_SK, by_age, grant_pk


class BadPageToken(ValueError):
    pass


class GrantPage(NamedTuple):
    """One page of grants; `stats` when the page's Query brought the counters (else None).
    (A NamedTuple: a transient result, cheaper to define at import than a dataclass.)"""

    grants: list[GrantRecord]
    next_token: str | None
    stats: GrantStats | None = None


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


def encode_token(key: Mapping[str, Any]) -> str:
    plain = {name: value["S"] for name, value in key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str, index: str, partition: str, conf: str) -> dict[str, Any]:
    """Turn a next_token back into an ExclusiveStartKey, refusing anything we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadPageToken() from None
    expected = {"pk", "sk", f"{index}pk", f"{index}sk"}
    if not isinstance(data, dict) or set(data) != expected or not all(isinstance(v, str) for v in data.values()):
        raise BadPageToken()
    # Only keys of real grant items of this listing: GRANT#{conf}#{id} / GRANT, {created}#{id}
    # (so never the stats item: CONF#{conf} / GRANTSTATS, ~STATS).
    grant_id = data["pk"][len(grant_pk(conf, "")):]
    created, _, sort_id = data[f"{index}sk"].rpartition("#")
    if (data[f"{index}pk"] != partition or data["pk"] != grant_pk(conf, grant_id) or data["sk"] != GRANT_SK
            or not valid_grant_id(grant_id) or sort_id != grant_id or not _TIMESTAMP.match(created)):
        raise BadPageToken()
    return {name: {"S": value} for name, value in data.items()}


def _key_of(grant: GrantRecord, conf: str, index: str, partition: str) -> dict[str, Any]:
    """The index key of a grant on the page: what DynamoDB's LastEvaluatedKey would be."""
    return {"pk": {"S": grant_pk(conf, grant.grant_id)}, "sk": {"S": GRANT_SK}, f"{index}pk": {"S": partition},
            f"{index}sk": {"S": by_age(grant.created_at or "", grant.grant_id)}}


#: Attributes a reviewer-list row needs (see services.grant_review.list_item).
LIST_ATTRIBUTES = ("grant_id", "user_sub", "user_email", "user_email_verified", "user_name", "status", "request_type", "application",
                   "requested_cents", "approved_cents", "receipt_count", "created_at", "updated_at",
                   # readiness facts, for the payers' `?ready=true` list (GrantRecord.known_ready)
                   "approved_receipts", "has_payment_info", "readiness_tracked",
                   # the score summary (services.scoring.list_scores)
                   "score_count", "score_sum", "scoring",
                   # the ticket (the console's "ticket not issued" filter; pretix.tickets' retries)
                   "ticket_status", "ticket_attempts", "ticket_retry_at",
                   # the offer's deadline (the console's "Respond by" column)
                   "respond_by")
#: Page 1 also reads the stats item: its sort key (to tell it from a grant) and its counters.
WITH_STATS_ATTRIBUTES = (*LIST_ATTRIBUTES, "sk", *STATS_KEYS)


def list_page(conf: str, status: str | None, limit: int, token: str | None,
              newest_first: bool = True) -> GrantPage:
    """One page of a conference's grants (all, or one status) from one Query on GSI1/GSI2;
    page 1 of the unfiltered newest-first list carries the stats (see the module doc)."""
    index, partition = (GSI2, status_pk(conf, status)) if status else (GSI1, list_pk(conf))
    with_stats = index == GSI1 and token is None and newest_first
    key_condition = f"{index}pk = :p"
    values: dict[str, Any] = {":p": {"S": partition}}
    if index == GSI1 and not with_stats:
        key_condition += f" AND {index}sk < :stats"  # grants only, whichever way and wherever we start
        values[":stats"] = {"S": STATS_LIST_SK}
    attributes = WITH_STATS_ATTRIBUTES if with_stats else LIST_ATTRIBUTES
    params: dict[str, Any] = {
        "TableName": settings().table_name,
        "IndexName": index,
        "KeyConditionExpression": key_condition,
        "ExpressionAttributeValues": values,
        "Limit": limit + 1 if with_stats else limit,
        "ScanIndexForward": not newest_first,
        # Only what a list row shows: smaller responses (the notes and keys stay behind).
        "ProjectionExpression": ", ".join(f"#{n}" for n in attributes),
        "ExpressionAttributeNames": {f"#{n}": n for n in attributes},
    }
    if token:
        params["ExclusiveStartKey"] = decode_token(token, index, partition, conf)
    page = client("dynamodb").query(**params)
    grants: list[GrantRecord] = []
    stats: GrantStats | None = None
    for raw in page.get("Items", []):
        if with_stats and raw.get("sk", {}).get("S") == STATS_SK:
            stats = GrantStats.from_raw(raw)
        else:
            grants.append(GrantRecord.from_raw(raw))
    last = page.get("LastEvaluatedKey")
    if len(grants) > limit:  # no stats item came first: one grant too many, and more may follow
        grants = grants[:limit]
        last = _key_of(grants[-1], conf, index, partition)
    return GrantPage(grants, encode_token(last) if last else None, stats)
