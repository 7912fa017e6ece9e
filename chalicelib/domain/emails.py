"""What an e-mail says, as plain text and as HTML, and the web app link it carries.

Pure (no AWS): services.notify decides when to send and through what. Every e-mail has a
greeting, paragraphs, one call to action with a direct link to the web app page concerned
(built from the stage's FRONTEND_URL; without one the text still names the page), and a
signature. User content (names, titles, a reviewer's reason) is escaped in the HTML part:
an applicant named `<script>` must not become markup in someone's mail client. The words are
the person's language (domain.translations): the frame here, the content from its builder.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import quote

from .locale import DEFAULT_LOCALE
from .translations import catalog


def page_url(frontend_url: str | None, path: str) -> str | None:
    """`https://grants.example.org` + `/c/pycon/grant` -> the full link; None without a frontend URL."""
    if not frontend_url:
        return None
    return frontend_url.rstrip("/") + "/" + path.lstrip("/")


def _q(segment: str) -> str:
    """One path segment, quoted: a slug can never break out of its place in the path."""
    return quote(segment, safe="")


# The web app's pages e-mails link to (the routes agreed with the web app).
def grant_page(slug: str) -> str:
    return f"/c/{_q(slug)}/grant"


def receipts_page(slug: str) -> str:
    return f"/c/{_q(slug)}/grant/receipts"


def payment_page(slug: str) -> str:
    return f"/c/{_q(slug)}/grant/payment"


def review_page(slug: str, grant_id: str) -> str:
    """A grant in the reviewers' console."""
    return f"/c/{_q(slug)}/manage/grants/{_q(grant_id)}"


def review_list_page(slug: str) -> str:
    """The reviewers' list of grants."""
    return f"/c/{_q(slug)}/manage/grants"


def activity_page(slug: str, activity_slug: str) -> str:
    return f"/c/{_q(slug)}/activities/{_q(activity_slug)}"


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail (e.g. an activity's `.ics`)."""

    filename: str
    content_type: str  # "text/calendar; method=PUBLISH"...
    data: bytes


@dataclass(frozen=True)
class Email:
    """One e-mail, both parts rendered from the same content."""

    to: str
    subject: str
    body: str  # the text part
    html: str = ""  # the HTML part (same content, escaped)
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Content:
    """The pieces every notification is made of."""

    subject: str
    name: str
    paragraphs: list[str]
    action: str  # "open your travel grant page" etc.: what the link is for
    link: str | None
    signature: str
    #: Label/value lines shown as a small table (amount, date, reason...).
    facts: list[tuple[str, str]] = field(default_factory=list)
    #: The language the frame (greeting, call to action) is written in, as the content is.
    locale: str = DEFAULT_LOCALE

    def _greeting(self) -> str:
        _ = catalog(self.locale).gettext
        return _("Hello {name},").format(name=self.name) if self.name else _("Hello,")

    def _call(self, action: str) -> str:
        _ = catalog(self.locale).gettext
        return _("To {action}: {link}").format(action=action, link=self.link) if self.link \
            else _("Please {action}.").format(action=action)

    def text(self) -> str:
        lines = [self._greeting(), *self.paragraphs]
        if self.facts:
            lines.append("\n".join(f"{label}: {value}" for label, value in self.facts))
        lines.append(self._call(self.action))
        return "\n\n".join(lines) + f"\n\n-- {self.signature}\n"

    def html(self) -> str:
        e = html.escape
        parts = [f"<p>{e(self._greeting())}</p>", *(f"<p>{e(p)}</p>" for p in self.paragraphs)]
        if self.facts:
            rows = "".join(f"<tr><th align=\"left\">{e(label)}</th><td>{e(value)}</td></tr>"
                           for label, value in self.facts)
            parts.append(f"<table>{rows}</table>")
        if self.link:
            parts.append(f"<p><a href=\"{e(self.link, quote=True)}\">{e(self.action[:1].upper() + self.action[1:])}</a>"
                         f"</p>")
        else:
            parts.append(f"<p>{e(self._call(self.action))}</p>")
        parts.append(f"<p>&mdash; {e(self.signature)}</p>")
        return (f"<!DOCTYPE html><html lang=\"{e(self.locale, quote=True)}\"><head><meta charset=\"utf-8\"><title>" + e(self.subject) + "</title></head><body>"
                + "\n".join(parts) + "</body></html>\n")

    def email(self, to: str) -> Email:
        return Email(to=to, subject=self.subject, body=self.text(), html=self.html())
