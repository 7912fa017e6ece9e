"""Scoring under concurrency over real HTTP (threaded local server; the emulator serialised like
DynamoDB's per-request atomicity): every counter must equal what the score items say."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.scoring.support import apply, check_counters, manage, score

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
