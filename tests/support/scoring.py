"""Shared helpers of the scoring tests: applicants, reviewers, and the counters check."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.domain.scoring import reviewer_key
from chalicelib.store import scores as store
from chalicelib.store.keys import SCORE_PREFIX, SCORE_QUEUE_SK, grant_pk
from chalicelib.store.wire import item_to_python
from tests.support.grants import application, path


def manage(slug: str, suffix: str = "") -> str:
    return f"/manage/conferences/{slug}/travel-grants{suffix}"


def apply(api: Any, slug: str, token: str, **fields: Any) -> str:
    reply = api.post(path(slug), application(**fields), token=token)
    assert reply.status == 201, reply.body
    return str(reply.body["id"])


def score(api: Any, slug: str, grant_id: str, token: str, value: int, **extra: Any) -> Any:
    return api.put(manage(slug, f"/{grant_id}/score"), {"score": value, **extra}, token=token)


def partition(slug: str, grant_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"TableName": settings().table_name, "KeyConditionExpression": "pk = :p",
                              "ExpressionAttributeValues": {":p": {"S": grant_pk(slug, grant_id)}},
                              "ConsistentRead": True}
    while True:
        page = client("dynamodb").query(**params)
        items += [item_to_python(raw) for raw in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def check_counters(slug: str, grant_ids: list[str]) -> dict[str, dict[str, int]]:
    """Every counter against the score items: the grant's count and sum and its scoring map,
    the queue item's count, sort key and reviewer set, and each reviewer's count, sum and sum
    of squares over these grants (the conference must hold no other scored grant).
    Returns the scores found: {grant_id: {reviewer key: score}}."""
    by_reviewer: dict[str, list[int]] = defaultdict(list)
    found: dict[str, dict[str, int]] = {}
    for grant_id in grant_ids:
        items = partition(slug, grant_id)
        grant = next(i for i in items if i["sk"] == "GRANT")
        scores = {i["sk"][len(SCORE_PREFIX):]: int(i["score"]) for i in items if i["sk"].startswith(SCORE_PREFIX)}
        found[grant_id] = scores
        assert int(grant.get("score_count") or 0) == len(scores), (grant_id, grant.get("score_count"), scores)
        assert int(grant.get("score_sum") or 0) == sum(scores.values()), (grant_id, grant.get("score_sum"), scores)
        kept = json.loads(grant["scoring"])["scores"] if grant.get("scoring") else {}
        assert {k: int(v) for k, v in kept.items()} == scores, (grant_id, kept, scores)
        queue = next((i for i in items if i["sk"] == SCORE_QUEUE_SK), None)
        if grant["status"] in ("submitted", "info_needed", "waitlisted"):
            assert queue is not None, grant_id
            assert int(queue["score_count"]) == len(scores)
            assert queue["gsi2sk"] == f"{len(scores):05d}#{grant_id}"
            assert set(queue.get("scored") or ()) == set(scores)
            assert queue["owner"] == reviewer_key(grant["user_sub"])
        for key, value in scores.items():
            by_reviewer[key].append(value)
    infos = store.reviewers(slug, consistent=True)
    for key, values in by_reviewer.items():
        counters = infos[key].counters
        assert (counters.count, counters.total, counters.squares) == (
            len(values), sum(values), sum(v * v for v in values)), (key, counters, values)
    for key, info in infos.items():
        if key not in by_reviewer:
            assert info.counters == (0, 0, 0), (key, info)
    return found
