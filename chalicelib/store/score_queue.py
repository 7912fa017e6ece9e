"""The scoring queue: one small item per grant still being weighed, in GSI2 by score count.

`next-to-score` must find "a grant this reviewer may score and has not scored, fewest scores
first" without reading the conference's grants. Each scorable grant has a queue item
(`GRANT#{conf}#{id}` / `SCOREQ`) listed in GSI2 under `TOSCORE#{conf}`, sorted by its score
count (keys.score_queue_sort). The item carries what a reviewer-specific filter needs: the
applicant's reviewer key (`owner`), the keys of reviewers who scored it (`scored`) and of
those who declared a conflict (`barred`), so one Query with a server-side filter answers,
reading small items only.

The index is sparse: the item exists while the grant's status is scorable
(domain.scoring.SCORABLE_STATUSES). It is put with the grant, re-put (count, sets) by every
score and conflict write in the same transaction, and deleted by the grant write that moves
the grant to any other status (store.grants.update).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute

from ..domain.scoring import reviewer_key
from .base import BaseMeta, TableModel
from .keys import SCORE_QUEUE_SK, grant_pk, score_queue_pk, score_queue_sort
from .transact import Transaction


class ScoreQueueItem(TableModel):
    class Meta(BaseMeta):
        pass

    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    entity = UnicodeAttribute(default="score_queue")
    grant_id = UnicodeAttribute()
    owner = UnicodeAttribute()  # the applicant's reviewer key: nobody is served their own grant
    score_count = NumberAttribute(default=0)
    scored = UnicodeSetAttribute(null=True)  # reviewer keys of the grant's scores
    barred = UnicodeSetAttribute(null=True)  # reviewer keys of declared conflicts


def new_queue_item(conf: str, grant_id: str, applicant_sub: str, score_count: int = 0) -> ScoreQueueItem:
    return ScoreQueueItem(grant_pk(conf, grant_id), SCORE_QUEUE_SK, gsi2pk=score_queue_pk(conf),
                          gsi2sk=score_queue_sort(score_count, grant_id), grant_id=grant_id,
                          owner=reviewer_key(applicant_sub), score_count=score_count)


def enqueue(tx: Transaction, conf: str, grant_id: str, applicant_sub: str) -> None:
    """Add a new grant's queue item (no scores yet) to a grant-creating transaction."""
    tx.put("score_queue", new_queue_item(conf, grant_id, applicant_sub))


def dequeue(tx: Transaction, conf: str, grant_id: str) -> None:
    """Remove the grant from the queue (a decided grant is no longer scored); no-op when absent."""
    tx.delete("score_queue", ScoreQueueItem(grant_pk(conf, grant_id), SCORE_QUEUE_SK))
