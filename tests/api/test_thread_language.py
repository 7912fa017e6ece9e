"""The sentences the system writes into a grant's thread are in the applicant's language.

A reviewer's offer (amount and deadline), a changed amount, and the applicant's own actions as
they read them; what people wrote stays as they wrote it; English stays as it always read.
"""

from __future__ import annotations

from typing import Any

from tests.support.grants import REVIEW, application, path, review
from tests.support.notifications import unique_email


def _applicant(api: Any, conference: str, make_token: Any, locale: str) -> tuple[str, str]:
    sub, email = unique_email()
    token = make_token(sub, email=email, name="Ana", locale=locale)
    reply = api.post(path(conference), application(), token=token)
    assert reply.status == 201, reply.body
    return token, reply.body["id"]


def _thread(api: Any, conference: str, token: str) -> list[str]:
    reply = api.get(path(conference), token=token)
    assert reply.status == 200, reply.body
    return [m["message"] for m in reply.body["messages"]]


def test_a_spanish_applicant_reads_the_offer_its_changes_and_their_own_actions_in_spanish(
        api: Any, conference: str, make_token: Any) -> None:
    token, grant_id = _applicant(api, conference, make_token, "es")
    reviewer = make_token("rita", *REVIEW)
    offer = {"status": "offered", "approved_amount": "1100.00", "respond_by": "2093-06-15"}
    assert review(api, conference, grant_id, reviewer, offer).status == 200
    assert review(api, conference, grant_id, reviewer, {"approved_amount": "1000.00"}).status == 200
    assert api.post(path(conference, "/messages"), {"message": "Gracias, lo miro."}, token=token).status == 201
    assert api.post(path(conference, "/accept"), {"approved_amount": "1000.00"}, token=token).status == 200

    thread = _thread(api, conference, token)
    assert ("El comité de revisión te ofrece una beca de viaje. Acepta o rechaza la oferta. "
            "Importe aprobado: 1.100,00\xa0US$. Responde a más tardar el 15 de junio de 2093.") in thread
    assert any(m.startswith("El comité de revisión cambió tu oferta: el importe de la beca es ahora 1.000,00")
               for m in thread), thread
    assert "Gracias, lo miro." in thread  # what a person wrote, as written
    assert "Aceptaste la oferta." in thread
    assert not any("The reviewers" in m or m.startswith("You ") for m in thread), thread


def test_english_reads_as_it_always_did(api: Any, conference: str, make_token: Any) -> None:
    token, grant_id = _applicant(api, conference, make_token, "en")
    reviewer = make_token("rita", *REVIEW)
    offer = {"status": "offered", "approved_amount": "1100.00", "respond_by": "2093-06-15"}
    assert review(api, conference, grant_id, reviewer, offer).status == 200
    assert api.post(path(conference, "/decline"), token=token).status == 200
    thread = _thread(api, conference, token)
    assert ("The reviewers offered you a travel grant. Please accept or decline the offer. "
            "Approved amount: $1,100.00. Please respond by June 15, 2093.") in thread
    assert "You declined the offer." in thread
