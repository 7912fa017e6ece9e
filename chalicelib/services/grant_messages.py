"""The messages the system writes into a grant's thread, in the applicant's language.

A reviewer's status change, a changed deadline or amount, and an automatic offer from the
waitlist each add a visible message the applicant reads on their grant page (and which the
e-mails do not repeat word for word). They are written once, in the grant's language (`locale`
on the grant: the applicant's), with the e-mails' catalogs (domain/translations.py). English
is the catalogs' source language and needs neither gettext nor Babel (the API's INIT loads
neither); another language loads them once per process, on its first such message.
"""

from __future__ import annotations

from collections.abc import Callable

from ..domain import deadlines as deadline_rules
from ..domain.grants import OFFERED, REJECTED
from ..domain.locale import DEFAULT_LOCALE, supported
from ..domain.money import money_words


def _language(locale: str | None) -> str:
    return supported(locale) or DEFAULT_LOCALE


def words(locale: str) -> Callable[[str], str]:
    """The catalog's gettext for `locale`; English (the messages' own words) as written."""
    if locale == DEFAULT_LOCALE:
        return str
    from ..domain import translations

    return translations.catalog(locale).gettext


def _money(cents: int, locale: str) -> str:
    if locale == DEFAULT_LOCALE:
        return money_words(cents)
    from ..domain import translations

    return translations.money(cents, locale)


def _day(deadline: str, timezone: str, locale: str) -> str:
    if locale == DEFAULT_LOCALE:
        return deadline_rules.day_words(deadline, timezone)
    from ..domain import translations

    return translations.day(deadline, timezone, locale)


def _respond_by(deadline: str | None, timezone: str, locale: str) -> str:
    _ = words(locale)
    return _("Please respond by {day}.").format(day=_day(deadline, timezone, locale)) if deadline else ""


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def status_change(target: str, locale: str | None, approved_cents: int | None, deadline: str | None,
                  timezone: str) -> str | None:
    """What a reviewer's move to `target` tells the applicant; None when the move says nothing
    of its own (info_needed: the reviewer's question is that message)."""
    language = _language(locale)
    _ = words(language)
    if target == REJECTED:
        return _("The reviewers could not offer you a travel grant this time.")
    if target != OFFERED:
        return None
    amount = _("Approved amount: {amount}.").format(amount=_money(approved_cents, language)) if approved_cents else ""
    return _sentences(_("The reviewers offered you a travel grant. Please accept or decline the offer."),
                      amount, _respond_by(deadline, timezone, language))


def deadline_changed(deadline: str, timezone: str, locale: str | None) -> str:
    language = _language(locale)
    _ = words(language)
    return _("The reviewers changed the deadline of your offer: please respond by {day}.").format(
        day=_day(deadline, timezone, language))


def amount_changed(new_cents: int, old_cents: int, locale: str | None) -> str:
    """The visible message of an amount change on an open offer."""
    language = _language(locale)
    _ = words(language)
    return _("The reviewers changed your offer: the grant amount is now {new} (it was {old}). Please accept or "
             "decline the offer as it is now.").format(new=_money(new_cents, language), old=_money(old_cents, language))


def waitlist_offer(approved_cents: int | None, deadline: str | None, timezone: str, locale: str | None) -> str:
    """An offer made automatically when money freed up and the waitlist reached this grant."""
    language = _language(locale)
    _ = words(language)
    amount = _("Approved amount: {amount}.").format(amount=_money(approved_cents, language)) if approved_cents else ""
    return _sentences(_("Money freed up and the reviewers' waitlist reached you: you are offered a travel grant."),
                      amount, _respond_by(deadline, timezone, language))
