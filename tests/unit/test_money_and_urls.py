from decimal import Decimal

import pytest

from chalicelib.domain.conference import is_valid_slug, slugify
from chalicelib.domain.money import cents_to_str, money_words, parse_money, to_cents
from chalicelib.domain.urls import base_url_problem


@pytest.mark.parametrize("value, expected", [
    (1500, "1500.00"), ("1500", "1500.00"), ("12.5", "12.50"), (Decimal("0.01"), "0.01"), ("7.10", "7.10"), (0, "0.00"),
    (Decimal("1E+2"), "100.00"), (12.5, "12.50"), (Decimal("-0"), "0.00"), (Decimal("-0.0"), "0.00"),
])
def test_money_accepts(value, expected):
    assert f"{parse_money(value):.2f}" == expected


@pytest.mark.parametrize("value", ["1.234", -1, "-0.01", "NaN", "Infinity", "abc", "", None, True, [], "1e20", {}])
def test_money_rejects(value):
    with pytest.raises(ValueError):
        parse_money(value)


@pytest.mark.parametrize("value", [
    " 100 ", "100 ", "1_000", "\uff11\uff10\uff10", "\u0661\u0660\u0660", "1e2", "+100", "5.", ".5", "1,000",
    "100\n", "\u00b2", "0x10", "1.2.3", "9" * 41,
])
def test_money_strings_must_match_the_published_pattern_in_ascii(value):
    """Decimal() accepts all of these; the OpenAPI pattern accepts none, so neither do we."""
    with pytest.raises(ValueError):
        parse_money(value)


def test_cents_roundtrip():
    assert to_cents(Decimal("1500.25")) == 150025
    assert cents_to_str(150025) == "1500.25"
    assert cents_to_str(None) is None


def test_amounts_for_people_read_like_the_web_app():
    assert money_words(120000) == "$1,200.00"
    assert money_words(5) == "$0.05"
    assert money_words(0) == "$0.00"
    assert money_words(123456789) == "$1,234,567.89"


@pytest.mark.parametrize("slug, ok", [
    ("pycon-2026", True), ("a", True), ("PyCon", False), ("py_con", False), ("-a", False), ("a--b", False),
    ("a" * 100, True), ("a" * 101, False), ("", False), ("café", False), ("a/b", False), ("a b", False),
])
def test_slug_rules(slug, ok):
    assert is_valid_slug(slug) is ok


def test_slugify():
    assert slugify("Intro to Python: Part 1!") == "intro-to-python-part-1"
    assert slugify("Café Sprint") == "cafe-sprint"
    assert slugify("!!!") == "item"


@pytest.mark.parametrize("url, local, ok", [
    ("https://pretalx.com", False, True),
    ("https://pretalx.example.org/", False, True),
    ("http://pretalx.com", False, False),
    ("http://127.0.0.1:8080", False, False),
    ("http://127.0.0.1:8080", True, True),
    ("http://localhost:9000", True, True),
    ("http://example.com", True, False),
    ("https://10.0.0.5", False, False),
    ("https://169.254.169.254", False, False),
    ("https://127.0.0.1", False, False),
    ("https://user:pw@pretalx.com", False, False),
    ("ftp://pretalx.com", False, False),
    ("https://pretalx.com:99999", False, False),
    ("not a url", False, False),
])
def test_pretalx_base_url_policy(url, local, ok):
    assert (base_url_problem(url, allow_loopback=local) is None) is ok


@pytest.mark.parametrize("url", ["https://pretalx\u202e.com", "https://pretalx.com\u200b", "https://pre\x00talx.com"])
def test_pretalx_base_url_refuses_invisible_characters(url):
    assert base_url_problem(url, allow_loopback=False) is not None
