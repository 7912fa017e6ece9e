"""ClientRequestToken on the emulator (which keeps DynamoDB's token semantics: devstack/emulator/moto_fixes.py).

* A transaction whose answer was lost (DynamoDB committed, the client saw a 500) is re-sent
  by the SDK with the SAME token: DynamoDB answers the first outcome, nothing runs twice, and
  the caller sees success (not its own conditions failing on its own write).
* A transaction cancelled by a conflict wrote nothing: the store retries it as a NEW attempt
  with a NEW token.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from chalicelib import aws
from chalicelib.store import table
from chalicelib.store.activities import ActivityItem
from chalicelib.store.base import now_iso
from chalicelib.store.transact import Transaction
from tests.support.faults import Injector, ddb_operation, injecting, internal_server_error, transaction_conflict


class Script:
    """Answers the n-th TransactWriteItems send with the n-th fault of the script (None: the
    emulator's own answer) and keeps every body sent."""

    def __init__(self, *faults: Any) -> None:
        self.faults = list(faults)
        self.bodies: list[dict[str, Any]] = []

    def rule(self, request: Any, draw: float) -> Any:
        if ddb_operation(request) != "TransactWriteItems":
            return None
        self.bodies.append(json.loads(request.body))
        n = len(self.bodies) - 1
        return self.faults[n](request) if n < len(self.faults) and self.faults[n] else None

    @property
    def tokens(self) -> list[str]:
        return [body["ClientRequestToken"] for body in self.bodies]


@pytest.fixture(autouse=True)
def quick(quick_backoff: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aws, "CONFLICT_BACKOFF_SCALE", 0.0)


def _signup_like(slug: str) -> tuple[Transaction, ActivityItem]:
    """A write that cannot run twice: a put that requires the item to be absent, and a counter."""
    now = now_iso()
    item = ActivityItem(f"CONF#tok-{slug}", f"ACT#{slug}", conference_slug=f"tok-{slug}", slug=slug, name=slug,
                        created_at=now, updated_at=now, confirmed_count=0)
    counter = ActivityItem(f"CONF#tok-{slug}", f"ACT#{slug}-counter", conference_slug=f"tok-{slug}",
                           slug=f"{slug}-counter", name="counter", created_at=now, updated_at=now)
    counter.save()
    tx = Transaction()
    tx.put("item", item, ActivityItem.sk.does_not_exist())
    tx.update("counter", counter, [ActivityItem.confirmed_count.add(1)])
    return tx, counter


def _count(counter: ActivityItem) -> int:
    found = table.get(ActivityItem, counter.pk, counter.sk, consistent=True)
    assert found is not None
    return int(found.confirmed_count or 0)


def test_a_lost_answer_is_re_sent_with_the_same_token_and_runs_once() -> None:
    tx, counter = _signup_like(uuid.uuid4().hex[:10])
    script = Script(internal_server_error)  # DynamoDB committed; the answer is lost
    with injecting(Injector(script.rule, after_send=True)):
        tx.commit()  # success: the re-send is answered from the first outcome
    assert len(script.bodies) == 2
    assert script.tokens == [tx.token, tx.token]
    assert _count(counter) == 1  # not 2: the write ran once


def test_a_conflict_is_a_new_attempt_with_a_new_token() -> None:
    tx, counter = _signup_like(uuid.uuid4().hex[:10])
    script = Script(transaction_conflict)  # cancelled before it ran: nothing written
    with injecting(Injector(script.rule)):
        tx.commit()
    first, second = script.tokens
    assert first != second and tx.tokens == [first, second] and tx.token == second
    assert _count(counter) == 1


def test_after_a_conflict_a_lost_answer_reuses_the_new_attempts_token() -> None:
    tx, counter = _signup_like(uuid.uuid4().hex[:10])
    refused = Script(transaction_conflict)  # inner: attempt 1 is refused before the emulator sees it
    seen = Script(None, internal_server_error)  # outer: sees every send; attempt 2 runs, its answer is lost
    with injecting(Injector(refused.rule)), injecting(Injector(seen.rule, after_send=True)):
        tx.commit()
    first, second = tx.tokens
    assert first != second == tx.token
    assert seen.tokens == [first, second, second]  # the SDK re-sent attempt 2 as it was
    assert _count(counter) == 1
