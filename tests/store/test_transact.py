"""store/transact.py against the emulator: named reasons, one retry policy, one token per write."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws
from chalicelib.api.failures import is_retryable
from chalicelib.store import grants
from chalicelib.store.activities import ActivityItem
from chalicelib.store.base import now_iso
from chalicelib.store.transact import Cancelled, Transaction
from tests.support.faults import Injector, ddb_operation, injecting, throttled, transaction_conflict


def _activity(slug: str, **values: Any) -> ActivityItem:
    now = now_iso()
    return ActivityItem(f"CONF#tx-{slug}", f"ACT#{slug}", conference_slug=f"tx-{slug}", slug=slug, name=slug,
                        created_at=now, updated_at=now, **values)


def _fresh() -> str:
    return uuid.uuid4().hex[:10]


class Sent:
    """Counts TransactWriteItems sends and keeps their bodies; faults the first `fail` of them."""

    def __init__(self, fault: Any = None, fail: int = 0) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.fault, self.fail = fault, fail

    def __call__(self, request: Any, draw: float) -> Any:
        if ddb_operation(request) != "TransactWriteItems":
            return None
        self.bodies.append(json.loads(request.body))
        return self.fault(request) if len(self.bodies) <= self.fail else None


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aws, "CONFLICT_BACKOFF_SCALE", 0.0)


def test_reasons_are_read_by_name_in_the_order_items_were_added() -> None:
    a, b = _activity(_fresh()), _activity(_fresh())
    b.save()
    tx = Transaction()
    # an update first and a put second: PynamoDB's TransactWrite would have reordered them
    tx.update("a", a, [ActivityItem.confirmed_count.add(1)])
    tx.put("b", _activity(b.slug), ActivityItem.sk.does_not_exist(), return_old=True)
    with pytest.raises(Cancelled) as cancelled:
        tx.commit()
    assert cancelled.value.failed("b") and not cancelled.value.failed("a")
    old = cancelled.value.old("b", ActivityItem)
    assert old is not None and old.slug == b.slug
    assert cancelled.value.old("a", ActivityItem) is None
    assert ActivityItem.count(a.pk) == 0  # nothing written


def test_a_conflict_is_retried_as_a_new_attempt_with_a_new_token() -> None:
    item = _activity(_fresh())
    sent = Sent(transaction_conflict, fail=2)
    tx = Transaction()
    tx.put("a", item)
    with injecting(Injector(sent)):
        tx.commit()
    assert len(sent.bodies) == 3
    tokens = [body.pop("ClientRequestToken") for body in sent.bodies]
    assert len(set(tokens)) == 3 and tokens == tx.tokens and tokens[-1] == tx.token
    # the same items every time: only the token tells the attempts apart
    assert {json.dumps(b, sort_keys=True) for b in sent.bodies} == {json.dumps(sent.bodies[0], sort_keys=True)}
    assert ActivityItem.get(item.pk, item.sk).slug == item.slug


def test_a_throttled_transaction_is_re_sent_by_the_sdk_with_its_token() -> None:
    item = _activity(_fresh())
    sent = Sent(throttled, fail=2)
    tx = Transaction()
    tx.put("a", item)
    with injecting(Injector(sent)):
        tx.commit()
    assert [body["ClientRequestToken"] for body in sent.bodies] == [tx.token] * 3
    assert tx.tokens == [tx.token]


def test_conflicts_and_throttles_share_one_bound_then_surface_as_retryable() -> None:
    for fault in (transaction_conflict, throttled):
        sent = Sent(fault, fail=100)
        tx = Transaction()
        tx.put("a", _activity(_fresh()))
        with injecting(Injector(sent)), pytest.raises(ClientError) as failure:
            tx.commit()
        assert len(sent.bodies) == aws.MAX_ATTEMPTS, fault
        assert is_retryable(failure.value)  # the API answers 503 + Retry-After


def test_a_failed_condition_is_an_answer_not_retried() -> None:
    item = _activity(_fresh())
    item.save()
    sent = Sent()
    tx = Transaction()
    tx.put("a", _activity(item.slug), ActivityItem.sk.does_not_exist())
    with injecting(Injector(sent)), pytest.raises(Cancelled):
        tx.commit()
    assert len(sent.bodies) == 1


def test_each_logical_write_has_its_own_token_and_names_are_unique() -> None:
    first, second = Transaction(), Transaction()
    assert first.token != second.token
    first.put("a", _activity(_fresh()))
    with pytest.raises(ValueError):
        first.put("a", _activity(_fresh()))


def test_grant_commit_maps_a_failed_condition_to_the_callers_error() -> None:
    conf, grant_id = f"tx-{_fresh()}", "a" * 24
    tx = grants.new_transaction()
    tx.check("grant", grants.GrantItem, *grants.grant_key(conf, grant_id), grants.GrantItem.pk.exists())
    with pytest.raises(grants.GrantExists):
        grants.commit(tx, grants.GrantExists)
    with pytest.raises(grants.WriteRefused):
        grants.audit_existing(conf, grant_id, "someone", "read_payment_info", {})
