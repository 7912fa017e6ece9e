"""The reviewers' daily digest, driven by `POST /dev/schedules/run {"now"}` on the local stack:
an applicant's message on a grant no reviewer has acted on reaches the conference's reviewers
once, in the conference's language, without internal notes; a message on a reviewed grant goes
to its reviewer instead and never into a digest."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.support.clients import wait_until
from tests.support.grants import application, path
from tests.support.pretalx import isolate_from_scheduled_sync


@pytest.fixture(autouse=True)
def _no_pretalx_sync_of_other_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_from_scheduled_sync(monkeypatch)


def run_schedules(live_stack: Any, now: str | None = None) -> dict[str, Any]:
    answer = requests.post(f"{live_stack.base_url}/dev/schedules/run", json={} if now is None else {"now": now},
                           timeout=120)
    assert answer.status_code == 200, answer.text
    return answer.json()["schedules"]["message_digest"]


def mailbox(live_stack: Any, address: str) -> list[dict[str, Any]]:
    messages = requests.get(f"{live_stack.base_url}/dev/mailbox", timeout=10).json()["messages"]
    return [m for m in messages if m["to"] == address]


def _applicant(live_stack, slug, make_token, name):
    sub = f"dg-{uuid.uuid4().hex[:8]}"
    token = make_token(sub, email=f"{sub}@example.org", name=name)
    grant_id = live_stack.post(path(slug), application(), token=token).body["id"]
    return token, grant_id


def test_the_digest_tells_the_reviewers_once_and_never_shows_a_note(live_stack, make_conference, make_token):
    team = f"reviewers-{uuid.uuid4().hex[:8]}@example.org"
    slug = make_conference(reviewers_email=team, default_locale="es")
    waiting, waiting_id = _applicant(live_stack, slug, make_token, "Ada Lovelace")
    reviewed, reviewed_id = _applicant(live_stack, slug, make_token, "Grace Hopper")
    rita = f"rita-{uuid.uuid4().hex[:6]}@example.org"
    reviewer = make_token("rita-" + uuid.uuid4().hex[:6], "review_travel_grant", name="Rita", email=rita)
    manage = f"/manage/conferences/{slug}/travel-grants"
    assert live_stack.patch(f"{manage}/{reviewed_id}", {"reviewer_notes": "x"}, token=reviewer).status == 200
    assert live_stack.post(f"{manage}/{waiting_id}/messages", {"message": "INTERNAL: budget is tight",
                                                               "visible": False}, token=reviewer).status == 201
    assert live_stack.post(path(slug, "/messages"), {"message": "Can I arrive a day early?"},
                           token=waiting).status == 201
    assert live_stack.post(path(slug, "/messages"), {"message": "My fare went down."}, token=reviewed).status == 201
    wait_until(lambda: mailbox(live_stack, rita), timeout=20)  # the reviewed grant's message: to its reviewer

    assert run_schedules(live_stack, "2020-01-01T00:00:00Z")["digests"] == 0  # as of then, nothing was written
    assert mailbox(live_stack, team) == []
    first = run_schedules(live_stack)
    assert first["digests"] >= 1 and first["messages"] >= 1
    [digest] = wait_until(lambda: mailbox(live_stack, team), timeout=20)
    assert "Can I arrive a day early?" in digest["text"] and "Ada Lovelace" in digest["text"]
    assert digest["subject"].startswith("Nuevos mensajes")  # the conference writes in Spanish
    assert "My fare went down." not in digest["text"]  # its reviewer has it already
    assert "INTERNAL" not in digest["text"] and "INTERNAL" not in digest["html"]
    run_schedules(live_stack)
    run_schedules(live_stack)
    assert len(mailbox(live_stack, team)) == 1
    assert len(mailbox(live_stack, rita)) == 1
