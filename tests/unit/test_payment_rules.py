"""Payment rules without AWS: per-method validation, cleaning and masking."""

from __future__ import annotations

import pytest

from chalicelib.domain import payment as rules

BASE = {"legal_name": "Ada", "address_street": "1 Way", "address_city": "London", "address_zip": "N1",
        "address_country": "GB"}


@pytest.mark.parametrize("method, extra, missing", [
    ("check", {}, set()),
    ("paypal", {}, {"paypal_email"}),
    ("zelle", {}, {"zelle_email"}),
    ("wise", {}, {"wise_email"}),
    ("ach", {}, {"bank_name", "bank_account_number", "bank_routing_number"}),
    ("wire", {"bank_name": "B"}, {"bank_account_number", "bank_routing_number"}),
])
def test_required_fields_per_method(method, extra, missing):
    assert set(rules.validate(method, {**BASE, **extra})) == missing


def test_address_fields_always_required_and_state_optional():
    errors = rules.validate("check", {"legal_name": "Ada"})
    assert set(errors) == {"address_street", "address_city", "address_zip", "address_country"}


def test_formats():
    ach = {**BASE, "bank_name": "B", "bank_account_number": "1234-5678 90", "bank_routing_number": "0210 0002 1"}
    assert rules.validate("ach", ach) == {}
    assert "bank_routing_number" in rules.validate("ach", {**ach, "bank_routing_number": "DEUTDEFF"})
    assert rules.validate("wire", {**ach, "bank_routing_number": "DEUTDEFF"}) == {}
    assert "bank_account_number" in rules.validate("ach", {**ach, "bank_account_number": "12"})
    assert "paypal_email" in rules.validate("paypal", {**BASE, "paypal_email": "nope"})
    assert rules.validate("bitcoin", BASE) == {"payment_method": ["must be one of zelle, paypal, ach, wire, wise, check"]}


def test_clean_keeps_only_what_the_method_uses_and_compacts_numbers():
    values = {**BASE, "paypal_email": "a@b.co", "bank_account_number": "12 34-56", "bank_name": "B"}
    assert rules.clean("paypal", values) == {**BASE, "paypal_email": "a@b.co"}
    assert rules.clean("ach", values)["bank_account_number"] == "123456"


def test_masking():
    assert rules.mask_number("000123456789") == "********6789"
    assert rules.mask_number("1234") == "****"
    assert rules.mask_email("jane.doe@example.com") == "j***@example.com"
    view = rules.masked_view("zelle", {**BASE, "zelle_email": "zed@bank.example"})
    assert view["zelle_email"] == "z***@bank.example" and view["legal_name"] == "Ada"
    assert view["bank_account_number"] is None and view["payment_method"] == "zelle"
    secret_view = rules.masked_view("ach", {"bank_account_number": "987654321", "bank_routing_number": "021000021"})
    assert "987654321" not in str(secret_view) and "021000021" not in str(secret_view)
