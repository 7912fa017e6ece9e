"""A person's language: which one we write to them in, and how a request says it.

The rule, in order: the token's `locale` claim (what the person chose in their account),
else the request's `Accept-Language` (what their browser asks for, by q-value), else the
conference's `default_locale`. Only the languages the e-mail catalogs and the web app
have count: a regional tag falls back to its language (`es-MX` -> `es`), anything else
is skipped, never guessed. The answer is kept with the person's grant and signups, so the
e-mails the stream sends later follow it without a request to ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

#: The languages e-mails and the web app are written in (the request models validate with it).
Locale = Literal["en", "es"]
SUPPORTED: tuple[str, ...] = get_args(Locale)
DEFAULT_LOCALE = "en"
#: The longest Accept-Language value read: browsers send a few dozen bytes; more is not a person.
MAX_HEADER_LENGTH = 1000


def supported(tag: object) -> str | None:
    """`es-MX`, `ES_es`, `es` -> `es`; an unsupported or malformed tag -> None."""
    if not isinstance(tag, str):
        return None
    language = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return language if language in SUPPORTED else None


def _quality(parameters: Iterable[str]) -> float | None:
    """The q-value of one Accept-Language range (1 when absent; None when malformed)."""
    for parameter in parameters:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() != "q":
            continue
        try:
            quality = float(value.strip())
        except ValueError:
            return None
        return quality if 0 <= quality <= 1 else None
    return 1.0


def accepted(header: str | None) -> list[str]:
    """The supported languages an Accept-Language header asks for, best first (RFC 9110 12.5.4).

    Ranges with q=0 are refused, not preferred; equal q-values keep the header's order; `*`
    names no language of ours.
    """
    if not header or len(header) > MAX_HEADER_LENGTH:
        return []
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, *parameters = part.split(";")
        language = supported(tag)
        quality = _quality(parameters)
        if language is None or quality is None or quality <= 0:
            continue
        ranked.append((-quality, index, language))
    best: list[str] = []
    for _, _, language in sorted(ranked):
        if language not in best:
            best.append(language)
    return best


def resolve(claim: object, accept_language: str | None, conference_default: str | None) -> str:
    """The person's language: token claim, else Accept-Language, else the conference's default."""
    chosen = supported(claim)
    if chosen:
        return chosen
    asked = accepted(accept_language)
    if asked:
        return asked[0]
    return supported(conference_default) or DEFAULT_LOCALE


def stored(value: object, conference_default: str | None = None) -> str:
    """The language kept on a grant or signup; items from before it was kept follow the
    conference's default."""
    return supported(value) or supported(conference_default) or DEFAULT_LOCALE
