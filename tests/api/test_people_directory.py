"""The people directory: filled by the stream from new signups and grants, searched by the start
of a name (case and accents ignored) or of an e-mail address, with a flat request count."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from chalicelib.events import stream
from tests.support.error_shape import error_shape_problems
from tests.support.grants import REVIEW, apply, review
from tests.support.notifications import modify_record, raw_item, raw_signups
from tests.support.request_count import counting

MANAGER = ("manage_activity",)


def _insert(item: dict[str, Any], seq: str = "1") -> dict[str, Any]:
    return {"eventID": uuid.uuid4().hex, "eventName": "INSERT", "eventSource": "aws:dynamodb",
            "dynamodb": {"Keys": {"pk": item["pk"], "sk": item["sk"]}, "NewImage": item,
                         "SequenceNumber": seq, "ApproximateCreationDateTime": 1.0}}


def _people(api, conf, token, q):
    return api.get(f"/manage/conferences/{conf}/people?q={q}", token=token)


def _signed_up(api, conf, make_token, sub, name, email):
    manager = make_token("people-manager", *MANAGER)
    activity = api.post(f"/manage/conferences/{conf}/activities", {"name": f"Sprint {sub}"}, token=manager).body["slug"]
    token = make_token(sub, name=name, email=email, email_verified=True)
    assert api.post(f"/conferences/{conf}/activities/{activity}/signup", {}, token=token).status == 201
    [item] = raw_signups(conf, activity)
    assert stream.dispatch([_insert(item)]) == {"batchItemFailures": []}


def _applied(api, conf, make_token, sub, name, email, verified=True):
    grant_id = apply(api, conf, make_token(sub, name=name, email=email, email_verified=verified))
    item = raw_item(f"GRANT#{conf}#{grant_id}", "GRANT")
    record = _insert(item)
    assert stream.dispatch([record, record]) == {"batchItemFailures": []}  # a replay changes nothing


def test_signups_and_applicants_are_found_by_name_and_email(api, conference, make_token):
    _signed_up(api, conference, make_token, "sub-jose", "José Núñez", "jn@example.org")
    _applied(api, conference, make_token, "sub-ada", "Ada Lovelace", "countess@example.org")
    manager = make_token("people-manager", *MANAGER)

    assert _people(api, conference, manager, "jose").body == {
        "people": [{"sub": "sub-jose", "name": "José Núñez", "email": "jn@example.org"}]}
    assert [p["sub"] for p in _people(api, conference, manager, "JOSÉ N").body["people"]] == ["sub-jose"]
    assert [p["sub"] for p in _people(api, conference, manager, "Ada").body["people"]] == ["sub-ada"]
    assert [p["sub"] for p in _people(api, conference, manager, "countess@").body["people"]] == ["sub-ada"]
    assert _people(api, conference, manager, "nobody").body == {"people": []}


def test_a_person_matching_by_name_and_email_is_listed_once(api, conference, make_token):
    _applied(api, conference, make_token, "sub-ana", "Ana", "ana@example.org")
    _signed_up(api, conference, make_token, "sub-ana", "Ana", "ana@example.org")
    body = _people(api, conference, make_token("people-manager", *MANAGER), "an").body
    assert body == {"people": [{"sub": "sub-ana", "name": "Ana", "email": "ana@example.org"}]}


def test_a_reviewer_who_acted_on_a_grant_is_found(api, conference, make_token):
    grant_id = apply(api, conference, make_token("sub-applicant", name="Grace Hopper"))
    reviewer = make_token("sub-rita", *REVIEW, name="Rita Ortiz", email="rita@example.org", email_verified=True)
    assert review(api, conference, grant_id, reviewer, {"status": "waitlisted"}).status == 200
    record = modify_record(raw_item(f"GRANT#{conference}#{grant_id}", "GRANT"), {"reviewed_by": None})
    assert stream.dispatch([record]) == {"batchItemFailures": []}
    body = _people(api, conference, make_token("people-manager", *MANAGER), "rita").body
    assert body == {"people": [{"sub": "sub-rita", "name": "Rita Ortiz", "email": "rita@example.org"}]}


def test_an_unverified_address_is_not_in_the_directory(api, conference, make_token):
    _applied(api, conference, make_token, "sub-mallory", "Mallory", "chair@example.org", verified=False)
    manager = make_token("people-manager", *MANAGER)
    assert _people(api, conference, manager, "chair").body == {"people": []}
    assert _people(api, conference, manager, "mall").body == {
        "people": [{"sub": "sub-mallory", "name": "Mallory", "email": ""}]}


def test_only_activity_managers_search_and_short_queries_are_refused(api, conference, make_token):
    attendee = _people(api, conference, make_token("attendee"), "an")
    assert attendee.status == 403
    short = _people(api, conference, make_token("people-manager", *MANAGER), "a")
    assert short.status == 422 and not error_shape_problems(422, short.body)
    blank = _people(api, conference, make_token("people-manager", *MANAGER), "%20%20")
    assert blank.status == 422


def _fill(conf: str, count: int) -> None:
    from chalicelib.store import people, table

    items = [entry for n in range(count)
             for entry in people.entries(conf, people.Person(f"p{n}", f"Person {n:05}", f"p{n}@example.org"))]
    table.batch_write(puts=items)


def test_the_search_costs_two_queries_however_many_people(api, make_conference, make_token):
    manager = make_token("people-manager", *MANAGER)
    seen = []
    for size in (10, 500):
        conf = make_conference()
        _fill(conf, size)
        _people(api, conf, manager, "pe")  # the conference is cached after its first read
        # This thread's requests only: a live stack's event pump in this process may be writing meanwhile.
        me = threading.current_thread()
        with counting(threads=lambda thread: thread is me) as counter:  # noqa: B023 - used inside the loop
            body = _people(api, conf, manager, "pe").body
        assert len(body["people"]) == min(size, 20)
        seen.append(counter.operations("dynamodb"))
    assert seen[0] == seen[1] and seen[0]["Query"] == 2, seen
