"""Scores, conflicts and the review settings through the API (the app against the emulator)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.request_count import dynamodb_requests
from tests.support.scoring import apply, check_counters, manage, score

REVIEW = "review_travel_grant"


@pytest.fixture
def reviewers(make_token: Any) -> dict[str, str]:
    return {name: make_token(name, REVIEW) for name in ("rita", "ravi", "rosa")}


def settings(api: Any, slug: str, token: str) -> dict[str, Any]:
    return api.get(f"/manage/conferences/{slug}", token=token).body["review"]


def test_review_settings_default_patch_and_validate(api, conference, admin_token):
    assert settings(api, conference, admin_token) == {"scale": 5, "blind": False, "scoring_open": True}
    assert api.get(f"/conferences/{conference}").body["review"]["scale"] == 5
    reply = api.patch(f"/manage/conferences/{conference}", {"review": {"scale": 7}}, token=admin_token)
    assert reply.status == 200 and reply.body["review"] == {"scale": 7, "blind": False, "scoring_open": True}
    reply = api.patch(f"/manage/conferences/{conference}", {"review": {"blind": True}}, token=admin_token)
    assert reply.body["review"] == {"scale": 7, "blind": True, "scoring_open": True}  # scale kept
    for bad in ({"scale": 2}, {"scale": 11}, {"scale": "5"}, {"blind": "yes"}, {"colour": 1}):
        reply = api.patch(f"/manage/conferences/{conference}", {"review": bad}, token=admin_token)
        assert reply.status == 422, (bad, reply.body)
    assert settings(api, conference, admin_token) == {"scale": 7, "blind": True, "scoring_open": True}
    reply = api.patch(f"/manage/conferences/{conference}", {"name": "Renamed"}, token=admin_token)
    assert reply.body["review"]["scale"] == 7  # other changes keep the review settings


def test_score_put_replaces_and_delete_withdraws(api, conference, make_token, reviewers):
    grant_id = apply(api, conference, make_token("ada"))
    reply = score(api, conference, grant_id, reviewers["rita"], 4, comment="Strong", private_comment="Knows Bob")
    assert reply.status == 200, reply.body
    assert reply.body == {"score": {"score": 4, "comment": "Strong", "private_comment": "Knows Bob"},
                          "scores": {"count": 1, "mean": "4.00", "calibrated": "0.000"}}
    reply = score(api, conference, grant_id, reviewers["rita"], 2)  # replaces
    assert reply.body["scores"] == {"count": 1, "mean": "2.00", "calibrated": "0.000"}
    assert score(api, conference, grant_id, reviewers["ravi"], 5).body["scores"]["mean"] == "3.50"
    check_counters(conference, [grant_id])
    assert api.delete(manage(conference, f"/{grant_id}/score"), token=reviewers["rita"]).status == 204
    assert api.delete(manage(conference, f"/{grant_id}/score"), token=reviewers["rita"]).status == 204  # none: fine
    detail = api.get(manage(conference, f"/{grant_id}"), token=reviewers["ravi"]).body
    assert detail["scores"] == {"count": 1, "mean": "5.00", "calibrated": "0.000"}
    assert check_counters(conference, [grant_id])[grant_id] != {}


def test_score_rules(api, conference, make_token, reviewers, admin_token):
    ada = make_token("ada", REVIEW)
    grant_id = apply(api, conference, ada)
    rita = reviewers["rita"]
    for bad in (0, 6, "3", 2.5, None):
        reply = score(api, conference, grant_id, rita, bad)
        assert reply.status == 422 and "score" in reply.body["error"]["fields"], (bad, reply.body)
    own = score(api, conference, grant_id, ada, 5)
    assert (own.status, own.error_code) == (403, "forbidden")
    viewer = make_token("vic", "view_travel_grant")
    assert score(api, conference, grant_id, viewer, 3).status == 403
    assert score(api, conference, "a" * 24, rita, 3).status == 404
    assert api.patch(f"/manage/conferences/{conference}", {"review": {"scoring_open": False}},
                     token=admin_token).status == 200
    closed = score(api, conference, grant_id, rita, 3)
    assert (closed.status, closed.error_code) == (409, "scoring_closed")
    api.patch(f"/manage/conferences/{conference}", {"review": {"scoring_open": True}}, token=admin_token)
    assert score(api, conference, grant_id, rita, 3).status == 200
    assert api.patch(manage(conference, f"/{grant_id}"), {"status": "rejected"}, token=admin_token).status == 200
    decided = score(api, conference, grant_id, reviewers["ravi"], 3)
    assert (decided.status, decided.error_code) == (409, "invalid_state")
    assert api.delete(manage(conference, f"/{grant_id}/score"), token=rita).status == 409
    check_counters(conference, [grant_id])


def test_conflict_removes_the_score_and_bars_scoring_review_and_reading(api, conference, make_token, reviewers):
    grant_id = apply(api, conference, make_token("ada"))
    rita = reviewers["rita"]
    assert score(api, conference, grant_id, rita, 5).status == 200
    reply = api.put(manage(conference, f"/{grant_id}/conflict"), {"reason": "Same employer"}, token=rita)
    assert reply.status == 200 and reply.body == {"conflict": {"reason": "Same employer"}}
    assert check_counters(conference, [grant_id])[grant_id] == {}
    assert score(api, conference, grant_id, rita, 4).status == 403
    assert api.get(manage(conference, f"/{grant_id}"), token=rita).status == 403
    assert api.patch(manage(conference, f"/{grant_id}"), {"reviewer_notes": "x"}, token=rita).status == 403
    assert api.put(manage(conference, f"/{grant_id}/conflict"), {"reason": " "}, token=rita).status == 422
    assert api.delete(manage(conference, f"/{grant_id}/conflict"), token=rita).status == 204
    assert score(api, conference, grant_id, rita, 4).status == 200
    audit = api.get(manage(conference, f"/{grant_id}"), token=rita).body["audit"]
    actions = [(e["action"], e["details"]) for e in audit if e["actor_sub"] == "rita"]
    assert actions == [("score", {"score": 5, "previous": None}),
                       ("conflict_declared", {"reason": "Same employer", "score_removed": 5}),
                       ("conflict_lifted", {}), ("score", {"score": 4, "previous": None})]
    check_counters(conference, [grant_id])


def test_calibrated_score_computed_by_hand(api, conference, make_token, reviewers):
    """Rita scores 5, 3, 1 (mean 3, population sd sqrt(8/3) = 1.63299): z = +1.2247, 0, -1.2247.
    Ravi scores 4 and 4: no spread, so his scores count 0. Grant 1: (1.2247 + 0) / 2 = 0.612;
    grant 2: (0 + 0) / 2 = 0; grant 3: -1.2247 alone. Means: 4.50, 3.50, 1.00."""
    g1, g2, g3 = (apply(api, conference, make_token(f"app-{n}")) for n in range(3))
    rita, ravi = reviewers["rita"], reviewers["ravi"]
    for grant_id, value in ((g1, 5), (g2, 3), (g3, 1)):
        assert score(api, conference, grant_id, rita, value).status == 200
    for grant_id in (g1, g2):
        assert score(api, conference, grant_id, ravi, 4).status == 200
    summaries = {g["id"]: g["scores"] for g in api.get(manage(conference), token=rita).body["grants"]}
    assert summaries[g1] == {"count": 2, "mean": "4.50", "calibrated": "0.612"}
    assert summaries[g2] == {"count": 2, "mean": "3.50", "calibrated": "0.000"}
    assert summaries[g3] == {"count": 1, "mean": "1.00", "calibrated": "-1.225"}
    ranking = api.get(manage(conference, "/ranking"), token=rita).body["ranking"]
    assert [(r["rank"], r["grant_id"], r["scores"]["calibrated"]) for r in ranking] == [
        (1, g1, "0.612"), (2, g2, "0.000"), (3, g3, "-1.225")]
    assert ranking[0]["user"]["sub"] == "app-0" and ranking[0]["requested_amount"] == "1500.50"
    assert ranking[0]["first_time"] is True and ranking[0]["international"] is True
    check_counters(conference, [g1, g2, g3])


def test_reviews_show_after_scoring_or_closing_and_private_comments_stay_private(api, conference, make_token,
                                                                               reviewers, admin_token):
    grant_id = apply(api, conference, make_token("ada"))
    rita, ravi = reviewers["rita"], reviewers["ravi"]
    score(api, conference, grant_id, rita, 5, comment="Great talk", private_comment="Met her at EuroPython")
    before = api.get(manage(conference, f"/{grant_id}"), token=ravi).body
    assert before["reviews"] is None and before["my_score"] is None and before["scores"]["count"] == 1
    assert "Met her" not in str(before) and "Great talk" not in str(before)
    assert all("score" not in e["details"] for e in before["audit"] if e["action"] == "score")
    score(api, conference, grant_id, ravi, 3, private_comment="ravi only")
    after = api.get(manage(conference, f"/{grant_id}"), token=ravi).body
    assert after["my_score"]["score"] == 3 and after["my_score"]["private_comment"] == "ravi only"
    reviews = {r["reviewer"]["sub"]: r for r in after["reviews"]}
    assert reviews["rita"] == {"reviewer": {"sub": "rita", "name": "Rita"}, "score": 5, "comment": "Great talk",
                               "updated_at": reviews["rita"]["updated_at"]}
    assert "private_comment" not in reviews["rita"] and reviews["ravi"]["private_comment"] == "ravi only"
    assert "Met her" not in str(after)
    assert [e["details"]["score"] for e in after["audit"] if e["action"] == "score"] == [5, 3]
    api.patch(f"/manage/conferences/{conference}", {"review": {"scoring_open": False}}, token=admin_token)
    rosa_view = api.get(manage(conference, f"/{grant_id}"), token=reviewers["rosa"]).body
    assert len(rosa_view["reviews"]) == 2 and "Met her" not in str(rosa_view) and "ravi only" not in str(rosa_view)
    closed = [e for e in rosa_view["audit"] if e["action"] == "scoring_closed"]
    assert closed and closed[0]["actor_sub"] == "admin" and closed[0]["actor_name"] == "Admin"


def test_blind_review_hides_identity_until_decided(api, make_conference, make_token, reviewers, admin_token):
    slug = make_conference(review={"blind": True})
    ada = make_token("ada-blind", name="Ada Lovelace", email="ada@example.org")
    grant_id = apply(api, slug, ada)
    api.post(f"/conferences/{slug}/travel-grant/messages", {"message": "Hello"}, token=ada)
    rita = reviewers["rita"]
    listed = api.get(manage(slug), token=rita).body["grants"][0]
    assert listed["user"] is None
    nxt = api.get(manage(slug, "/next-to-score"), token=rita)
    assert nxt.status == 200 and nxt.body["id"] == grant_id
    for view in (nxt.body, api.get(manage(slug, f"/{grant_id}"), token=rita).body):
        text = str(view)
        assert view["user"] is None and "Ada Lovelace" not in text and "ada@example.org" not in text
        assert "ada-blind" not in text
        assert view["reason"]  # the applicant's own text stays
    score(api, slug, grant_id, rita, 4)
    assert api.get(manage(slug, "/ranking"), token=rita).body["ranking"][0]["user"] is None
    csv_text = api.get(manage(slug).replace("/travel-grants", "/travel-grants.csv"), token=rita).raw.decode()
    assert "Ada Lovelace" not in csv_text and "ada@example.org" not in csv_text
    assert api.patch(manage(slug, f"/{grant_id}"), {"status": "rejected"}, token=admin_token).status == 200
    decided = api.get(manage(slug, f"/{grant_id}"), token=rita).body
    assert decided["user"]["name"] == "Ada Lovelace"
    assert api.get(manage(slug), token=rita).body["grants"][0]["user"]["email"] == "ada@example.org"


def test_next_to_score_serves_fewest_scores_first_and_never_own_scored_or_conflicted(api, conference, make_token,
                                                                                      reviewers):
    rita_applicant = make_token("rita", REVIEW)
    own = apply(api, conference, rita_applicant)
    g1, g2, g3 = (apply(api, conference, make_token(f"nx-{n}")) for n in range(3))
    ravi, rosa = reviewers["ravi"], reviewers["rosa"]
    score(api, conference, g1, ravi, 3)
    score(api, conference, g1, rosa, 3)
    score(api, conference, g2, ravi, 4)
    served = set()
    for _ in range(12):
        reply = api.get(manage(conference, "/next-to-score"), token=rita_applicant)
        assert reply.status == 200
        served.add(reply.body["id"])
    assert served == {g3}  # no scores yet; never her own grant
    score(api, conference, g3, rita_applicant, 2)
    assert api.get(manage(conference, "/next-to-score"), token=rita_applicant).body["id"] == g2
    api.put(manage(conference, f"/{g2}/conflict"), {"reason": "Friend"}, token=rita_applicant)
    assert api.get(manage(conference, "/next-to-score"), token=rita_applicant).body["id"] == g1
    score(api, conference, g1, rita_applicant, 5)
    assert api.get(manage(conference, "/next-to-score"), token=rita_applicant).status == 204
    # ravi: own grant none, scored g1, g2: g3 (1 score) before `own` (0)? No: own has 0 scores.
    assert api.get(manage(conference, "/next-to-score"), token=ravi).body["id"] == own
    check_counters(conference, [own, g1, g2, g3])


def test_decided_grants_leave_the_queue(api, conference, make_token, reviewers, admin_token):
    grant_id = apply(api, conference, make_token("ada"))
    assert api.get(manage(conference, "/next-to-score"), token=reviewers["rita"]).body["id"] == grant_id
    api.patch(manage(conference, f"/{grant_id}"), {"status": "offered", "approved_amount": "100"}, token=admin_token)
    assert api.get(manage(conference, "/next-to-score"), token=reviewers["rita"]).status == 204


def test_report_and_csv(api, conference, make_token, reviewers, admin_token):
    a = apply(api, conference, make_token("r1", name="=HYPERLINK(\"x\")"), travel_from="Lagos, Nigeria",
              application_type="speaker", first_time=True, international=True)
    apply(api, conference, make_token("r2"), travel_from="Abuja, Nigeria", application_type="general",
          first_time=False, international=True, requested_amount="100.00")
    apply(api, conference, make_token("r3"), travel_from="Pittsburgh", application_type="general",
          first_time=None, international=False, request_type="ticket_only", requested_amount="0")
    api.patch(manage(conference, f"/{a}"), {"status": "offered", "approved_amount": "1000"}, token=admin_token)
    report = api.get(manage(conference, "/report"), token=reviewers["rita"]).body
    assert report["total"] == {"count": 3, "requested": "1600.50", "approved": "1000.00", "disbursed": "0.00"}
    country = {row["key"]: row for row in report["by_country"]}
    assert country["Nigeria"]["count"] == 2 and country["Nigeria"]["requested"] == "1600.50"
    assert country["Pittsburgh"]["count"] == 1
    assert {r["key"]: r["count"] for r in report["by_status"]} == {"offered": 1, "submitted": 2}
    assert {r["key"]: r["count"] for r in report["by_first_time"]} == {"yes": 1, "no": 1, "unknown": 1}
    assert {r["key"]: r["count"] for r in report["by_international"]} == {"yes": 2, "no": 1}
    assert {r["key"]: r["count"] for r in report["by_application_type"]} == {"general": 2, "speaker": 1}
    reply = api.get(f"/manage/conferences/{conference}/travel-grants.csv", token=make_token("vic", "view_travel_grant"))
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/csv")
    assert reply.raw.startswith("\ufeff".encode())
    lines = reply.raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Grant ID,Name,Email,Status") and len(lines) == 4
    assert "'=HYPERLINK" in reply.raw.decode() and ",=HYPERLINK" not in reply.raw.decode()


def test_request_budget(api, conference, make_token, reviewers):
    grants = [apply(api, conference, make_token(f"bud-{n}")) for n in range(4)]
    rita = reviewers["rita"]
    score(api, conference, grants[0], reviewers["ravi"], 2)
    with dynamodb_requests() as counts:
        assert score(api, conference, grants[0], rita, 3).status == 200
    assert counts == {"BatchGetItem": 1, "TransactWriteItems": 1}, counts
    with dynamodb_requests() as counts:
        assert api.get(manage(conference, "/next-to-score"), token=rita).status == 200
    assert sum(counts.values()) <= 3, counts
    with dynamodb_requests() as counts:
        assert api.get(manage(conference, f"/{grants[0]}"), token=rita).status == 200
    assert counts == {"Query": 1, "GetItem": 1}, counts  # the partition, and the reviewers' counters
    with dynamodb_requests() as counts:
        assert api.get(manage(conference, "/ranking"), token=rita).status == 200
    assert counts == {"Query": 1, "GetItem": 1}, counts


def test_backfill_queues_grants_from_before_the_scoring_queue(api, conference, make_token, reviewers):
    from chalicelib.store import backfill, table
    from chalicelib.store.keys import SCORE_QUEUE_SK, grant_pk
    from chalicelib.store.score_queue import ScoreQueueItem

    grant_id = apply(api, conference, make_token("old-timer"))
    table.delete(ScoreQueueItem(grant_pk(conference, grant_id), SCORE_QUEUE_SK))  # as an older release wrote it
    assert api.get(manage(conference, "/next-to-score"), token=reviewers["rita"]).status == 204
    assert backfill.score_queue().updated >= 1
    assert api.get(manage(conference, "/next-to-score"), token=reviewers["rita"]).body["id"] == grant_id
    check_counters(conference, [grant_id])
