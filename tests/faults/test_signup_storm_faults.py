"""A signup storm on the local stack while DynamoDB throttles and transactions conflict.

Every reply must be a 201 or a clean 503 (error shape + Retry-After); afterwards the
items and the activity's counters must agree exactly with the 201s: nobody who got a 503
holds a signup, nobody who got a 201 lost theirs, nobody holds two. The users refused with
503 then retry (as Retry-After tells them to) and all get in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.faults.injector import (
    Injector,
    ddb_operation,
    injecting,
    internal_server_error,
    throttled,
    transaction_conflict,
)
from tests.helpers import HttpApi, Reply

USERS = 120
PLACES = 30
WORKERS = 16
HOT_EVERY = 10  # every 10th user's transactions always conflict: their signup must end in a 503


def user(i: int) -> str:
    return f"storm-{i:03d}"


def is_hot(sub: str) -> bool:
    return int(sub.rsplit("-", 1)[1]) % HOT_EVERY == 0


def storm_rule(request: Any, draw: float) -> Any:
    operation = ddb_operation(request)
    if operation is None:
        return None  # S3, KMS, …: untouched here
    if operation == "TransactWriteItems":
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        if any(f'"USER#{user(i)}"' in body for i in range(0, USERS, HOT_EVERY)):
            return transaction_conflict(request)
        if draw < 0.30:
            return transaction_conflict(request)
        if draw < 0.50:
            return throttled(request)
        return None
    return throttled(request) if draw < 0.25 else None


def served_by_the_api(thread_name: str) -> bool:
    """Faults hit the API's requests; the event pump's threads (`pump-…`) stay clean."""
    return not thread_name.startswith("pump-")


def assert_clean_503(reply: Reply) -> None:
    assert reply.status == 503, reply.body
    assert set(reply.body) == {"error"} and reply.body["error"]["code"] == "service_unavailable", reply.body
    assert isinstance(reply.body["error"]["message"], str) and reply.body["error"]["message"]
    retry_after = {k.lower(): v for k, v in reply.headers.items()}.get("retry-after")
    assert retry_after is not None and retry_after.isdigit() and int(retry_after) > 0, reply.headers


def listed(http: HttpApi, conf: str, slug: str, manager: str) -> dict[str, Any]:
    reply = http.get(f"/manage/conferences/{conf}/activities/{slug}/signups", token=manager)
    assert reply.status == 200, reply.body
    return reply.body


def counters(http: HttpApi, conf: str, slug: str) -> tuple[int, int]:
    body = http.get(f"/conferences/{conf}/activities/{slug}").body
    return body["signup_count"], body["waitlist_count"]


def test_signup_storm_under_throttling_and_conflicts_loses_nothing(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    http, conf = live_stack, conference
    manager = make_token("storm-manager", "manage_activity")
    reply = http.post(f"/manage/conferences/{conf}/activities", {"name": "Storm", "max_participants": PLACES},
                      token=manager)
    assert reply.status == 201, reply.body
    slug = reply.body["slug"]
    url = f"/conferences/{conf}/activities/{slug}/signup"
    tokens = {user(i): make_token(user(i)) for i in range(USERS)}

    injector = Injector(storm_rule, seed=8, only_threads=served_by_the_api)
    with injecting(injector), ThreadPoolExecutor(WORKERS) as pool:
        replies = dict(zip(tokens, pool.map(lambda sub: http.post(url, {"note": ""}, token=tokens[sub]), tokens),
                           strict=True))

    # the faults really happened, of both kinds
    assert injector.injected["400:TransactionCanceledException"] > 0, injector.injected
    assert injector.injected["400:ProvisionedThroughputExceededException"] > 0, injector.injected
    # every reply is a success or a clean 503
    assert Counter(r.status for r in replies.values()).keys() <= {201, 503}, Counter(r.status for r in replies.values())
    refused = {sub for sub, r in replies.items() if r.status == 503}
    for sub in refused:
        assert_clean_503(replies[sub])
    assert {sub for sub in tokens if is_hot(sub)} <= refused  # their transaction never got through
    accepted = {sub: r.body["status"] for sub, r in replies.items() if r.status == 201}
    assert len(accepted) >= USERS // 2, (len(accepted), injector.injected)

    # the items agree with the replies exactly: no lost, phantom or duplicated signup
    body = listed(http, conf, slug, manager)
    holders = Counter(s["user"]["sub"] for s in body["signups"])
    assert set(holders) == set(accepted) and set(holders.values()) == {1}
    assert {s["user"]["sub"]: s["status"] for s in body["signups"]} == accepted
    confirmed = sum(1 for status in accepted.values() if status == "confirmed")
    assert confirmed == min(PLACES, len(accepted))
    assert counters(http, conf, slug) == (confirmed, len(accepted) - confirmed)  # counters == items

    # the refused users retry once the storm is over, and all get in
    for sub in sorted(refused):
        again = http.post(url, {"note": ""}, token=tokens[sub])
        assert again.status == 201, again.body
    body = listed(http, conf, slug, manager)
    assert sorted(s["user"]["sub"] for s in body["signups"]) == sorted(tokens)
    assert body["stats"] == {"total_active": USERS, "confirmed": PLACES, "waitlisted": USERS - PLACES, "cancelled": 0}
    assert counters(http, conf, slug) == (PLACES, USERS - PLACES)


@pytest.mark.parametrize("operation", ["GetItem", "Query"])
def test_a_read_that_stays_throttled_is_a_clean_503(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None, operation: str,
) -> None:
    """Reads too: once botocore's retries are spent, the API answers 503 + Retry-After, nothing else."""
    manager = make_token("storm-manager", "manage_activity")
    reply = live_stack.post(f"/manage/conferences/{conference}/activities", {"name": "Reads", "max_participants": 3},
                            token=manager)
    slug = reply.body["slug"]

    def rule(request: Any, draw: float) -> Any:
        return throttled(request) if ddb_operation(request) == operation else None

    path = f"/conferences/{conference}/activities" + ("" if operation == "Query" else f"/{slug}")
    with injecting(Injector(rule, only_threads=served_by_the_api)) as injector:
        reply = live_stack.get(path)
    assert_clean_503(reply)
    assert injector.injected["400:ProvisionedThroughputExceededException"] == 4  # 1 try + botocore's 3 retries
    assert live_stack.get(path).status == 200


def test_a_signup_whose_answer_is_lost_after_commit_is_not_duplicated(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    """DynamoDB commits the signup transaction, but its answer is lost (a 500): botocore sends it again.

    The retry meets the user's own lock, so the signup must not be doubled nor the counter
    bumped twice; the caller learns about the signup that exists (the 409 carries it).
    """
    manager = make_token("storm-manager", "manage_activity")
    reply = live_stack.post(f"/manage/conferences/{conference}/activities", {"name": "Lost", "max_participants": 5},
                            token=manager)
    slug = reply.body["slug"]
    sent: Counter[str] = Counter()

    def rule(request: Any, draw: float) -> Any:
        if ddb_operation(request) != "TransactWriteItems":
            return None
        sent["tx"] += 1
        return internal_server_error(request) if sent["tx"] == 1 else None  # the first answer is lost

    with injecting(Injector(rule, only_threads=served_by_the_api, after_send=True)) as injector:
        reply = live_stack.post(f"/conferences/{conference}/activities/{slug}/signup", {"note": ""},
                                token=make_token("lost-answer"))
    assert injector.injected["500:InternalServerError"] == 1
    body = listed(live_stack, conference, slug, manager)
    assert [(s["user"]["sub"], s["status"]) for s in body["signups"]] == [("lost-answer", "confirmed")]
    assert counters(live_stack, conference, slug) == (1, 0)
    if reply.status == 201:
        assert reply.body["id"] == body["signups"][0]["id"]
    else:  # the SDK's retry found the committed signup: 409 with that very signup, not a 5xx
        assert (reply.status, reply.error_code) == (409, "already_signed_up"), reply.body
        assert reply.body["signup"]["id"] == body["signups"][0]["id"], reply.body
