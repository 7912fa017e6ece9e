"""The reviewer list's DynamoDB requests and its paging around the stats item.

Page 1 of the unfiltered list is ONE Query (the stats item sits in GSI1 after every grant,
the conference's budget comes from the container's short-lived copy); later pages and
`?status=` add one GetItem of the stats item. Whatever the path, the rows, the counters
and the tokens must be the ones the slow way gives, and a token can never point at the
stats item. Requests are counted on the wire (tests/api/test_request_budget.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.domain.money import cents_to_str
from chalicelib.store import grant_list
from chalicelib.store import grants as store
from chalicelib.store.keys import STATS_SK, conference_pk, grant_id_for
from tests.support.clients import Api
from tests.support.grants import apply, manage, review
from tests.support.request_count import dynamodb_requests


def get(api: Api, url: str, token: str) -> tuple[dict[str, Any], Counter[str]]:
    """The list's body and the DynamoDB requests it took, by operation."""
    with dynamodb_requests() as counts:
        reply = api.get(url, token=token)
    assert reply.status == 200, reply.body
    return reply.body, counts


def every_page(api: Api, url: str, token: str) -> tuple[list[str], list[Counter[str]], list[dict[str, Any]]]:
    """Follow next_token to the end: the ids in order, each page's requests, each page's stats."""
    ids: list[str] = []
    requests: list[Counter[str]] = []
    stats: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        body, counts = get(api, next_url, token)
        ids += [row["id"] for row in body["grants"]]
        requests.append(counts)
        stats.append(body["stats"])
        separator = "&" if "?" in url else "?"
        next_url = f"{url}{separator}next_token={body['next_token']}" if body["next_token"] else None
    return ids, requests, stats


def drop_stats_keys(conf: str) -> None:
    """Make the stats item look like one written before it had GSI1 keys (local saved data)."""
    client("dynamodb").update_item(TableName=settings().table_name,
                                   Key={"pk": {"S": conference_pk(conf)}, "sk": {"S": STATS_SK}},
                                   UpdateExpression="REMOVE gsi1pk, gsi1sk")


@pytest.fixture
def five_grants(api: Api, make_conference: Callable[..., str], make_token: Callable[..., str],
                reviewer: str) -> tuple[str, list[str]]:
    """A conference with a budget and five grants (one of them offered 1000.00), newest last."""
    slug = make_conference(grant_budget="5000")
    ids = [apply(api, slug, make_token(f"list-{n}")) for n in range(5)]
    assert review(api, slug, ids[1], reviewer, {"status": "offered", "approved_amount": "1000"}).status == 200
    api.get(f"/conferences/{slug}")  # a warm container has read its conference
    return slug, ids


EXPECTED_STATS = {"total": 5, "submitted": 4, "offered": 1, "info_needed": 0, "accepted": 0, "disbursed": 0}


def test_page_one_is_one_query_with_the_stats_and_budget(api: Api, five_grants: tuple[str, list[str]],
                                                         reviewer: str) -> None:
    slug, ids = five_grants
    body, counts = get(api, manage(slug), reviewer)
    assert counts == Counter({"Query": 1})
    assert [row["id"] for row in body["grants"]] == ids[::-1]  # newest first, the stats item is no row
    assert body["next_token"] is None
    assert {k: body["stats"][k] for k in EXPECTED_STATS} == EXPECTED_STATS
    assert body["stats"]["total_approved"] == "1000.00"
    assert body["budget"] == {"budget": "5000.00", "committed": "1000.00", "disbursed": "0.00", "remaining": "4000.00",
                              "limit": "5000.00"}
    alone = store.read_stats(slug)  # the same counters as the stats item read on its own
    assert (alone.total, alone.submitted, alone.offered, alone.total_approved_cents) == (5, 4, 1, 100000)
    assert body["stats"]["total_requested"] == cents_to_str(alone.total_requested_cents) != "0.00"


@pytest.mark.parametrize("limit", [1, 2, 4, 5])
def test_pages_cover_every_grant_once_and_only_page_one_skips_the_stats_read(
    api: Api, five_grants: tuple[str, list[str]], reviewer: str, limit: int,
) -> None:
    slug, ids = five_grants
    listed, requests, stats = every_page(api, manage(slug, f"?limit={limit}"), reviewer)
    assert listed == ids[::-1]
    assert requests[0] == Counter({"Query": 1})
    assert all(r == Counter({"Query": 1, "GetItem": 1}) for r in requests[1:]), requests
    assert all(s == stats[0] for s in stats) and stats[0]["total"] == 5
    assert len(requests) >= -(-5 // limit)  # (DynamoDB may end with an empty page after a full one)


def test_status_filter_reads_the_stats_separately(api: Api, five_grants: tuple[str, list[str]],
                                                  reviewer: str) -> None:
    slug, ids = five_grants
    body, counts = get(api, manage(slug, "?status=offered"), reviewer)
    assert counts == Counter({"Query": 1, "GetItem": 1})
    assert [row["id"] for row in body["grants"]] == [ids[1]]
    assert {k: body["stats"][k] for k in EXPECTED_STATS} == EXPECTED_STATS
    listed, requests, _ = every_page(api, manage(slug, "?status=submitted&limit=2"), reviewer)
    assert listed == [ids[4], ids[3], ids[2], ids[0]]
    assert all(r == Counter({"Query": 1, "GetItem": 1}) for r in requests)


def test_a_stats_item_without_list_keys_falls_back_to_two_requests(
    api: Api, five_grants: tuple[str, list[str]], reviewer: str, make_token: Callable[..., str],
) -> None:
    """Saved data from before the stats item was listed: page 1 Query brings limit + 1 grants,
    keeps `limit`, continues from the last one kept, and reads the counters with a GetItem."""
    slug, ids = five_grants
    drop_stats_keys(slug)
    body, counts = get(api, manage(slug, "?limit=2"), reviewer)
    assert counts == Counter({"Query": 1, "GetItem": 1})
    assert [row["id"] for row in body["grants"]] == [ids[4], ids[3]]
    assert {k: body["stats"][k] for k in EXPECTED_STATS} == EXPECTED_STATS
    listed, _, _ = every_page(api, manage(slug, "?limit=2"), reviewer)
    assert listed == ids[::-1]
    listed, _, _ = every_page(api, manage(slug, "?limit=5"), reviewer)  # exactly limit: one page, no token
    assert listed == ids[::-1]
    assert get(api, manage(slug, "?limit=5"), reviewer)[0]["next_token"] is None
    # The next grant write gives the item its keys back: one request again.
    apply(api, slug, make_token("list-late"))
    body, counts = get(api, manage(slug), reviewer)
    assert counts == Counter({"Query": 1}) and body["stats"]["total"] == 6


def test_a_conference_without_grants_lists_nothing_with_zero_counters(
    api: Api, make_conference: Callable[..., str], reviewer: str,
) -> None:
    slug = make_conference()
    api.get(f"/conferences/{slug}")
    body, counts = get(api, manage(slug), reviewer)
    assert body["grants"] == [] and body["next_token"] is None and body["stats"]["total"] == 0
    assert counts == Counter({"Query": 1, "GetItem": 1})  # no stats item yet: read to be sure


def test_a_token_cannot_point_at_the_stats_item(api: Api, five_grants: tuple[str, list[str]], reviewer: str) -> None:
    slug, _ = five_grants
    forged = [
        {"pk": conference_pk(slug), "sk": STATS_SK, "gsi1pk": f"GRANTS#{slug}", "gsi1sk": "~STATS"},
        # A grant's table key with the stats item's index key (or the other way round).
        {"pk": f"GRANT#{slug}#{grant_id_for(slug, 'list-0')}", "sk": "GRANT", "gsi1pk": f"GRANTS#{slug}",
         "gsi1sk": "~STATS"},
        {"pk": conference_pk(slug), "sk": STATS_SK, "gsi1pk": f"GRANTS#{slug}",
         "gsi1sk": f"2026-05-01T10:00:00.000000Z#{grant_id_for(slug, 'list-0')}"},
    ]
    for key in forged:
        token = grant_list.encode_token({name: {"S": value} for name, value in key.items()})
        reply = api.get(manage(slug, f"?next_token={token}"), token=reviewer)
        assert reply.status == 422, reply.body
        assert "next_token" in reply.body["error"]["fields"]


def test_oldest_first_pages_never_meet_the_stats_item(five_grants: tuple[str, list[str]]) -> None:
    """The store's other order: the stats item would come last; the key condition stops before it."""
    slug, ids = five_grants
    seen: list[str] = []
    token = None
    for _ in range(10):
        page = grant_list.list_page(slug, None, 2, token, newest_first=False)
        assert page.stats is None
        seen += [g.grant_id for g in page.grants]
        token = page.next_token
        if token is None:
            break
    assert seen == ids
