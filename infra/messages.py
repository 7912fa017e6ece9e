"""The e-mails' gettext catalogs: extract, update and compile (`make messages`).

The English sentences are written in the code, in `_()` calls (see services/notify.py);
each other language has `chalicelib/locale/<lang>/LC_MESSAGES/messages.po`, translated by
hand, and its compiled `messages.mo` next to it, which the Lambda reads with the standard
library's gettext. `make messages` adds new sentences to every `.po` (empty: a test fails
until they are translated), drops the ones no longer used, and compiles the `.mo` files.
Babel does the extraction and the compilation; the tests use the same functions to check
that the `.mo` committed is the `.po` compiled.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "chalicelib"
LOCALE_DIR = SOURCES / "locale"
DOMAIN = "messages"
#: The language the message ids are written in (no catalog), and the ones translated.
SOURCE_LOCALE = "en"
PROJECT = "conference-grants e-mails"


def translated_locales() -> list[str]:
    from chalicelib.domain.locale import SUPPORTED

    return [locale for locale in SUPPORTED if locale != SOURCE_LOCALE]


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locale: str) -> Path:
    return po_path(locale).with_suffix(".mo")


def extract() -> Catalog:
    """Every `_("...")` sentence of the app's code (locations left out: diffs stay about words)."""
    template = Catalog(project=PROJECT, fuzzy=False)
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(SOURCES), method_map=[("**.py", "python")], keywords={"_": None}):
        template.add(message, context=context)
    return template


def read(locale: str) -> Catalog:
    with po_path(locale).open("rb") as po:
        return read_po(po, locale=locale)


def compiled(catalog: Catalog) -> bytes:
    """The `.mo` of a catalog (fuzzy entries left out, as gettext would)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(locale: str, template: Catalog) -> Catalog:
    """The locale's catalog with the template's sentences: new ones empty, unused ones dropped."""
    path = po_path(locale)
    catalog = read(locale) if path.exists() else Catalog(locale=locale, project=PROJECT, fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)  # a guessed translation is worse than none
    catalog.obsolete.clear()
    return catalog


def write(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, omit_header=False, no_location=True, sort_output=True, width=100)
    mo_path(locale).write_bytes(compiled(read(locale)))


def main() -> int:
    template = extract()
    missing = 0
    for locale in translated_locales():
        catalog = update(locale, template)
        write(locale, catalog)
        untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        missing += len(untranslated)
        for message_id in untranslated:
            print(f"{locale}: not translated yet: {message_id!r}")
    print(f"{len(template)} sentences; {missing} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
