"""E-mails in each person's language, and the e-mails people expect: application received, a
reviewer's message, a signup confirmed or waitlisted, an applicant's message to their reviewer.
Each once under stream replays, with its link, never with an internal note."""

from __future__ import annotations

from typing import Any

from chalicelib.events import stream
from devstack.gateway.mailbox import fetch_messages
from tests.support.clients import wait_until
from tests.support.grants import REVIEW, application, manage, path, review
from tests.support.notifications import raw_item, raw_signups, sent_to, unique_email


def _grant_pk(conf: str, grant_id: str) -> str:
    return f"GRANT#{conf}#{grant_id}"


def _insert(item: dict[str, Any]) -> dict[str, Any]:
    """An INSERT stream record of a raw item (as a replay would deliver it again)."""
    keys = {"pk": item["pk"], "sk": item["sk"]}
    return {"eventID": "1", "eventName": "INSERT", "dynamodb": {"Keys": keys, "NewImage": item,
                                                                  "SequenceNumber": "1"}}


def _mailbox(emulator_url: str, address: str) -> list[dict[str, Any]]:
    """The local mailbox's messages to `address` (text and HTML part each), oldest first."""
    return [{**m, "body": m["text"]} for m in reversed(fetch_messages(emulator_url)) if address in str(m["to"])]


def _mail(emulator_url: str, address: str, count: int = 1) -> list[dict[str, Any]]:
    return wait_until(lambda: (found if len(found := _mailbox(emulator_url, address)) >= count else None),
                      timeout=5) or _mailbox(emulator_url, address)


def _deliver_grant(conference: str, grant_id: str, times: int = 1) -> None:
    """The stream's INSERT records of the grant and its messages, delivered `times` times (replays)."""
    records = [_insert(raw_item(_grant_pk(conference, grant_id), "GRANT")),
               *(_insert(item) for item in _partition_messages(conference, grant_id))]
    for _ in range(times):
        assert stream.dispatch(records) == {"batchItemFailures": []}


def _apply(api, conference, make_token, *, locale=None, headers=None, name="Ada Lovelace"):
    sub, email = unique_email()
    token = make_token(sub, email=email, name=name, **({"locale": locale} if locale else {}))
    r = api.post(path(conference), application(), token=token, headers=headers)
    assert r.status == 201, r.body
    return sub, email, token, r.body["id"]


def _locale(conference: str, grant_id: str) -> str:
    return raw_item(_grant_pk(conference, grant_id), "GRANT")["locale"]["S"]


# -- which language ------------------------------------------------------------------------------

def test_the_language_is_the_token_claim_then_accept_language_then_the_conference_default(
        api, conference, make_token, admin_token):
    spanish_browser = {"Accept-Language": "fr-CH, fr;q=0.9, es-MX;q=0.8, en;q=0.5"}
    _, _, _, claimed = _apply(api, conference, make_token, locale="en", headers=spanish_browser)
    assert _locale(conference, claimed) == "en"  # the person's own choice wins over their browser
    _, _, _, browser = _apply(api, conference, make_token, headers=spanish_browser)
    assert _locale(conference, browser) == "es"  # es-MX is Spanish; French is not offered
    _, _, _, default = _apply(api, conference, make_token, headers={"Accept-Language": "de, *;q=0.1"})
    assert _locale(conference, default) == "en"
    r = api.patch(f"/manage/conferences/{conference}", {"default_locale": "es"}, token=admin_token)
    assert r.status == 200 and r.body["default_locale"] == "es"
    assert api.get(f"/conferences/{conference}").body["default_locale"] == "es"
    _, _, _, spanish_default = _apply(api, conference, make_token)
    assert _locale(conference, spanish_default) == "es"


def test_default_locale_accepts_only_the_languages_we_write(api, conference, admin_token):
    r = api.patch(f"/manage/conferences/{conference}", {"default_locale": "fr"}, token=admin_token)
    assert r.status == 422 and "default_locale" in r.body["error"]["fields"]
    assert api.get(f"/conferences/{conference}").body["default_locale"] == "en"


def test_acting_keeps_the_language_the_person_uses_now(api, conference, make_token):
    sub, _, token, grant_id = _apply(api, conference, make_token)
    assert _locale(conference, grant_id) == "en"
    r = api.post(path(conference, "/messages"), {"message": "¿Puedo viajar en tren?"}, token=token,
                 headers={"Accept-Language": "es"})
    assert r.status == 201
    assert _locale(conference, grant_id) == "es"
    r = api.post(path(conference, "/withdraw"), {}, token=make_token(sub, locale="en"))
    assert r.status == 200 and _locale(conference, grant_id) == "en"


# -- the e-mails, in Spanish ------------------------------------------------------------------------

def test_application_received_once_in_the_applicants_language(api, conference, make_token, emulator_url):
    _, email, _, grant_id = _apply(api, conference, make_token, locale="es", name="Ada")
    _deliver_grant(conference, grant_id)
    [message] = _mail(emulator_url, email)
    assert message["subject"] == "Recibimos tu solicitud de beca de viaje para PyCon Test"
    assert "Hola, Ada:" in message["body"] and "Qué pasa ahora" in message["body"]
    assert 'lang="es"' in message["html"] and "Qué pasa ahora" in message["html"]
    record = _insert(raw_item(_grant_pk(conference, grant_id), "GRANT"))
    for _ in range(3):
        assert stream.dispatch([record]) == {"batchItemFailures": []}
    assert len(sent_to(emulator_url, email)) == 1


def test_received_in_english_says_what_happens_next(api, conference, make_token, emulator_url):
    _, email, _, grant_id = _apply(api, conference, make_token, name="Ada")
    _deliver_grant(conference, grant_id, times=2)
    [message] = _mail(emulator_url, email)
    assert "We received your travel grant application" in message["subject"]
    assert "What happens next" in message["body"] and "Hello Ada," in message["body"]


def test_a_reviewers_visible_message_reaches_the_applicant_and_a_note_never_does(
        api, conference, make_token, emulator_url):
    _, email, _, grant_id = _apply(api, conference, make_token, locale="es")
    reviewer = make_token("rita", *REVIEW)
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "INTERNAL: check the fare",
                                                               "visible": False}, token=reviewer)
    assert r.status == 201
    r = api.post(manage(conference, f"/{grant_id}/messages"), {"message": "¿Desde qué aeropuerto sales?",
                                                               "visible": True}, token=reviewer)
    assert r.status == 201
    _deliver_grant(conference, grant_id, times=3)
    messages = _mail(emulator_url, email, 2)
    [note] = [m for m in messages if "comité de revisión" in m["subject"]]
    assert note["subject"] == "Un mensaje del comité de revisión sobre tu beca de viaje para PyCon Test"
    assert "¿Desde qué aeropuerto sales?" in note["body"] and "¿Desde qué aeropuerto sales?" in note["html"]
    assert all("INTERNAL" not in m["body"] and "INTERNAL" not in m["html"] for m in messages)
    assert len(sent_to(emulator_url, email)) == 2


def test_an_applicants_message_goes_to_the_reviewer_who_last_acted_without_internal_notes(
        api, conference, make_token, emulator_url):
    sub, _, token, grant_id = _apply(api, conference, make_token, name="Grace Hopper")
    _, reviewer_email = unique_email()
    reviewer = make_token("rev-" + sub[-6:], *REVIEW, name="Rita", email=reviewer_email, locale="es")
    r = review(api, conference, grant_id, reviewer, {"reviewer_notes": "INTERNAL notes about the budget"})
    assert r.status == 200
    api.post(manage(conference, f"/{grant_id}/messages"), {"message": "INTERNAL note", "visible": False},
             token=reviewer)
    r = api.post(path(conference, "/messages"), {"message": "My flight costs less than I thought."}, token=token)
    assert r.status == 201
    _deliver_grant(conference, grant_id, times=3)
    [message] = _mail(emulator_url, reviewer_email)
    assert message["subject"] == "Nuevo mensaje en una solicitud de beca de viaje para PyCon Test"
    assert "Grace Hopper escribió un mensaje" in message["body"] and "Hola, Rita:" in message["body"]
    assert "My flight costs less than I thought." in message["body"]
    assert f"/c/{conference}/manage/grants/{grant_id}" in message["body"] or "consola" in message["body"]
    assert "INTERNAL" not in message["body"] and "INTERNAL" not in message["html"]
    assert len(sent_to(emulator_url, reviewer_email)) == 1


def test_an_applicants_message_before_any_review_is_not_mailed_to_anyone(api, conference, make_token, emulator_url):
    _, email, token, grant_id = _apply(api, conference, make_token)
    assert api.post(path(conference, "/messages"), {"message": "Hello?"}, token=token).status == 201
    _deliver_grant(conference, grant_id)
    assert len(_mail(emulator_url, email)) == 1  # only the received e-mail, to the applicant


def _partition_messages(conference: str, grant_id: str) -> list[dict[str, Any]]:
    import boto3

    from chalicelib.config import settings

    ddb = boto3.client("dynamodb", region_name=settings().region, endpoint_url=settings().aws_endpoint_url)
    items = ddb.query(TableName=settings().table_name, KeyConditionExpression="pk = :pk",
                      ExpressionAttributeValues={":pk": {"S": _grant_pk(conference, grant_id)}})["Items"]
    return [i for i in items if i.get("entity", {}).get("S") == "grant_message"]


def test_signups_confirmed_and_waitlisted_with_position_in_each_language(api, conference, make_token, emulator_url):
    manager = make_token("activity-manager", "manage_activity")
    activity = api.post(f"/manage/conferences/{conference}/activities",
                        {"name": "Packaging Summit", "max_participants": 1}, token=manager).body["slug"]
    first, first_email = unique_email()
    second, second_email = unique_email()
    url = f"/conferences/{conference}/activities/{activity}/signup"
    assert api.post(url, {}, token=make_token(first, email=first_email, name="Lin")).body["status"] == "confirmed"
    r = api.post(url, {}, token=make_token(second, email=second_email, name="Eva"), headers={"Accept-Language": "es"})
    assert r.body["status"] == "waitlisted"
    items = raw_signups(conference, activity)
    for _ in range(3):
        assert stream.dispatch([_insert(item) for item in items]) == {"batchItemFailures": []}
    [confirmed] = _mail(emulator_url, first_email)
    assert confirmed["subject"] == "You are signed up for Packaging Summit" and "Hello Lin," in confirmed["body"]
    assert f"/c/{conference}/activities/{activity}" in confirmed["body"] or "activity's page" in confirmed["body"]
    [waitlisted] = _mail(emulator_url, second_email)
    assert waitlisted["subject"] == "Estás en la lista de espera de Packaging Summit"
    assert "Tu puesto en la lista de espera: 1" in waitlisted["body"] and "Hola, Eva:" in waitlisted["body"]
    assert len(sent_to(emulator_url, first_email)) == 1 and len(sent_to(emulator_url, second_email)) == 1
