"""The local mailbox: every e-mail the emulator's SES accepted, for people and tests to read.

The emulator records each accepted message (text and HTML parts; see devstack/emulator/control.py);
this module reads them over HTTP from the emulator the app is configured with, so it works
for `make run` (emulator in a child process) and for the test suite (emulator in-process).

- `GET /dev/mailbox` -> `{"messages": [{"id","to","subject","text","html","sent_at","from","attachments"?}]}`,
  newest first (the interface the web app reads); `attachments`: `[{"filename", "content_type",
  "size", "content_base64"}]`, on messages sent with files.
- `GET /dev/mailbox.html` -> the same as a page (HTML parts in sandboxed frames). Links work
  as in a mail client: the text part's URLs are links, and every link opens in a new tab
  (inside the frame the web app would refuse to load: its `frame-ancestors 'none'`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import requests

from .dev_http import DevRequest, error_response, json_response, method_not_allowed, response

TIMEOUT = 5


def emulator_url() -> str:
    from chalicelib.config import settings

    endpoint = settings().aws_endpoint_url
    if not endpoint:
        raise RuntimeError("no emulator configured (AWS_ENDPOINT_URL is not set)")
    return endpoint.rstrip("/")


def fetch_messages(endpoint: str | None = None) -> list[dict[str, Any]]:
    """Every accepted e-mail, newest first."""
    answer = requests.get(f"{endpoint or emulator_url()}/_devstack/mailbox", timeout=TIMEOUT)
    answer.raise_for_status()
    return list(answer.json()["messages"])


def burst_line(messages: list[dict[str, Any]], base_url: str = "") -> str:
    """One line for many e-mails sent at once (the demo data's), naming a few recipients."""
    if len(messages) == 1:
        return summary_line(messages[0], base_url)
    recipients = list(dict.fromkeys(str(m.get("to") or "?") for m in messages))
    named = ", ".join(recipients[:3]) + (f" and {len(recipients) - 3} more" if len(recipients) > 3 else "")
    where = f"; read them at {base_url}/dev/mailbox.html" if base_url else ""
    return f"mail: {len(messages)} e-mails from the demo data, to {named}{where}"


def summary_line(message: dict[str, Any], base_url: str = "") -> str:
    """One line for the stack's output when an e-mail is sent."""
    where = f" (read it at {base_url}/dev/mailbox.html)" if base_url else ""
    return f"mail: to {message.get('to') or '?'}: {message.get('subject') or '(no subject)'}{where}"


def _serve(request: DevRequest, render: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any]:
    """GET only; read the mailbox (502 in the error shape if the emulator cannot be read) and render it."""
    refused = method_not_allowed(request, "GET", "HEAD")
    if refused is not None:
        return refused
    try:
        messages = fetch_messages()
    except (requests.RequestException, RuntimeError) as exc:
        return error_response(502, "emulator_unavailable", f"The emulator's mailbox cannot be read: {exc}")
    return render(messages)


def mailbox_json(request: DevRequest) -> dict[str, Any]:
    return _serve(request, lambda messages: json_response(200, {"messages": messages}))


def _attachment_list(message: dict[str, Any]) -> str:
    """The files a message carries, each downloadable (a data: link of its own bytes)."""
    files = message.get("attachments") or []
    if not files:
        return ""
    items = "".join(
        f'<li><a download="{html.escape(str(f.get("filename") or "file"), quote=True)}" '
        f'href="data:{html.escape(str(f.get("content_type") or "application/octet-stream"), quote=True)};base64,'
        f'{html.escape(str(f.get("content_base64") or ""), quote=True)}">{html.escape(str(f.get("filename") or "file"))}'
        f'</a> ({html.escape(str(f.get("content_type") or ""))}, {int(f.get("size") or 0)} bytes)</li>'
        for f in files)
    return f'<p class="meta">Attachments:</p><ul class="attachments">{items}</ul>'
#: A URL in an (escaped) text part: up to whitespace or markup; trailing punctuation is the sentence's.
_URL = re.compile(r"https?://[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$))")
#: An anchor's opening tag in an HTML part.
_ANCHOR = re.compile(r"<a\b", re.IGNORECASE)
NEW_TAB = 'target="_blank" rel="noopener noreferrer"'


def linkify(escaped_text: str) -> str:
    """The URLs of an already escaped text part as links that open in a new tab."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}" {NEW_TAB}>{m.group(0)}</a>', escaped_text)


def links_in_new_tabs(part: str) -> str:
    """An HTML part whose links open in a new tab (the frame's sandbox lets only that out)."""
    return _ANCHOR.sub(f"<a {NEW_TAB}", part)


def render_page(messages: list[dict[str, Any]]) -> str:
    """A plain page: newest first, each message's text, and its HTML part in a sandboxed frame."""
    rows = []
    for message in messages:
        esc = {k: html.escape(str(message.get(k) or "")) for k in ("to", "from", "subject", "sent_at", "text", "id")}
        frame = ""
        if message.get("html"):
            part = links_in_new_tabs(str(message["html"]))
            # No scripts, forms or same-origin access; only links, into an unsandboxed new tab.
            frame = ('<details><summary>HTML part</summary><iframe sandbox="allow-popups '
                     f'allow-popups-to-escape-sandbox" title="HTML part of {esc["id"]}" '
                     f'srcdoc="{html.escape(part, quote=True)}"></iframe></details>')
        rows.append(f'<article id="{esc["id"]}"><h2>{esc["subject"] or "(no subject)"}</h2>'
                    f'<p class="meta">To {esc["to"]} &middot; from {esc["from"]} &middot; '
                    f'<time>{esc["sent_at"]}</time></p><pre>{linkify(esc["text"])}</pre>{frame}'
                    f'{_attachment_list(message)}</article>')
    body = "\n".join(rows) or "<p>No e-mails yet. Anything the stack sends shows up here.</p>"
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Local mailbox</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "article{border-bottom:1px solid #ccc;padding:1rem 0}.meta{color:#555}"
            "pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem}"
            "iframe{width:100%;height:24rem;border:1px solid #ccc}</style></head><body>"
            f"<h1>Local mailbox ({len(messages)})</h1><p>Every e-mail the local SES accepted, newest first. "
            f"JSON: <a href=\"/dev/mailbox\">/dev/mailbox</a>.</p>{body}</body></html>")


def mailbox_html(request: DevRequest) -> dict[str, Any]:
    return _serve(request, lambda messages: response(200, render_page(messages), "text/html; charset=utf-8"))
