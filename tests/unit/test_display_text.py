"""One display-text rule for every free-text field."""

from __future__ import annotations

import pytest

from chalicelib.domain.receipts import filename_problems
from chalicelib.domain.text import check_display_text, clean_display_text, forbidden_characters

#: One member of each refused category (and the issue's examples).
HOSTILE = {
    "Cc": "a\x1bb", "Cc-DEL": "a\x7fb", "Cc-C1": "a\x85b", "Cf-RLO": "\u202egpj", "Cf-ZWSP": "x\u200by",
    "Cf-BOM": "\ufeffx", "Cf-LRI": "a\u2066b", "Cs": "a\ud800b", "Co": "a\ue000b", "Cn": "a\u0378b",
    "Zl": "x\u2028y", "Zp": "x\u2029y",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("multiline", [False, True])
def test_refused_in_single_and_multi_line_text(value: str, multiline: bool) -> None:
    with pytest.raises(ValueError, match="U\\+"):
        check_display_text(value, multiline=multiline)


@pytest.mark.parametrize("value", ["Ada Lovelace", "Zoë Ñúñez", "李小龙", "مرحبا", "emoji 🎉", "a b"])
def test_ordinary_text_passes(value: str) -> None:
    assert check_display_text(value) == value


def test_multiline_keeps_line_feeds_and_tabs_but_not_lone_cr() -> None:
    assert check_display_text("one\n\ttwo\r\nthree", multiline=True) == "one\n\ttwo\nthree"
    with pytest.raises(ValueError):
        check_display_text("one\rtwo", multiline=True)
    for single in ("one\ntwo", "one\ttwo"):
        with pytest.raises(ValueError):
            check_display_text(single)


@pytest.mark.parametrize("name", ["\u202egpj.pdf", "x\u200b.pdf", "x\u2028.pdf", "\ufeffx.pdf", "x\u00ad.pdf"])
def test_filenames_with_invisible_characters_are_refused(name: str) -> None:
    assert filename_problems(name, "application/pdf"), name


def test_clean_display_text_for_data_we_cannot_refuse() -> None:
    assert clean_display_text("a\u202eb\u200bc\nd") == "abc d"
    assert clean_display_text("x" * 10, max_length=5) == "xxxx…"
    assert forbidden_characters("a\u202eb\u202e") == ["U+202E"]
