"""The e-mails' catalogs: every sentence translated, placeholders kept, the `.mo` the `.po` compiled."""

from __future__ import annotations

import re
import string

import pytest

from chalicelib.domain import translations
from chalicelib.domain.locale import SUPPORTED
from infra import messages

LOCALES = messages.translated_locales()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_supported_language_but_the_source_one_has_a_catalog():
    assert set(LOCALES) == set(SUPPORTED) - {messages.SOURCE_LOCALE} and LOCALES
    for locale in LOCALES:
        assert messages.po_path(locale).is_file() and messages.mo_path(locale).is_file()


def test_the_code_has_sentences_to_translate():
    ids = {m.id for m in messages.extract() if m.id}
    assert "Hello {name}," in ids and "We received your travel grant application for {conference}" in ids


@pytest.mark.parametrize("locale", LOCALES)
def test_every_sentence_of_the_emails_is_translated(locale):
    """A sentence added to an e-mail fails here until `make messages` adds it and someone translates it."""
    catalog = messages.read(locale)
    for message in messages.extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        assert entry is not None, f"{locale}: {message.id!r} is not in {messages.po_path(locale)} (make messages)"
        assert entry.string, f"{locale}: {message.id!r} has no translation"
        assert not entry.fuzzy, f"{locale}: {message.id!r} is marked fuzzy: review it"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_catalog_entry_is_empty_fuzzy_or_unused(locale):
    catalog = messages.read(locale)
    used = {m.id for m in messages.extract() if m.id}
    for entry in catalog:
        if not entry.id:
            continue
        assert entry.string and not entry.fuzzy, f"{locale}: {entry.id!r} is empty or fuzzy"
        assert entry.id in used, f"{locale}: {entry.id!r} is no longer used (make messages drops it)"
    assert not catalog.obsolete


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    for entry in messages.read(locale):
        if entry.id:
            assert _fields(entry.string) == _fields(entry.id), f"{locale}: {entry.id!r} -> {entry.string!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_mo_is_the_po_compiled(locale):
    assert messages.mo_path(locale).read_bytes() == messages.compiled(messages.read(locale)), \
        "the .mo is out of date: run `make messages`"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_runtime_reads_the_catalog_with_the_standard_library(locale):
    catalog = translations.catalog(locale)
    assert catalog.gettext("Hello,") != "Hello," and re.search(r"\w", catalog.gettext("Hello,"))


def test_dates_and_money_follow_the_language():
    assert translations.money(123450, "en") == "$1,234.50"
    assert translations.money(123450, "es") == "1.234,50\xa0US$"
    assert translations.day("2026-05-21T02:30:00Z", "America/New_York", "en") == "May 20, 2026"
    assert translations.day("2026-05-21T02:30:00Z", "America/New_York", "es") == "20 de mayo de 2026"
