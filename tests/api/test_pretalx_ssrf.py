"""Through the API: Pretalx base URLs are judged by where they resolve to,
when saved (422 on `pretalx.base_url`) and when the sync connects (502, nothing sent)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.config import load_settings, settings
from chalicelib.services import conferences as conference_service
from devstack.demo.pretalx_server import FakePretalx
from tests.support.conference import conference_body
from tests.support.pretalx_pycon import EVENT

#: Private and link-local stay refused even on the local stack (loopback allowed there).
ALWAYS_REFUSED = ["https://167772161", "https://0xa000001", "https://10.1", "https://2852039166",
                  "https://[::ffff:10.0.0.1]", "https://[fe80::1]", "https://[fd12::1]", "https://0"]
LOOPBACK_SPELLINGS = ["https://2130706433:{port}", "https://0x7f000001:{port}", "https://127.1:{port}",
                      "https://017700000001:{port}", "http://127.0.0.1:{port}", "http://localhost:{port}",
                      "https://[::ffff:127.0.0.1]:{port}"]


def _pretalx(url: str) -> dict[str, Any]:
    return {"base_url": url, "event_slug": EVENT, "api_token": "secret-token"}


@pytest.fixture
def deployed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules of a deployed stage (no loopback) for the services that read the settings."""
    strict = settings()._replace(pretalx_allow_loopback=False)
    from chalicelib.pretalx import sync

    monkeypatch.setattr(conference_service, "settings", lambda: strict)
    monkeypatch.setattr(sync, "settings", lambda: strict)


@pytest.mark.parametrize("url", ALWAYS_REFUSED)
def test_private_and_link_local_are_refused_on_save_everywhere(api: Any, admin_token: str, url: str) -> None:
    reply = api.put(f"/manage/conferences/ssrf-{abs(hash(url)) % 10**8}", conference_body(pretalx=_pretalx(url)),
                    token=admin_token)
    assert reply.status == 422, reply.body
    assert "pretalx.base_url" in reply.body["error"]["fields"]


@pytest.mark.parametrize("template", LOOPBACK_SPELLINGS)
def test_loopback_in_any_spelling_is_refused_on_a_deployed_stage(api: Any, admin_token: str, deployed: None,
                                                                 template: str) -> None:
    url = template.format(port=8443)
    reply = api.put(f"/manage/conferences/ssrf-{abs(hash(url)) % 10**8}", conference_body(pretalx=_pretalx(url)),
                    token=admin_token)
    assert reply.status == 422, (url, reply.body)
    assert "pretalx.base_url" in reply.body["error"]["fields"]


def test_a_stored_loopback_url_is_not_connected_to_on_a_deployed_stage(
        api: Any, admin_token: str, make_conference: Any, isolated_pretalx: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved while allowed (the rule may tighten after a URL was saved); the sync re-checks and sends nothing, not even the token."""
    fake = FakePretalx({"rooms": [], "slots": [], "submissions": [], "speakers": [], "submission-types": []},
                       event=EVENT, token="secret-token").start()
    try:
        port = fake.url.rsplit(":", 1)[1]
        slug = make_conference(pretalx=_pretalx(f"http://127.0.0.1:{port}"))
        strict = settings()._replace(pretalx_allow_loopback=False)
        from chalicelib.pretalx import sync

        monkeypatch.setattr(sync, "settings", lambda: strict)
        reply = api.post(f"/manage/conferences/{slug}/pretalx/sync", token=admin_token)
        assert reply.status == 502 and reply.error_code == "pretalx_unavailable", reply.body
        assert fake.requests == []
    finally:
        fake.stop()


def test_loopback_is_allowed_only_on_the_local_stack_that_asks_for_it() -> None:
    assert load_settings({"STAGE": "local", "PRETALX_ALLOW_LOOPBACK": "1"}).pretalx_loopback_allowed
    assert not load_settings({"STAGE": "local"}).pretalx_loopback_allowed
    assert not load_settings({"PRETALX_ALLOW_LOOPBACK": "1"}).pretalx_loopback_allowed  # STAGE not set
    assert not load_settings({"STAGE": "prod", "PRETALX_ALLOW_LOOPBACK": "1"}).pretalx_loopback_allowed
    assert not load_settings({"STAGE": "local", "PRETALX_ALLOW_LOOPBACK": "1",
                              "AWS_LAMBDA_FUNCTION_NAME": "fn"}).pretalx_loopback_allowed
