"""Scores, declared conflicts and reviewers' counters: the writes that keep them exact, and
the reads that rank without scanning.

A score or conflict write is ONE TransactWriteItems (after one BatchGetItem of the grant and
the reviewers' counters):

* the grant: `scoring` (every reviewer's score and the conflicts), `score_count`,
  `score_sum`, guarded by `score_version` as read (so two reviewers scoring at once, a
  burst of re-scores, or a conflict racing a score each see the other's write or are
  refused and read again) and by the status as read (scorable for a score);
* the reviewer's score item (`SCORE#{key}`, with comment and private comment) or conflict
  item (`CONFLICT#{key}`) in the grant's partition, so the detail's Query brings them;
* the reviewer's counters (count, sum, sum of squares) on the conference's one reviewers
  item (`CONF#{conf}` / `REVIEWERS`), ADDed, so calibration is arithmetic (domain.scoring)
  and the write reads every reviewer's counters with the grant in one BatchGetItem;
* the grant's scoring-queue item (store.score_queue), re-keyed by its new score count;
* the audit entry; and for scores, a check that scoring is open on the conference at the
  scale the score was validated against.

Conditions sit next to the domain predicates they enforce (domain.scoring: `scorable`,
the conference's `scoring_open` and `scale`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, NamedTuple

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.expressions.condition import Condition

from ..aws import client
from ..config import settings
from ..domain.scoring import SCORABLE_STATUSES, ReviewerCounters, counter_deltas, reviewer_key, scorable
from . import table
from .base import GSI1, GSI2, BaseMeta, TableModel, now_iso
from .conferences import ConferenceItem
from .grants import GrantItem, GrantRecord, append_audit, grant_key, list_pk
from .keys import (
    CONFLICT_PREFIX,
    META_SK,
    REVIEWERS_SK,
    SCORE_PREFIX,
    SCORE_QUEUE_SK,
    STATS_LIST_SK,
    conference_pk,
    conflict_sk,
    grant_pk,
    score_queue_pk,
    score_queue_sort,
    score_sk,
)
from .score_queue import ScoreQueueItem
from .transact import Cancelled, Transaction


class ScoreItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="grant_score")
    reviewer_sub = UnicodeAttribute()
    reviewer_name = UnicodeAttribute(default="")
    score = NumberAttribute()
    comment = UnicodeAttribute(null=True)
    private_comment = UnicodeAttribute(null=True)  # returned to its author only
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class ConflictItem(TableModel):
    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="grant_conflict")
    reviewer_sub = UnicodeAttribute()
    reviewer_name = UnicodeAttribute(default="")
    reason = UnicodeAttribute()
    created_at = UnicodeAttribute()


class ReviewersItem(TableModel):
    """Every reviewer's counters in a conference, in ONE item (`CONF#{conf}` / `REVIEWERS`), so
    a score write reads them with the grant (one BatchGetItem) and the ranking in one GetItem.

    Per reviewer key `k`: `n_k` (scores given), `s_k` (their sum), `q_k` (sum of squares),
    `sub_k` and `name_k`. Top-level attributes because ADD creates them on first use (a
    nested map path would have to exist first). Created by the first score's ADD.
    """

    class Meta(BaseMeta):
        pass

    entity = UnicodeAttribute(default="reviewer_counters")


def _counter(prefix: str, key: str) -> NumberAttribute:
    return NumberAttribute(attr_name=f"{prefix}_{key}")


def _label(prefix: str, key: str) -> UnicodeAttribute:
    return UnicodeAttribute(attr_name=f"{prefix}_{key}")


# -- what reads return ---------------------------------------------------------------------------

class StoredScore(NamedTuple):
    reviewer: str  # reviewer key
    sub: str
    name: str
    score: int
    comment: str | None
    private_comment: str | None
    created_at: str
    updated_at: str


class StoredConflict(NamedTuple):
    reviewer: str
    sub: str
    name: str
    reason: str
    created_at: str


def decode_partition(raws: list[dict[str, Any]]) -> tuple[dict[str, StoredScore], dict[str, StoredConflict]]:
    """The score and conflict items of a grant partition (GrantPartition.scores), by reviewer key."""
    scores: dict[str, StoredScore] = {}
    conflicts: dict[str, StoredConflict] = {}
    for raw in raws:
        sk = raw["sk"]["S"]
        if sk.startswith(SCORE_PREFIX):
            s = ScoreItem.from_raw_data(dict(raw))
            scores[sk[len(SCORE_PREFIX):]] = StoredScore(sk[len(SCORE_PREFIX):], s.reviewer_sub, s.reviewer_name or "",
                                                         int(s.score), s.comment, s.private_comment, s.created_at,
                                                         s.updated_at)
        elif sk.startswith(CONFLICT_PREFIX):
            c = ConflictItem.from_raw_data(dict(raw))
            conflicts[sk[len(CONFLICT_PREFIX):]] = StoredConflict(sk[len(CONFLICT_PREFIX):], c.reviewer_sub,
                                                                  c.reviewer_name or "", c.reason, c.created_at)
    return scores, conflicts


class Scoring(NamedTuple):
    """A grant's scoring state as kept on the grant item: scores by reviewer key, conflicts."""

    scores: dict[str, int]
    conflicts: frozenset[str]

    @classmethod
    def of(cls, grant: GrantRecord) -> Scoring:
        data = grant.scoring or {}
        return cls({str(k): int(v) for k, v in dict(data.get("scores") or {}).items()},
                   frozenset(str(k) for k in data.get("conflicts") or ()))

    def as_json(self) -> dict[str, Any]:
        return {"scores": dict(sorted(self.scores.items())), "conflicts": sorted(self.conflicts)}


# -- conditions beside their domain predicates ---------------------------------------------------

def scorable_condition() -> Condition:
    """domain.scoring.scorable: the grant is still being weighed."""
    return GrantItem.status.is_in(*sorted(SCORABLE_STATUSES))


def unchanged_scoring_condition(grant: GrantRecord) -> Condition:
    """Nobody scored, re-scored or declared a conflict on the grant since it was read, and
    its status is still the one read (so the queue item is kept or left as the status says)."""
    version = GrantItem.score_version == grant.score_version
    if not grant.score_version:  # never scored: no version yet (a stored 0 means the same)
        version = GrantItem.score_version.does_not_exist() | version
    return version & (GrantItem.status == grant.status)


def no_conflict_condition() -> Condition:
    """domain.scoring.conflicted is false: the reviewer's conflict item (`CONFLICT#{key}` in the
    grant's partition) does not exist. Checked inside the writer's own transaction, so a
    conflict declared after the grant was read still refuses the write."""
    return ConflictItem.pk.does_not_exist()


#: The transaction item name of the no-conflict check (how a refusal is told apart).
NO_CONFLICT = "no_conflict"


def check_no_conflict(tx: Transaction, conf: str, grant_id: str, sub: str) -> None:
    """Add to `tx` the condition that the reviewer `sub` has no conflict declared on the grant."""
    tx.check(NO_CONFLICT, ConflictItem, grant_pk(conf, grant_id), conflict_sk(reviewer_key(sub)),
             no_conflict_condition())


def scoring_open_condition(scale: int, default_scale: int) -> Condition:
    """ReviewSettings.scoring_open is true (absent: the default, open), and the conference's
    scale is still the one the score was checked against."""
    is_open = ConferenceItem.review_scoring_open.does_not_exist() | (ConferenceItem.review_scoring_open == True)  # noqa: E712
    same_scale = ConferenceItem.review_scale == scale
    if scale == default_scale:
        same_scale = ConferenceItem.review_scale.does_not_exist() | same_scale
    return is_open & same_scale


# -- the write -------------------------------------------------------------------------------------

class Refused(Exception):
    """A condition failed: `reason` is "closed" (scoring closed or scale changed) or "moved"
    (the grant's scoring or status changed since it was read, or the grant is gone)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


KEEP = object()  # "leave this as it is" for `write`


class Reviewer(NamedTuple):
    sub: str
    name: str

    @property
    def key(self) -> str:
        return reviewer_key(self.sub)


class Check(NamedTuple):
    """The conference check of a score write: scoring open at this scale."""

    scale: int
    default_scale: int


def write(conf: str, grant: GrantRecord, reviewer: Reviewer, *, score: Any = KEEP, comment: str | None = None,
          private_comment: str | None = None, conflict: Any = KEEP, check: Check | None = None,
          audit_action: str, audit_details: Mapping[str, Any]) -> Scoring:
    """Change one reviewer's score (int, None: remove) and/or conflict (reason, None: lift) on
    `grant` as read, in one transaction; returns the grant's new scoring. Raises Refused."""
    now = now_iso()
    key = reviewer.key
    before = Scoring.of(grant)
    scores, conflicts = dict(before.scores), set(before.conflicts)
    old_score = scores.get(key)
    new_score = old_score if score is KEEP else score
    if conflict is not KEEP:
        if conflict is None:
            conflicts.discard(key)
        else:
            conflicts.add(key)
            new_score = None  # a conflicted reviewer's score leaves the grant
    if new_score is None:
        scores.pop(key, None)
    else:
        scores[key] = int(new_score)
    after = Scoring(scores, frozenset(conflicts))
    pk = grant_pk(conf, grant.grant_id)

    tx = Transaction()
    d_count, d_sum, d_squares = counter_deltas(old_score, new_score)
    grant_actions = [GrantItem.scoring.set(after.as_json()), GrantItem.score_version.add(1)]
    if d_count:
        grant_actions.append(GrantItem.score_count.add(d_count))
    if d_sum:
        grant_actions.append(GrantItem.score_sum.add(d_sum))
    condition = unchanged_scoring_condition(grant)
    if score is not KEEP:
        condition &= scorable_condition()
    tx.update("grant", GrantItem(*grant_key(conf, grant.grant_id)), grant_actions, condition)

    if new_score is not None and score is not KEEP:
        tx.put("score", ScoreItem(pk, score_sk(key), reviewer_sub=reviewer.sub, reviewer_name=reviewer.name,
                                  score=int(new_score), comment=comment or None,
                                  private_comment=private_comment or None,
                                  created_at=now, updated_at=now))
    elif old_score is not None and new_score is None:
        tx.delete("score", ScoreItem(pk, score_sk(key)))
    if conflict is not KEEP:
        if conflict is None:
            tx.delete("conflict", ConflictItem(pk, conflict_sk(key)))
        else:
            tx.put("conflict", ConflictItem(pk, conflict_sk(key), reviewer_sub=reviewer.sub,
                                            reviewer_name=reviewer.name, reason=conflict, created_at=now))
    if d_count or d_sum or d_squares:
        tx.update("reviewers", ReviewersItem(conference_pk(conf), REVIEWERS_SK), [
            ReviewersItem.entity.set("reviewer_counters"), _label("sub", key).set(reviewer.sub),
            _label("name", key).set(reviewer.name or ""), _counter("n", key).add(d_count),
            _counter("s", key).add(d_sum), _counter("q", key).add(d_squares)])
    if scorable(grant.status):
        _requeue(tx, conf, grant, key, before, after)
    append_audit(tx, conf, grant.grant_id, reviewer.sub, audit_action, audit_details, reviewer.name)
    if check is not None:
        tx.check("conference", ConferenceItem, conference_pk(conf), META_SK,
                 scoring_open_condition(check.scale, check.default_scale))
    try:
        tx.commit()
    except Cancelled as exc:
        raise Refused("closed" if exc.failed("conference") else "moved") from None
    return after


def _requeue(tx: Transaction, conf: str, grant: GrantRecord, key: str, before: Scoring, after: Scoring) -> None:
    """Put the grant's queue item in its new place (and re-create it if an older grant lacked it)."""
    count = len(after.scores)
    actions = [ScoreQueueItem.entity.set("score_queue"), ScoreQueueItem.grant_id.set(grant.grant_id),
               ScoreQueueItem.owner.set(reviewer_key(grant.user_sub)), ScoreQueueItem.score_count.set(count),
               ScoreQueueItem.gsi2pk.set(score_queue_pk(conf)),
               ScoreQueueItem.gsi2sk.set(score_queue_sort(count, grant.grant_id))]
    if key in after.scores and key not in before.scores:
        actions.append(ScoreQueueItem.scored.add({key}))
    elif key in before.scores and key not in after.scores:
        actions.append(ScoreQueueItem.scored.delete({key}))
    if key in after.conflicts and key not in before.conflicts:
        actions.append(ScoreQueueItem.barred.add({key}))
    elif key in before.conflicts and key not in after.conflicts:
        actions.append(ScoreQueueItem.barred.delete({key}))
    tx.update("queue", ScoreQueueItem(grant_pk(conf, grant.grant_id), SCORE_QUEUE_SK), actions)


# -- reads -----------------------------------------------------------------------------------------

class ReviewerInfo(NamedTuple):
    counters: ReviewerCounters
    sub: str
    name: str


def reviewers_key(conf: str) -> tuple[str, str]:
    return conference_pk(conf), REVIEWERS_SK


def reviewers_from_raw(raw: Mapping[str, Any] | None) -> dict[str, ReviewerInfo]:
    """The reviewers item (wire format; None: nobody scored yet) by reviewer key."""
    found: dict[str, ReviewerInfo] = {}
    for name, value in (raw or {}).items():
        if not name.startswith("n_"):
            continue
        key = name[2:]

        def number(prefix: str, key: str = key) -> int:
            return int((raw or {}).get(f"{prefix}_{key}", {}).get("N", "0"))

        def label(prefix: str, key: str = key) -> str:
            return str((raw or {}).get(f"{prefix}_{key}", {}).get("S", ""))

        found[key] = ReviewerInfo(ReviewerCounters(int(value["N"]), number("s"), number("q")), label("sub"),
                                  label("name"))
    return found


def reviewers(conf: str, *, consistent: bool = False) -> dict[str, ReviewerInfo]:
    """Every reviewer's counters in the conference, by reviewer key: one GetItem."""
    params: dict[str, Any] = {"TableName": settings().table_name,
                              "Key": {"pk": {"S": conference_pk(conf)}, "sk": {"S": REVIEWERS_SK}}}
    if consistent:
        params["ConsistentRead"] = True
    return reviewers_from_raw(client("dynamodb").get_item(**params).get("Item"))


def grant_and_reviewers(conf: str, grant_id: str) -> tuple[GrantRecord | None, dict[str, ReviewerInfo]]:
    """The grant and every reviewer's counters, strongly consistent, in one BatchGetItem."""
    found = table.batch_get([grant_key(conf, grant_id), reviewers_key(conf)], consistent=True)
    raw_grant = found.get(grant_key(conf, grant_id))
    return (GrantRecord.from_raw(raw_grant) if raw_grant else None), reviewers_from_raw(found.get(reviewers_key(conf)))


def counters_of(infos: Mapping[str, ReviewerInfo]) -> dict[str, ReviewerCounters]:
    return {key: info.counters for key, info in infos.items()}


class Candidate(NamedTuple):
    grant_id: str
    score_count: int


def next_candidates(conf: str, reviewer: str) -> list[Candidate]:
    """The grants with the fewest scores that `reviewer` (a key) may score and has not scored.

    One Query of the queue index (GSI2 `TOSCORE#{conf}`, fewest scores first) with the
    reviewer's filter applied by DynamoDB; it reads on only while a page had no match.
    Returns the matches of the lowest count found (the caller picks one at random).
    """
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI2,
        "KeyConditionExpression": "#qpk = :q",
        "FilterExpression": "#owner <> :me AND NOT contains(#scored, :me) AND NOT contains(#barred, :me)",
        "ExpressionAttributeNames": {"#qpk": "gsi2pk", "#owner": "owner", "#scored": "scored", "#barred": "barred",
                                     "#gid": "grant_id", "#count": "score_count"},
        "ExpressionAttributeValues": {":q": {"S": score_queue_pk(conf)}, ":me": {"S": reviewer}},
        "ProjectionExpression": "#gid, #count",
    }
    for page in table.query_pages(params):
        found = [Candidate(raw["grant_id"]["S"], int(raw["score_count"]["N"])) for raw in page.get("Items", [])]
        if found:
            lowest = min(c.score_count for c in found)
            return [c for c in found if c.score_count == lowest]
    return []


def pick(candidates: list[Candidate]) -> Candidate | None:
    """Random among equals (reviewers starting together are not all served the same grant)."""
    return random.choice(candidates) if candidates else None


#: What ranking, report and CSV read of each grant (smaller answers; notes and keys stay behind).
SUMMARY_ATTRIBUTES = ("grant_id", "user_sub", "user_email", "user_name", "status", "request_type", "application",
                      "requested_cents", "approved_cents", "disbursed_cents", "created_at", "score_count",
                      "score_sum", "scoring")


def every_grant(conf: str, *, scored_only: bool = False) -> list[GrantRecord]:
    """Every grant of the conference (or those with a score), each read once: GSI1 by age,
    paged at 1 MB, the stats item left out by the key condition."""
    names = {f"#{n}": n for n in SUMMARY_ATTRIBUTES}
    params: dict[str, Any] = {
        "TableName": settings().table_name, "IndexName": GSI1,
        "KeyConditionExpression": "#p = :p AND #s < :stats",
        "ExpressionAttributeNames": {"#p": "gsi1pk", "#s": "gsi1sk", **names},
        "ExpressionAttributeValues": {":p": {"S": list_pk(conf)}, ":stats": {"S": STATS_LIST_SK}},
        "ProjectionExpression": ", ".join(names),
    }
    if scored_only:
        params["FilterExpression"] = "#score_count > :zero"
        params["ExpressionAttributeValues"][":zero"] = {"N": "0"}
    return [GrantRecord.from_raw(raw) for page in table.query_pages(params) for raw in page.get("Items", [])]

