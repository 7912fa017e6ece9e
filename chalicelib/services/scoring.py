"""Scoring use cases: score, conflict, next-to-score, the score summary on lists and the
detail, blind review, ranking, report and the grants CSV.

Request budget (counted by `make bench`): a score or conflict write is one BatchGetItem
(the grant and every reviewer's counters) and one TransactWriteItems; next-to-score one
Query of the scoring queue, one Query of the chosen grant's partition and, when it has
scores, one GetItem of the reviewers' counters; ranking and report read each grant once
(the conference's grant list) and the reviewers' counters once.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from .. import aws
from ..domain import scoring as rules
from ..domain.activities import neutralise_cell
from ..domain.conference import Conference
from ..domain.money import cents_to_str
from ..errors import Conflict, Forbidden, NotFound, field_error
from ..store import scores as store
from ..store.base import public_timestamp
from ..store.grants import GrantPartition, GrantRecord, valid_grant_id
from ..store.transact import Transaction
from .signups import CSV_BOM

#: Tries of a score or conflict write whose grant's scores changed meanwhile (another reviewer
#: scored it): each reads the grant again, after the client's jittered conflict back-off.
ATTEMPTS = 12


def _attempts() -> Iterator[int]:
    """1, 2, ... ATTEMPTS, pausing before each retry (the grant moved: let the other write land)."""
    retry = aws.ConflictRetry()
    for attempt in range(1, ATTEMPTS + 1):
        if attempt > 1:
            time.sleep(retry.backoff(attempt - 1))
        yield attempt


def _not_found() -> NotFound:
    return NotFound("No such travel grant.")


def _reviewer(principal: Any) -> store.Reviewer:
    return store.Reviewer(principal.sub, principal.name or "")


def _closed() -> Conflict:
    return Conflict("Scoring is closed for this conference.", code="scoring_closed")


def _kept_changing() -> Conflict:
    return Conflict("The grant's scores kept changing; try again.", code="version_conflict")


def _conflicted() -> Forbidden:
    return Forbidden("You declared a conflict on this travel grant: you may not score, review or see its scores.")


def _read(conf: str, grant_id: str) -> tuple[GrantRecord, dict[str, store.ReviewerInfo]]:
    if not valid_grant_id(grant_id):
        raise _not_found()
    grant, infos = store.grant_and_reviewers(conf, grant_id)
    if grant is None:
        raise _not_found()
    return grant, infos


def _counters_after(infos: Mapping[str, store.ReviewerInfo], key: str, old: int | None,
                    new: int | None) -> dict[str, rules.ReviewerCounters]:
    """Every reviewer's counters as the write left them (the read ones plus this change)."""
    counters = store.counters_of(infos)
    dn, ds, dq = rules.counter_deltas(old, new)
    mine = counters.get(key, rules.ReviewerCounters())
    counters[key] = rules.ReviewerCounters(mine.count + dn, mine.total + ds, mine.squares + dq)
    return counters


def _check_scoring(conference: Conference, grant: GrantRecord, key: str) -> None:
    """Conflict (403), scoring closed (409), decided grant (409): in that order."""
    if key in store.Scoring.of(grant).conflicts:
        raise _conflicted()
    if not conference.review.scoring_open:
        raise _closed()
    if not rules.scorable(grant.status):
        raise Conflict(f"A grant that is {grant.status} is no longer scored.", code="invalid_state")


def put_score(conference: Conference, grant_id: str, principal: Any, body: Any) -> dict[str, Any]:
    """Give or replace the caller's score (with its comments)."""
    problem = rules.score_problem(body.score, conference.review.scale)
    reviewer = _reviewer(principal)
    for _ in _attempts():
        grant, infos = _read(conference.slug, grant_id)
        _check_scoring(conference, grant, reviewer.key)
        if problem:
            raise field_error("score", problem)
        old = store.Scoring.of(grant).scores.get(reviewer.key)
        try:
            after = store.write(conference.slug, grant, reviewer, score=body.score, comment=body.comment,
                                private_comment=body.private_comment,
                                check=store.Check(conference.review.scale, rules.DEFAULT_SCALE),
                                audit_action="score", audit_details={"score": body.score, "previous": old})
        except store.Refused as refused:
            if refused.reason == "closed":
                raise Conflict("Scoring is closed, or its scale changed: reload and try again.",
                               code="scoring_closed") from None
            continue
        counters = _counters_after(infos, reviewer.key, old, body.score)
        return {"score": {"score": body.score, "comment": body.comment or None,
                          "private_comment": body.private_comment or None},
                "scores": rules.summary(after.scores, counters)}
    raise _kept_changing()


def delete_score(conference: Conference, grant_id: str, principal: Any) -> None:
    """Withdraw the caller's score (nothing to do when there is none)."""
    reviewer = _reviewer(principal)
    for _ in _attempts():
        grant, _infos = _read(conference.slug, grant_id)
        _check_scoring(conference, grant, reviewer.key)
        old = store.Scoring.of(grant).scores.get(reviewer.key)
        if old is None:
            return
        try:
            store.write(conference.slug, grant, reviewer, score=None,
                        check=store.Check(conference.review.scale, rules.DEFAULT_SCALE),
                        audit_action="score_removed", audit_details={"previous": old})
        except store.Refused as refused:
            if refused.reason == "closed":
                raise _closed() from None
            continue
        return
    raise _kept_changing()


def put_conflict(conference: Conference, grant_id: str, principal: Any, reason: str) -> dict[str, Any]:
    """Declare a conflict: the caller's score (if any) leaves the grant in the same write."""
    reviewer = _reviewer(principal)
    for _ in _attempts():
        grant, _infos = _read(conference.slug, grant_id)
        old = store.Scoring.of(grant).scores.get(reviewer.key)
        details: dict[str, Any] = {"reason": reason}
        if old is not None:
            details["score_removed"] = old
        try:
            store.write(conference.slug, grant, reviewer, conflict=reason, audit_action="conflict_declared",
                        audit_details=details)
        except store.Refused:
            continue
        return {"conflict": {"reason": reason}}
    raise _kept_changing()


def delete_conflict(conference: Conference, grant_id: str, principal: Any) -> None:
    reviewer = _reviewer(principal)
    for _ in _attempts():
        grant, _infos = _read(conference.slug, grant_id)
        if reviewer.key not in store.Scoring.of(grant).conflicts:
            return
        try:
            store.write(conference.slug, grant, reviewer, conflict=None, audit_action="conflict_lifted",
                        audit_details={})
        except store.Refused:
            continue
        return
    raise _kept_changing()


def ensure_no_conflict(grant: GrantRecord, principal: Any) -> None:
    """A reviewer who declared a conflict on a grant may not review it (403). This read-first
    check gives the answer without a write; `no_conflict_check` is what enforces it."""
    if rules.conflicted(store.Scoring.of(grant).conflicts, rules.reviewer_key(principal.sub)):
        raise _conflicted()


def no_conflict_check(conf: str, grant_id: str, principal: Any) -> Callable[[Transaction], None]:
    """The condition, added to the reviewer's own write, that they have no conflict on the grant
    (a conflict declared after the grant was read refuses the write: see `refused_by_conflict`)."""
    return lambda tx: store.check_no_conflict(tx, conf, grant_id, principal.sub)


def refused_by_conflict(failed: Iterable[str]) -> Forbidden | None:
    """The 403 to answer when the write's no-conflict condition failed (None otherwise)."""
    return _conflicted() if store.NO_CONFLICT in failed else None


# -- what reviewers see -------------------------------------------------------------------------

def counters_for(conf: str, grants: Iterable[GrantRecord]) -> dict[str, rules.ReviewerCounters]:
    """The reviewers' counters when any of `grants` has scores (one GetItem), else none needed."""
    if any(g.score_count for g in grants):
        return store.counters_of(store.reviewers(conf))
    return {}


def summary_of(grant: GrantRecord, counters: Mapping[str, rules.ReviewerCounters]) -> dict[str, Any]:
    return rules.summary(store.Scoring.of(grant).scores, counters)


def decorate_list(conference: Conference, grants: list[GrantRecord], rows: list[dict[str, Any]]) -> None:
    """Add `scores` to list rows, and hide applicants' identity under blind review."""
    counters = counters_for(conference.slug, grants)
    for grant, row in zip(grants, rows, strict=True):
        row["scores"] = summary_of(grant, counters)
        if rules.hides_identity(conference.review, grant.status):
            row["user"] = None


def _hide_applicant(view: dict[str, Any], grant: GrantRecord) -> None:
    """Blind review: the applicant's name, e-mail and id leave the detail (their text stays)."""
    view["user"] = None
    for message in view.get("messages") or []:
        if message.get("author_sub") == grant.user_sub:
            message["author_sub"] = message["author_name"] = None
    for entry in view.get("audit") or []:
        if entry.get("actor_sub") == grant.user_sub:
            entry["actor_sub"] = ""
            entry["actor_name"] = None


def hide_if_blind(conference: Conference, view: dict[str, Any]) -> None:
    """Blind review on a reviewer's answer about one grant (e.g. after a review PATCH)."""
    if rules.hides_identity(conference.review, view.get("status", "")):
        view["user"] = None


SCORE_ACTIONS = frozenset({"score", "score_removed", "conflict_declared"})


def decorate_detail(view: dict[str, Any], part: GrantPartition, conference: Conference, principal: Any) -> None:
    """Add the score summary, the caller's score and (when they may see them) the others'
    reviews, the scoring openings and closings to the audit trail; apply blind review.
    A caller who declared a conflict on the grant may not read it (403)."""
    grant = part.grant
    assert grant is not None
    key = rules.reviewer_key(principal.sub)
    scoring = store.Scoring.of(grant)
    if key in scoring.conflicts:
        raise _conflicted()
    items, _conflicts = store.decode_partition(part.scores)
    counters = counters_for(conference.slug, [grant])
    review = conference.review
    mine = items.get(key)
    view["scores"] = rules.summary(scoring.scores, counters)
    view["my_score"] = None if mine is None else {
        "score": mine.score, "comment": mine.comment, "private_comment": mine.private_comment,
        "updated_at": public_timestamp(mine.updated_at)}
    visible = rules.may_see_reviews(mine is not None, review)
    view["reviews"] = [_review(item, own=item.reviewer == key) for item in items.values()] if visible else None
    view["review"] = review.as_json()
    audit = view.get("audit") or []
    if not visible:  # the trail must not tell the scores before the caller gave theirs
        for entry in audit:
            if entry["action"] in SCORE_ACTIONS:
                entry["details"] = {k: v for k, v in entry["details"].items()
                                    if k not in ("score", "previous", "score_removed")}
    audit.extend(_scoring_log(conference, grant.created_at or ""))
    audit.sort(key=lambda entry: entry["created_at"] or "")
    view["audit"] = audit
    if rules.hides_identity(review, grant.status):
        _hide_applicant(view, grant)


def _review(item: store.StoredScore, *, own: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"reviewer": {"sub": item.sub, "name": item.name}, "score": item.score,
                            "comment": item.comment, "updated_at": public_timestamp(item.updated_at)}
    if own:
        view["private_comment"] = item.private_comment
    return view


def _scoring_log(conference: Conference, since: str) -> list[dict[str, Any]]:
    """The conference's scoring openings and closings since the grant was created, as audit entries."""
    entries = []
    for n, entry in enumerate(conference.review_log):
        at = str(entry.get("at") or "")
        if at >= since:
            opened = bool(entry.get("scoring_open"))
            entries.append({"id": f"scoring-{n}", "actor_sub": entry.get("actor_sub") or "",
                            "actor_name": entry.get("actor_name"),
                            "action": "scoring_opened" if opened else "scoring_closed",
                            "details": {"scoring_open": opened}, "created_at": public_timestamp(at)})
    return entries


def next_to_score(conference: Conference, principal: Any,
                  detail: Callable[[str], dict[str, Any]]) -> dict[str, Any] | None:
    """The reviewer detail of a grant the caller may score and has not scored, fewest scores
    first (random among equals), or None. `detail(grant_id)` builds the reviewer detail."""
    if not conference.review.scoring_open:
        return None
    key = rules.reviewer_key(principal.sub)
    for _ in range(3):
        chosen = store.pick(store.next_candidates(conference.slug, key))
        if chosen is None:
            return None
        try:
            return detail(chosen.grant_id)
        except NotFound:  # decided or gone between the index read and the detail read
            continue
    return None


# -- ranking, report, CSV ----------------------------------------------------------------------

def identity(conference: Conference, grant: GrantRecord) -> dict[str, Any] | None:
    """The applicant as reviewers may see them (None under blind review until decided)."""
    if rules.hides_identity(conference.review, grant.status):
        return None
    return {"sub": grant.user_sub, "email": grant.user_email, "name": grant.user_name,
            "email_verified": grant.user_email_verified}


def scored_grants(conference: Conference, statuses: Iterable[str] | None = None,
                  min_scores: int = 1) -> list[tuple[GrantRecord, dict[str, Any]]]:
    """Grants with at least `min_scores` scores (in `statuses`, when given) and their score
    summaries, in ranking order: calibrated desc, mean desc, application time. The one read
    behind the ranking and the proposed allocation (each grant once, the counters once)."""
    wanted = None if statuses is None else frozenset(statuses)
    grants = [g for g in store.every_grant(conference.slug, scored_only=True)
              if g.score_count >= max(min_scores, 1) and (wanted is None or g.status in wanted)]
    counters = counters_for(conference.slug, grants)
    rows = [(summary, grant.created_at or "", (grant, summary))
            for grant in grants for summary in (summary_of(grant, counters),)]
    return rules.ranked(rows)


def ranking(conference: Conference, status: str | None) -> dict[str, Any]:
    """Every grant with at least one score, by calibrated desc, mean desc, application time."""
    ranked = []
    for rank, (grant, summary) in enumerate(scored_grants(conference, None if status is None else [status]), 1):
        ranked.append({
            "grant_id": grant.grant_id, "user": identity(conference, grant), "status": grant.status,
            "request_type": grant.request_type, "requested_amount": cents_to_str(grant.requested_cents),
            "scores": summary, "first_time": grant.application.get("first_time"),
            "international": bool(grant.application.get("international")),
            "created_at": public_timestamp(grant.created_at), "rank": rank})
    return {"ranking": ranked}


def _bucket() -> dict[str, Any]:
    return {"count": 0, "requested_cents": 0, "approved_cents": 0, "disbursed_cents": 0}


def _money(bucket: Mapping[str, int]) -> dict[str, Any]:
    return {"count": bucket["count"], "requested": cents_to_str(bucket["requested_cents"]),
            "approved": cents_to_str(bucket["approved_cents"]), "disbursed": cents_to_str(bucket["disbursed_cents"])}


def report(conference: Conference) -> dict[str, Any]:
    """Counts and requested/approved/disbursed sums by status, application type, first time,
    international and country (the last part of `travel_from`, as written)."""
    groups: dict[str, dict[str, dict[str, int]]] = {name: {} for name in (
        "by_status", "by_application_type", "by_first_time", "by_international", "by_country")}
    total = _bucket()
    for grant in store.every_grant(conference.slug):
        app = grant.application
        first = app.get("first_time")
        keys = {"by_status": grant.status, "by_application_type": str(app.get("application_type") or "general"),
                "by_first_time": "unknown" if first is None else ("yes" if first else "no"),
                "by_international": "yes" if app.get("international") else "no",
                "by_country": rules.country_of(str(app.get("travel_from") or "")) or "unknown"}
        for bucket in (total, *(groups[g].setdefault(k, _bucket()) for g, k in keys.items())):
            bucket["count"] += 1
            bucket["requested_cents"] += grant.requested_cents
            bucket["approved_cents"] += grant.approved_cents or 0
            bucket["disbursed_cents"] += grant.disbursed_cents or 0
    return {"total": _money(total), **{
        group: [{"key": key, **_money(bucket)} for key, bucket in sorted(found.items(), key=lambda kv: -kv[1]["count"])]
        for group, found in groups.items()}}


#: Numbers (a negative calibrated score) are data, not formulas: they stay as they are.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
CSV_HEADER = ("Grant ID", "Name", "Email", "Status", "Request Type", "Application Type", "Travel From", "Country",
              "International", "First Time", "Requested", "Approved", "Disbursed", "Scores", "Mean Score",
              "Calibrated Score", "Applied")


def csv_rows(conference: Conference) -> Iterable[list[str]]:
    """Every grant as a CSV row (identity blank under blind review until decided)."""
    grants = store.every_grant(conference.slug)
    counters = counters_for(conference.slug, grants)
    for grant in grants:
        app = grant.application
        user = identity(conference, grant)
        summary = summary_of(grant, counters)
        first = app.get("first_time")
        yield [grant.grant_id, user["name"] if user else "", user["email"] if user else "", grant.status,
               grant.request_type, str(app.get("application_type") or "general"), str(app.get("travel_from") or ""),
               rules.country_of(str(app.get("travel_from") or "")), "yes" if app.get("international") else "no",
               "" if first is None else ("yes" if first else "no"), cents_to_str(grant.requested_cents) or "",
               cents_to_str(grant.approved_cents) or "", cents_to_str(grant.disbursed_cents) or "",
               str(summary["count"]), summary["mean"] or "", summary["calibrated"] or "",
               public_timestamp(grant.created_at) or ""]


def csv_text(conference: Conference) -> str:
    """The grants CSV with a byte-order mark, every cell defused against spreadsheet formulas."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in csv_rows(conference):
        writer.writerow([cell if _NUMBER.fullmatch(cell) else neutralise_cell(cell) for cell in row])
    return out.getvalue()
