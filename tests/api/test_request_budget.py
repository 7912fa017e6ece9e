"""DynamoDB requests per operation on the happy path of a warm container, counted on the wire.

With the conference's settings remembered for a few seconds (store/conferences.py), the
user-facing writes take at most 2 requests and the list/detail views 1. Counted where
botocore sends each attempt (retries would count), from this thread only.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import botocore.endpoint
import pytest

from chalicelib.store import conferences
from tests.api.test_grants_apply import application, path
from tests.helpers import Api


@contextmanager
def dynamodb_requests() -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    original = botocore.endpoint.Endpoint._send
    me = threading.get_ident()

    def send(self: Any, request: Any) -> Any:
        target = request.headers.get("X-Amz-Target") or b""
        target = target.decode() if isinstance(target, bytes) else target
        if threading.get_ident() == me and target.startswith("DynamoDB_20120810."):
            counts[target.split(".", 1)[1]] += 1
        return original(self, request)

    botocore.endpoint.Endpoint._send = send  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        botocore.endpoint.Endpoint._send = original  # type: ignore[method-assign]


def measured(call: Callable[[], Any], expect: int = 300) -> tuple[Any, int]:
    with dynamodb_requests() as counts:
        reply = call()
    assert reply.status < expect, reply.body
    return reply, sum(counts.values())


@pytest.fixture
def activity(api: Api, conference: str, make_token: Callable[..., str]) -> str:
    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Budget", "max_participants": 50},
                     token=make_token("budget-manager", "manage_activity"))
    assert reply.status == 201, reply.body
    api.get(f"/conferences/{conference}")  # a warm container has read its conference
    return reply.body["slug"]


def test_activity_views_take_one_request_and_signup_cancel_two(
    api: Api, conference: str, activity: str, make_token: Callable[..., str],
) -> None:
    base = f"/conferences/{conference}/activities"
    fan = make_token("budget-fan")
    assert measured(lambda: api.get(base))[1] == 1
    assert measured(lambda: api.get(f"{base}/{activity}"))[1] == 1
    assert measured(lambda: api.get(f"{base}/{activity}", token=fan))[1] == 1
    assert measured(lambda: api.post(f"{base}/{activity}/signup", {"note": ""}, token=fan))[1] <= 2
    assert measured(lambda: api.delete(f"{base}/{activity}/signup", token=fan))[1] <= 2


def test_apply_and_review_take_at_most_two_and_views_one(
    api: Api, conference: str, activity: str, make_token: Callable[..., str],
) -> None:
    applicant, reviewer = make_token("budget-applicant"), make_token("budget-rita", "review_travel_grant")
    reply, sent = measured(lambda: api.post(path(conference), application(), token=applicant))
    assert sent <= 2
    grant_id = reply.body["id"]
    assert measured(lambda: api.get(path(conference), token=applicant))[1] == 1
    manage = f"/manage/conferences/{conference}/travel-grants"
    assert measured(lambda: api.get(manage, token=reviewer))[1] <= 2  # a page of grants + the stats
    assert measured(lambda: api.get(f"{manage}/{grant_id}", token=reviewer))[1] == 1
    assert measured(lambda: api.patch(f"{manage}/{grant_id}", {"status": "info_needed"}, token=reviewer))[1] <= 2


def test_the_conference_is_read_again_once_its_memory_expires(
    api: Api, conference: str, activity: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(conferences, "clock", lambda: now[0])
    conferences.forget(conference)
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 1
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 0
    now[0] += conferences.CACHE_SECONDS
    assert measured(lambda: api.get(f"/conferences/{conference}"))[1] == 1
