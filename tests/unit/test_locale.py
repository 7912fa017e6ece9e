"""A person's language: the token's claim, else Accept-Language by q-value, else the conference's default."""

from __future__ import annotations

import pytest

from chalicelib.auth import locale_claim
from chalicelib.domain import locale


@pytest.mark.parametrize("header,expected", [
    ("es", ["es"]),
    ("es-MX", ["es"]),
    ("ES_es", ["es"]),
    ("fr-CH, fr;q=0.9, en;q=0.8, es-MX;q=0.95, *;q=0.5", ["es", "en"]),  # by q-value, not by order
    ("en;q=0.5, es;q=0.5", ["en", "es"]),  # equal q-values keep the header's order
    ("es;q=0, en", ["en"]),  # q=0 refuses a language
    ("en;q=abc, es;q=0.1", ["es"]),  # a malformed range is skipped, not guessed
    ("en;q=1.5", []),  # out of range
    ("de, fr, *", []),
    ("", []),
    (None, []),
    ("es;Q=0.7 , en-GB ; q=0.6", ["es", "en"]),
    ("x" * 2000, []),
])
def test_accept_language_is_read_by_q_value(header, expected):
    assert locale.accepted(header) == expected


def test_the_order_claim_then_header_then_conference_default():
    assert locale.resolve("es", "en", "en") == "es"
    assert locale.resolve("pt-BR", "es-AR, en;q=0.5", "en") == "es"  # a claim we do not write in is skipped
    assert locale.resolve(None, "de", "es") == "es"
    assert locale.resolve("", None, None) == "en"
    assert locale.resolve("", None, "xx") == "en"


def test_a_kept_language_falls_back_to_the_conference_default():
    assert locale.stored("es") == "es" and locale.stored(None, "es") == "es" and locale.stored("fr") == "en"


def test_the_token_names_the_language_by_the_standard_claim_or_a_cognito_custom_attribute():
    assert locale_claim({"locale": "es-419"}) == "es"
    assert locale_claim({"custom:locale": "es"}) == "es"
    assert locale_claim({"locale": "de", "custom:locale": "es"}) == "es"
    assert locale_claim({"locale": 3}) == "" and locale_claim({}) == ""
