"""E-mails in the person's language: gettext catalogs for the words, CLDR for dates and money.

The English text is written in the code (the catalogs' message ids); the other languages'
catalogs are `chalicelib/locale/<lang>/LC_MESSAGES/messages.po`, compiled to the `.mo` next
to it (`make messages`; a test fails when the `.mo` is not the compiled `.po`, or when a
string of the e-mails lacks a translation). Reading a `.mo` is the standard library's
`gettext`, once per container and language. Babel formats dates and amounts the way each
language writes them; it is imported on the first e-mail only (the stream function renders
e-mails, the API never does), so no request's cold start pays for it.
"""

from __future__ import annotations

import functools
import gettext
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from .locale import DEFAULT_LOCALE, supported

#: Where the catalogs live, and their gettext domain.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
#: The language the message ids are written in: it needs no catalog.
SOURCE_LOCALE = "en"
#: The currency grants are paid in (amounts are integer cents everywhere).
CURRENCY = "USD"


def catalog_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"


@functools.cache
def catalog(locale: str) -> gettext.NullTranslations:
    """The translations of `locale` (English, or an unknown language: the message ids as written).

    A missing `.mo` for a supported language is a broken package, so it raises rather than
    quietly writing English to someone who asked for another language.
    """
    language = supported(locale) or DEFAULT_LOCALE
    if language == SOURCE_LOCALE:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as mo:
        return gettext.GNUTranslations(mo)


def money(cents: int, locale: str) -> str:
    """1234550 cents -> "$12,345.50" (en) / "12.345,50 US$" (es)."""
    from babel.numbers import format_currency

    return format_currency(Decimal(int(cents)).scaleb(-2), CURRENCY, locale=supported(locale) or DEFAULT_LOCALE)


def day(timestamp: str | None, timezone: str, locale: str) -> str:
    """`2026-05-20T14:03:00Z` -> "May 20, 2026" (en) / "20 de mayo de 2026" (es), in `timezone`."""
    if not timestamp:
        return ""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone or "UTC"))
    except (ValueError, KeyError):
        return timestamp[:10]
    from babel.dates import format_date

    return format_date(moment.date(), format="long", locale=supported(locale) or DEFAULT_LOCALE)



def moment(timestamp: str | None, timezone: str, locale: str) -> str:
    """`2026-05-20T14:03:00Z` -> "May 20, 2026, 10:03 AM (America/New_York)" (en) /
    "20 de mayo de 2026, 10:03 (America/New_York)" (es): a deadline to the minute, in `timezone`."""
    if not timestamp:
        return ""
    zone = timezone or "UTC"
    try:
        when = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):
        return timestamp
    from babel.dates import format_date, format_time

    language = supported(locale) or DEFAULT_LOCALE
    return _plain(f"{format_date(when.date(), format='long', locale=language)}, "
                  f"{format_time(when, format='short', locale=language)} ({zone})")


def span(start: str | None, end: str | None, timezone: str, locale: str) -> str:
    """A session's time in `timezone`: "Wednesday, May 13, 2026, 9:00 AM – 12:30 PM (America/New_York)"
    (en) / "miércoles, 13 de mayo de 2026, 9:00 – 12:30 (America/New_York)" (es); '' without a start."""
    if not start:
        return ""
    zone = timezone or "UTC"
    try:
        begins = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
        ends = datetime.fromisoformat(end.replace("Z", "+00:00")).astimezone(ZoneInfo(zone)) if end else None
    except (ValueError, KeyError):
        return start
    from babel.dates import format_date, format_time

    language = supported(locale) or DEFAULT_LOCALE
    text = f"{format_date(begins.date(), format='full', locale=language)}, " \
           f"{format_time(begins, format='short', locale=language)}"
    if ends is not None and ends.date() == begins.date():
        text += f" – {format_time(ends, format='short', locale=language)}"
    elif ends is not None:
        text += f" – {format_date(ends.date(), format='full', locale=language)}, " \
                f"{format_time(ends, format='short', locale=language)}"
    return _plain(f"{text} ({zone})")


def _plain(text: str) -> str:
    """CLDR's narrow no-break space ("9:00\u202fAM") as a plain one: some mail clients show the
    narrow space as a box in the text part."""
    return text.replace("\u202f", " ")
