"""The local mailbox: every e-mail the emulator accepted, at /dev/mailbox."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from typing import Any

import boto3
import pytest
import requests

from chalicelib.config import settings
from tests.support.clients import wait_until
from tests.support.grants import application, path, review

pytestmark = pytest.mark.localstack


def _ses() -> Any:
    return boto3.client("ses", region_name=settings().region, endpoint_url=settings().aws_endpoint_url)


def _mailbox(base_url: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{base_url}/dev/mailbox", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["messages"]


def test_an_offer_shows_up_in_the_mailbox(live_stack: Any, conference: str, make_token: Any) -> None:
    """A reviewer's offer -> stream -> SES -> /dev/mailbox, with the message's parts."""
    sub = f"mailbox-{uuid.uuid4().hex[:8]}"
    address = f"{sub}@example.org"
    applicant = make_token(sub, name="Mae Jemison", email=address)
    grant = live_stack.post(path(conference), application(), token=applicant)
    assert grant.status == 201, grant.body
    assert review(live_stack, conference, grant.body["id"], make_token("rita", "review_travel_grant"),
                  {"status": "offered", "approved_amount": "800.00"}).status == 200

    mine = wait_until(lambda: [m for m in _mailbox(live_stack.base_url)
                               if m["to"] == address and "offer" in m["subject"]], timeout=60)
    assert len(mine) == 1, _mailbox(live_stack.base_url)[:3]
    message = mine[0]
    assert set(message) >= {"id", "to", "subject", "text", "html", "sent_at"}
    assert "Travel grant offer" in message["subject"]
    assert "800.00" in (message["text"] + message["html"]) and "Mae Jemison" in (message["text"] + message["html"])
    assert message["id"] and message["sent_at"].endswith("Z")

    page = requests.get(f"{live_stack.base_url}/dev/mailbox.html", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert address in page.text and "<script" not in page.text.split("<body>", 1)[1].split("</iframe>")[0].lower()


def test_mailbox_links_open_in_a_new_tab(live_stack: Any) -> None:
    """The text part's URLs are links and every link opens in a new tab: inside the sandboxed frame
    the web app would refuse to load (frame-ancestors 'none')."""
    tag = uuid.uuid4().hex[:8]
    link = f"http://127.0.0.1:5173/c/pycon/grant?from={tag}&x=1"
    _ses().send_email(Source=settings().ses_sender, Destination={"ToAddresses": [f"links-{tag}@example.org"]},
                      Message={"Subject": {"Data": f"Links {tag}"},
                               "Body": {"Text": {"Data": f"To see your grant: {link}."},
                                        "Html": {"Data": f'<p><a href="{link}">See your grant</a></p>'}}})
    page = wait_until(lambda: (p.text if tag in (p := requests.get(f"{live_stack.base_url}/dev/mailbox.html",
                                                                     timeout=10)).text else None), timeout=20)
    article = page.split(f"Links {tag}", 1)[1].split("</article>", 1)[0]
    escaped = link.replace("&", "&amp;")
    assert f'<a href="{escaped}" target="_blank" rel="noopener noreferrer">{escaped}</a>.' in article
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in article  # still no scripts, no same-origin
    assert "target=&quot;_blank&quot; rel=&quot;noopener noreferrer&quot; href=" in article  # the HTML part's link


def test_mailbox_keeps_text_and_html_parts_newest_first(live_stack: Any) -> None:
    """moto keeps one body per message; the mailbox keeps both parts, and raw MIME too."""
    ses = _ses()
    tag = uuid.uuid4().hex[:8]
    ses.send_email(Source=settings().ses_sender, Destination={"ToAddresses": [f"first-{tag}@example.org"]},
                   Message={"Subject": {"Data": f"First {tag}"},
                            "Body": {"Text": {"Data": "plain words"}, "Html": {"Data": "<p>rich <b>words</b></p>"}}})
    raw = EmailMessage()
    raw["From"], raw["To"], raw["Subject"] = settings().ses_sender, f"second-{tag}@example.org", f"Second {tag}"
    raw.set_content("raw plain")
    raw.add_alternative("<p>raw html</p>", subtype="html")
    ses.send_raw_email(Source=settings().ses_sender, Destinations=[f"second-{tag}@example.org"],
                       RawMessage={"Data": raw.as_bytes()})

    messages = [m for m in _mailbox(live_stack.base_url) if tag in m["subject"]]
    assert [m["subject"] for m in messages] == [f"Second {tag}", f"First {tag}"]  # newest first
    second, first = messages
    assert first["text"] == "plain words" and first["html"] == "<p>rich <b>words</b></p>"
    assert first["to"] == f"first-{tag}@example.org"
    assert second["text"].strip() == "raw plain" and second["html"].strip() == "<p>raw html</p>"


def test_mailbox_routes_answer_get_only_in_the_error_shape(live_stack: Any) -> None:
    answer = requests.post(f"{live_stack.base_url}/dev/mailbox", timeout=10)
    assert answer.status_code == 405 and answer.json()["error"]["code"] == "method_not_allowed"


def test_the_lambda_app_has_no_dev_routes(app_module: Any) -> None:
    assert not [p for p in app_module.app.routes if p.startswith("/dev")]


def test_dev_routes_answer_cors_for_allowed_origins_only(live_stack: Any) -> None:
    """The web app (another port) reads /dev/ routes: preflight and answer carry CORS for it."""
    allowed = settings().allowed_origins[0]
    preflight = requests.options(f"{live_stack.base_url}/dev/mailbox", timeout=10, headers={
        "Origin": allowed, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == allowed
    answer = requests.get(f"{live_stack.base_url}/dev/mailbox", headers={"Origin": allowed}, timeout=10)
    assert answer.headers["Access-Control-Allow-Origin"] == allowed
    other = requests.get(f"{live_stack.base_url}/dev/mailbox", headers={"Origin": "https://evil.example"}, timeout=10)
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
