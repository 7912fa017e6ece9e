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

from tests.support.clients import HttpApi, every_signup
from tests.support.faults import (
    Injector,
    assert_clean_503,
    ddb_operation,
    injecting,
    internal_server_error,
    throttled,
    transaction_conflict,
)

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


def listed(http: HttpApi, conf: str, slug: str, manager: str) -> dict[str, Any]:
    reply = every_signup(http, f"/manage/conferences/{conf}/activities/{slug}/signups", manager)
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
    assert body["stats"] == {"total_active": USERS, "confirmed": PLACES, "waitlisted": USERS - PLACES, "cancelled": 0,
                             "offered": 0, "expired": 0}
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


def lose_first_answer(operation: str = "TransactWriteItems") -> tuple[Injector, Counter[str]]:
    """An injector that lets DynamoDB commit the first `operation` but answers it with a 500.

    botocore re-sends the request (the same body, so the same ClientRequestToken) and the
    emulator, like DynamoDB, answers the retry with the success of the first execution.
    """
    sent: Counter[str] = Counter()

    def rule(request: Any, draw: float) -> Any:
        if ddb_operation(request) != operation:
            return None
        sent[operation] += 1
        return internal_server_error(request) if sent[operation] == 1 else None

    return Injector(rule, only_threads=served_by_the_api, after_send=True), sent


def test_a_signup_whose_answer_is_lost_gets_its_201(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    """DynamoDB commits the signup transaction, its answer is lost (a 500), botocore sends it again.

    The retry carries the same ClientRequestToken, so it is not executed a second time
    (which would meet the user's own lock and answer 409): the caller gets the 201 it
    earned, with the one signup that exists, and the counters moved once.
    """
    manager = make_token("storm-manager", "manage_activity")
    reply = live_stack.post(f"/manage/conferences/{conference}/activities", {"name": "Lost", "max_participants": 5},
                            token=manager)
    slug = reply.body["slug"]
    injector, sent = lose_first_answer()
    with injecting(injector):
        reply = live_stack.post(f"/conferences/{conference}/activities/{slug}/signup", {"note": ""},
                                token=make_token("lost-answer"))
    assert injector.injected["500:InternalServerError"] == 1 and sent["TransactWriteItems"] == 2
    assert reply.status == 201, reply.body
    body = listed(live_stack, conference, slug, manager)
    assert [(s["user"]["sub"], s["status"]) for s in body["signups"]] == [("lost-answer", "confirmed")]
    assert reply.body["id"] == body["signups"][0]["id"] and reply.body["status"] == "confirmed"
    assert counters(live_stack, conference, slug) == (1, 0)


def _grant_stats(http: HttpApi, conf: str, token: str) -> dict[str, Any]:
    reply = http.get(f"/manage/conferences/{conf}/travel-grants", token=token)
    assert reply.status == 200, reply.body
    return reply.body["stats"]


def test_an_application_whose_answer_is_lost_gets_its_201(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    """Same for applying: without the token the retry met the grant it had just created (409 grant_exists)."""
    from tests.support.grants import application

    applicant, reviewer = make_token("lost-apply"), make_token("lost-rita", "review_travel_grant")
    injector, sent = lose_first_answer()
    with injecting(injector):
        reply = live_stack.post(f"/conferences/{conference}/travel-grant", application(), token=applicant)
    assert injector.injected["500:InternalServerError"] == 1 and sent["TransactWriteItems"] == 2
    assert reply.status == 201, reply.body
    mine = live_stack.get(f"/conferences/{conference}/travel-grant", token=applicant)
    assert mine.status == 200 and mine.body["id"] == reply.body["id"], mine.body
    stats = _grant_stats(live_stack, conference, reviewer)
    assert (stats["total"], stats["submitted"]) == (1, 1), stats  # counted once


def test_a_review_whose_answer_is_lost_gets_its_200(
    live_stack: HttpApi, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    """And for a reviewer's decision: without the token the retry failed its own version guard (412)."""
    from tests.support.grants import application

    applicant, reviewer = make_token("lost-review"), make_token("lost-rita", "review_travel_grant")
    grant_id = live_stack.post(f"/conferences/{conference}/travel-grant", application(), token=applicant).body["id"]
    injector, sent = lose_first_answer()
    with injecting(injector):
        reply = live_stack.patch(f"/manage/conferences/{conference}/travel-grants/{grant_id}",
                                 {"status": "offered", "approved_amount": "1000"}, token=reviewer,
                                 headers={"If-Match": "1"})
    assert injector.injected["500:InternalServerError"] == 1 and sent["TransactWriteItems"] == 2
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["version"]) == ("offered", 2)
    detail = live_stack.get(f"/manage/conferences/{conference}/travel-grants/{grant_id}", token=reviewer).body
    assert (detail["status"], detail["version"]) == ("offered", 2)  # one change, not two
    assert [e["action"] for e in detail["audit"]].count("review") == 1, detail["audit"]
    stats = _grant_stats(live_stack, conference, reviewer)
    assert (stats["submitted"], stats["offered"]) == (0, 1), stats


def test_a_throttled_count_of_the_waitlist_place_is_retried_and_exact(
    api: Any, conference: str, make_token: Callable[..., str], quick_backoff: None,
) -> None:
    """The COUNT that gives a waitlisted signup its place is throttled once: the client sends
    it again and the place is the exact one (the write is not repeated)."""
    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": "Held", "max_participants": 1},
                    token=make_token("held-manager", "manage_activity")).body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    assert api.post(base, {}, token=make_token("held-holder")).body["status"] == "confirmed"
    assert api.post(base, {}, token=make_token("held-first")).body["waitlist_position"] == 1
    sent: Counter[str] = Counter()

    def rule(request: Any, draw: float) -> Any:
        operation = ddb_operation(request)
        if operation is not None:
            sent[operation] += 1
        if operation == "Query" and sent[operation] == 1:
            return throttled(request)
        return None

    with injecting(Injector(rule, only_threads=served_by_the_api)) as injector:
        reply = api.post(base, {}, token=make_token("held-0"))
    assert (reply.status, reply.body["status"], reply.body["waitlist_position"]) == (201, "waitlisted", 2)
    assert injector.injected == Counter({"400:ProvisionedThroughputExceededException": 1})
    assert sent == Counter({"GetItem": 1, "TransactWriteItems": 1, "UpdateItem": 1, "Query": 2}), sent
