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
    assert rules.validate("wire", {**ach, "bank_routing_number": "CITIUS33"}) == {}  # a US bank: no IBAN
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


@pytest.mark.parametrize("routing, ok", [("021000021", True), ("011000015", True), ("021000022", False),
                                         ("02100002", False), ("0210000211", False)])
def test_ach_routing_number_checksum(routing, ok):
    ach = {**BASE, "bank_name": "B", "bank_account_number": "000123456789", "bank_routing_number": routing}
    errors = rules.validate("ach", ach)
    assert ("bank_routing_number" not in errors) is ok, errors


@pytest.mark.parametrize("account", ["12345678901234567", "1234"])
def test_ach_account_numbers_of_plausible_length(account):
    ach = {**BASE, "bank_name": "B", "bank_account_number": account, "bank_routing_number": "021000021"}
    assert rules.validate("ach", ach) == {}
    for wrong in (account + "8" if len(account) == 17 else "123", "12345ABC"):
        assert "bank_account_number" in rules.validate("ach", {**ach, "bank_account_number": wrong})


WIRE = {**BASE, "bank_name": "Deutsche Bank", "bank_account_number": "DE89 3704 0044 0532 0130 00",
        "bank_routing_number": "DEUTDEFF500"}


@pytest.mark.parametrize("change, field, words", [
    ({"bank_account_number": "DE89370400440532013001"}, "bank_account_number", "check digits"),  # mod-97 fails
    ({"bank_account_number": "DE8937040044053201300"}, "bank_account_number", "22 characters"),  # too short
    ({"bank_account_number": "US89370400440532013000"}, "bank_account_number", "IBANs do not exist"),
    ({"bank_account_number": "0532013000"}, "bank_account_number", "IBAN"),  # a German bank needs the IBAN
    ({"bank_routing_number": "DEUTDE"}, "bank_routing_number", "SWIFT/BIC"),
    ({"bank_routing_number": "DEUTXXFF"}, "bank_routing_number", "country"),
])
def test_wire_checks_iban_and_bic(change, field, words):
    assert rules.validate("wire", WIRE) == {}
    errors = rules.validate("wire", {**WIRE, **change})
    assert field in errors and words in errors[field][0], errors


def test_iban_of_other_countries_and_plain_words():
    for iban in ("GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606", "PT50000201231234567890154"):
        assert rules.iban_problem(rules.normalise_number(iban)) is None, iban
    errors = rules.validate("wire", {**WIRE, "bank_account_number": "", "bank_routing_number": ""})
    assert errors["bank_account_number"] == ["Enter your IBAN or account number: an international wire transfer needs it."]
    assert errors["bank_routing_number"] == ["Enter your bank's SWIFT/BIC code: an international wire transfer needs it."]
    assert all(code not in str(list(errors.values())) for code in ("iban", "bic", "for wire", "bank_"))


def test_country_from_the_list_and_postal_code_only_where_used():
    assert rules.country_code("pt") == "PT" and rules.country_code("Portugal") == "PT"
    assert rules.country_code("UK") == "GB" and rules.country_code("Atlantis") is None
    assert rules.validate("check", {**BASE, "address_country": "Atlantis"}) == {
        "address_country": ["Choose your country from the list."]}
    no_zip = {**BASE, "address_zip": None}
    assert set(rules.validate("check", {**no_zip, "address_country": "GB"})) == {"address_zip"}
    assert rules.validate("check", {**no_zip, "address_country": "HK"}) == {}  # Hong Kong has no postal codes
    assert rules.validate("check", {**no_zip, "address_country": "AE"}) == {}
    assert rules.clean("check", {**BASE, "address_country": "portugal"})["address_country"] == "PT"
