"""Scoring under concurrency over real HTTP (threaded local server; the emulator serialised like
DynamoDB's per-request atomicity): every counter must equal what the score items say."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from chalicelib.services import grant_review
from chalicelib.store.transact import Transaction
from tests.support.scoring import apply, check_counters, manage, partition, score

REVIEW = "review_travel_grant"


def test_reviewers_scoring_the_same_grant_at_once(live_stack, make_conference, make_token):
    slug = make_conference(review={"scale": 10})
    grant_id = apply(live_stack, slug, make_token("ada"))
    tokens = [make_token(f"rev-{n}", REVIEW) for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda n: score(live_stack, slug, grant_id, tokens[n], n + 1), range(8)))
    assert [r.status for r in replies] == [200] * 8, [r.body for r in replies]
    found = check_counters(slug, [grant_id])[grant_id]
    assert sorted(found.values()) == list(range(1, 9))
    detail = live_stack.get(manage(slug, f"/{grant_id}"), token=tokens[0]).body
    assert detail["scores"]["count"] == 8 and detail["scores"]["mean"] == "4.50"


def test_one_reviewer_rescoring_in_a_burst(live_stack, make_conference, make_token):
    slug = make_conference(review={"scale": 10})
    grants = [apply(live_stack, slug, make_token(f"app-{n}")) for n in range(2)]
    rita = make_token("rita", REVIEW)
    values = [(grants[n % 2], 1 + n % 10) for n in range(20)]
    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda v: score(live_stack, slug, v[0], rita, v[1]), values))
    assert {r.status for r in replies} == {200}, [r.body for r in replies if r.status != 200]
    found = check_counters(slug, grants)
    assert all(len(scores) == 1 for scores in found.values())  # one score per reviewer per grant


def test_a_conflict_declared_while_scoring(live_stack, make_conference, make_token):
    slug = make_conference()
    grants = [apply(live_stack, slug, make_token(f"cf-{n}")) for n in range(4)]
    rita = make_token("rita", REVIEW)
    ravi = make_token("ravi", REVIEW)

    def rita_scores(grant_id: str) -> int:
        return score(live_stack, slug, grant_id, rita, 4).status

    def rita_conflicts(grant_id: str) -> int:
        return live_stack.put(manage(slug, f"/{grant_id}/conflict"), {"reason": "Colleague"}, token=rita).status

    def ravi_scores(grant_id: str) -> int:
        return score(live_stack, slug, grant_id, ravi, 2).status

    calls = [(f, g) for g in grants for f in (rita_scores, rita_conflicts, ravi_scores)]
    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(lambda c: (c[0].__name__, c[1], c[0](c[1])), calls))
    for name, _grant, status in outcomes:
        expected = {200, 403} if name == "rita_scores" else {200}
        assert status in expected, outcomes
    found = check_counters(slug, grants)
    for grant_id in grants:  # whichever came first, the conflict leaves no score of hers
        assert set(found[grant_id].values()) == {2}, found[grant_id]
        assert live_stack.get(manage(slug, f"/{grant_id}"), token=rita).status == 403


# -- a conflict declared while the same reviewer reviews (PATCH) -------------------------------------

def _is_review(request: dict) -> bool:
    """The reviewer PATCH's transaction: it updates the grant's `reviewed_by`."""
    return any("reviewed_by" in (op.get("Update") or {}).get("ExpressionAttributeNames", {}).values()
               for op in request["TransactItems"])


def _is_conflict(request: dict) -> bool:
    """A declared conflict's transaction: it puts the reviewer's CONFLICT# item."""
    return any(str((op.get("Put") or {}).get("Item", {}).get("sk", {}).get("S", "")).startswith("CONFLICT#")
               for op in request["TransactItems"])


def test_a_conflict_declared_between_the_reviews_read_and_write_refuses_it(
        live_stack, make_conference, make_token, monkeypatch):
    """The read saw no conflict; the conflict lands before the review's write: 403, nothing written."""
    slug = make_conference()
    grant_id = apply(live_stack, slug, make_token("between"))
    rita = make_token("rita", REVIEW)
    read = grant_review._read_grant
    declared: list[int] = []

    def read_then_conflict(conf: str, gid: str):
        grant = read(conf, gid)
        if not declared:  # the conflict lands after the review's read (another request, another thread)
            declared.append(live_stack.put(manage(slug, f"/{gid}/conflict"), {"reason": "Colleague"},
                                           token=rita).status)
        return grant

    monkeypatch.setattr(grant_review, "_read_grant", read_then_conflict)
    reply = live_stack.patch(manage(slug, f"/{grant_id}"), {"reviewer_notes": "strong case"}, token=rita)
    assert declared == [200]
    assert reply.status == 403, reply.body
    monkeypatch.undo()
    items = {i["sk"]: i for i in partition(slug, grant_id)}
    assert "reviewer_notes" not in items["GRANT"] and "reviewed_by" not in items["GRANT"]
    assert not [i for sk, i in items.items() if sk.startswith("AUDIT") and i.get("action") == "review"]


def test_a_conflict_racing_the_reviewers_patch_never_lets_a_later_review_land(
        live_stack, make_conference, make_token, monkeypatch):
    """Repeated races of PATCH and conflict by one reviewer: commits are logged in the order the
    emulator applied them; no review of hers is ever applied after her conflict."""
    slug = make_conference()
    rita = make_token("rita", REVIEW)
    commit = Transaction.commit
    applied: list[str] = []
    order = threading.Lock()

    def logged_commit(self: Transaction) -> None:
        request = self.request()
        with order:  # commit and log under one lock: the log is the order the writes were applied
            commit(self)
            if _is_review(request):
                applied.append("review")
            elif _is_conflict(request):
                applied.append("conflict")

    read = grant_review._read_grant

    def slow_read(conf: str, gid: str):
        grant = read(conf, gid)
        time.sleep(random.uniform(0, 0.05))  # widen the read-to-write window so both orders occur
        return grant

    monkeypatch.setattr(Transaction, "commit", logged_commit)
    monkeypatch.setattr(grant_review, "_read_grant", slow_read)
    outcomes = []
    for round_ in range(12):
        grant_id = apply(live_stack, slug, make_token(f"race-{round_}"))
        applied.clear()
        calls = [lambda g=grant_id: live_stack.patch(manage(slug, f"/{g}"), {"reviewer_notes": "ok"}, token=rita),
                 lambda g=grant_id: live_stack.put(manage(slug, f"/{g}/conflict"), {"reason": "Colleague"},
                                                   token=rita)]
        if round_ % 2:
            calls.reverse()
        with ThreadPoolExecutor(2) as pool:
            replies = [f.result() for f in [pool.submit(c) for c in calls]]
        review_reply, conflict_reply = replies if not round_ % 2 else replies[::-1]
        assert conflict_reply.status == 200, conflict_reply.body
        assert review_reply.status in (200, 403), review_reply.body
        assert applied.count("conflict") == 1, applied
        assert "review" not in applied[applied.index("conflict"):], (round_, applied)
        assert (review_reply.status == 200) == ("review" in applied), (round_, review_reply.status, applied)
        outcomes.append(review_reply.status)
        later = live_stack.patch(manage(slug, f"/{grant_id}"), {"reviewer_notes": "again"}, token=rita)
        assert later.status == 403, later.body
    assert 403 in outcomes, outcomes  # the race was run, not only "review first" every time
