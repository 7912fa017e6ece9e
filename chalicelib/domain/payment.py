"""Payment details: which fields each method needs, which are secret, and how they are masked.

Every field value is encrypted at rest (see services/payment_info.py); what the table
keeps in clear is only the masked view defined here, in which account and routing
numbers show their last 4 characters and e-mails their first character and domain.
"""

from __future__ import annotations

import re
from typing import Any

from .country_data import COUNTRIES, IBAN_BBAN, NO_POSTAL_CODE

METHODS = ("zelle", "paypal", "ach", "wire", "wise", "check")
ADDRESS_FIELDS = ("legal_name", "address_street", "address_city", "address_state", "address_zip", "address_country")
REQUIRED_ALWAYS = ("legal_name", "address_street", "address_city", "address_zip", "address_country")
EMAIL_FIELDS = ("paypal_email", "zelle_email", "wise_email")
NUMBER_FIELDS = ("bank_account_number", "bank_routing_number")
BANK_FIELDS = ("bank_name", "bank_account_number", "bank_routing_number", "bank_holder_name",
               "bank_holder_address", "bank_address", "bank_additional")
ALL_FIELDS = ADDRESS_FIELDS + EMAIL_FIELDS + BANK_FIELDS
#: Fields that must never appear in clear anywhere (table, logs, masked views).
SECRET_FIELDS = EMAIL_FIELDS + NUMBER_FIELDS
_COUNTRY_BY_NAME = {name.casefold(): code for code, name in COUNTRIES.items()}

REQUIRED_BY_METHOD: dict[str, tuple[str, ...]] = {
    "zelle": ("zelle_email",),
    "paypal": ("paypal_email",),
    "wise": ("wise_email",),
    "ach": ("bank_name", "bank_account_number", "bank_routing_number"),
    "wire": ("bank_name", "bank_account_number", "bank_routing_number"),
    "check": (),
}

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_SEPARATORS = re.compile(r"[\s-]+")
#: A US bank account number: digits only, 4 to 17 of them (the ACH file format's field is 17 wide).
_US_ACCOUNT = re.compile(r"^\d{4,17}$")
#: An account number outside the IBAN system: letters or digits, at most 34 (the IBAN's own limit).
_ACCOUNT = re.compile(r"^[A-Z0-9]{4,34}$")
_ABA = re.compile(r"^\d{9}$")
#: ISO 9362: 4 letters (bank), 2 letters (country), 2 letters or digits (location), optionally 3 more (branch).
_BIC = re.compile(r"^([A-Z]{4})([A-Z]{2})([A-Z0-9]{2})([A-Z0-9]{3})?$")
_IBAN_SHAPE = re.compile(r"^([A-Z]{2})(\d{2})([A-Z0-9]+)$")
#: Names people type for their country that are not ISO 3166's own short names.
_COUNTRY_ALIASES = {"uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
                    "wales": "GB", "usa": "US", "united states": "US", "u.s.a.": "US", "u.s.": "US"}
METHOD_NAMES = {"zelle": "Zelle", "paypal": "PayPal", "ach": "a US bank transfer (ACH)",
                "wire": "an international wire transfer", "wise": "Wise", "check": "a cheque"}
#: How each field is called in messages people read.
FIELD_NAMES = {
    "legal_name": "your legal name", "address_street": "your street address", "address_city": "your city",
    "address_zip": "your postal code", "address_country": "your country",
    "paypal_email": "your PayPal e-mail address", "zelle_email": "your Zelle e-mail address",
    "wise_email": "your Wise e-mail address", "bank_name": "your bank's name",
}


def normalise_number(value: str) -> str:
    """Account/routing numbers are often typed with spaces or dashes, in either case; store them compact."""
    return _SEPARATORS.sub("", value).upper()


def country_code(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for what was typed (a code in any case, or an English name), else None."""
    if not value:
        return None
    text = value.strip()
    if text.upper() in COUNTRIES:
        return text.upper()
    lowered = text.casefold()
    if lowered in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[lowered]
    return _COUNTRY_BY_NAME.get(lowered)


def uses_postal_code(code: str) -> bool:
    return code not in NO_POSTAL_CODE


def aba_checksum_ok(number: str) -> bool:
    """ABA routing number check: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) is a multiple of 10."""
    if not _ABA.match(number):
        return False
    d = [int(c) for c in number]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def iban_problem(iban: str) -> str | None:
    """Why a compact IBAN is not valid (ISO 13616: the country's format, then mod-97 = 1), or None."""
    shape = _IBAN_SHAPE.match(iban)
    if not shape:
        return "An IBAN starts with a country code and two check digits, like DE89 3704 0044 0532 0130 00."
    country, _, bban = shape.groups()
    pattern = IBAN_BBAN.get(country)
    if pattern is None:
        return f"IBANs do not exist for {country_name(country)}; enter the account number instead."
    if not re.fullmatch(pattern, bban):
        length = 4 + sum(int(n) for n in re.findall(r"\{(\d+)\}", pattern))
        return f"An IBAN from {country_name(country)} has {length} characters in a set format; check it against your bank statement."
    # Move the first four characters to the end, letters become 10..35, and the number mod 97 must be 1.
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        return "This IBAN's check digits do not match the rest of it: check it for a typo."
    return None


def bic_problem(bic: str) -> str | None:
    match = _BIC.match(bic)
    if not match:
        return "A SWIFT/BIC code has 8 or 11 letters and digits, like DEUTDEFF or DEUTDEFF500."
    if match.group(2) not in COUNTRIES:
        return f"The SWIFT/BIC code's country ({match.group(2)}) is not a country code."
    return None


def country_name(code: str) -> str:
    return COUNTRIES.get(code, code)


def bic_country(bic: str) -> str | None:
    match = _BIC.match(bic)
    return match.group(2) if match else None


def validate(method: str, values: dict[str, str | None]) -> dict[str, list[str]]:
    """Field errors for a payment record (empty when valid), worded for the person filling the form.

    `values` are stripped strings. ACH is a US domestic transfer: a US account number and an ABA
    routing number. A wire is international: the account is an IBAN wherever the bank's country
    (from its SWIFT/BIC code) uses IBANs, and the routing field holds the SWIFT/BIC code.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if method not in METHODS:
        add("payment_method", f"must be one of {', '.join(METHODS)}")
        return errors
    country = country_code(values.get("address_country"))
    if values.get("address_country") and country is None:
        add("address_country", "Choose your country from the list.")
    required = [*REQUIRED_ALWAYS, *REQUIRED_BY_METHOD[method]]
    if country is not None and not uses_postal_code(country):
        required.remove("address_zip")  # addresses there have none
    for field in required:
        if not values.get(field):
            if field in REQUIRED_BY_METHOD[method]:
                add(field, f"Enter {_field_name(method, field)}: {METHOD_NAMES[method]} needs it.")
            else:
                add(field, f"Enter {_field_name(method, field)}.")
    for field in EMAIL_FIELDS:
        value = values.get(field)
        if value and not _EMAIL.match(value):
            add(field, "Enter an e-mail address like ada@example.com.")
    if method == "ach":
        _check_ach(values, add)
    elif method == "wire":
        _check_wire(values, add)
    return errors


def _field_name(method: str, field: str) -> str:
    if field == "bank_account_number":
        return "your account number" if method == "ach" else "your IBAN or account number"
    if field == "bank_routing_number":
        return "your bank's ABA routing number" if method == "ach" else "your bank's SWIFT/BIC code"
    return FIELD_NAMES.get(field, field.replace("_", " "))


def _check_ach(values: dict[str, str | None], add: Any) -> None:
    account = values.get("bank_account_number")
    if account and not _US_ACCOUNT.match(normalise_number(account)):
        add("bank_account_number", "A US account number has 4 to 17 digits.")
    routing = values.get("bank_routing_number")
    if routing:
        compact = normalise_number(routing)
        if not _ABA.match(compact):
            add("bank_routing_number", "An ABA routing number has 9 digits (the first group on a US cheque).")
        elif not aba_checksum_ok(compact):
            add("bank_routing_number", "This ABA routing number's check digit does not match: check it for a typo.")


def _check_wire(values: dict[str, str | None], add: Any) -> None:
    routing = values.get("bank_routing_number")
    bank_country = None
    if routing:
        bic = normalise_number(routing)
        problem = bic_problem(bic)
        if problem:
            add("bank_routing_number", problem)
        else:
            bank_country = bic_country(bic)
    account = values.get("bank_account_number")
    if not account:
        return
    compact = normalise_number(account)
    looks_like_iban = bool(_IBAN_SHAPE.match(compact)) and compact[:2] in COUNTRIES
    if looks_like_iban or (bank_country is not None and bank_country in IBAN_BBAN):
        problem = iban_problem(compact)
        if problem and not looks_like_iban:
            problem = f"Banks in {country_name(bank_country or '')} are paid by IBAN: enter the IBAN, not the account number."
        if problem:
            add("bank_account_number", problem)
    elif not _ACCOUNT.match(compact):
        add("bank_account_number", "An account number has 4 to 34 letters or digits.")


def clean(method: str, values: dict[str, str | None]) -> dict[str, str]:
    """The fields worth keeping for `method`: non-empty, numbers compacted, others dropped."""
    relevant = set(ADDRESS_FIELDS)
    if method in ("paypal", "zelle", "wise"):
        relevant.add(f"{method}_email")
    if method in ("ach", "wire"):
        relevant.update(BANK_FIELDS)
    kept: dict[str, str] = {}
    for field in ALL_FIELDS:
        value = values.get(field)
        if field in relevant and value:
            if field in NUMBER_FIELDS:
                value = normalise_number(value)
            elif field == "address_country":
                value = country_code(value) or value
            kept[field] = value
    return kept


def mask_number(value: str) -> str:
    """`123456789` -> `*****6789`: only the last 4 characters survive."""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def mask_email(value: str) -> str:
    """`jane.doe@example.com` -> `j***@example.com`: first character and domain only."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def masked_view(method: str, fields: dict[str, str]) -> dict[str, Any]:
    """What the applicant sees (and what the table may keep in clear)."""
    view: dict[str, Any] = {"payment_method": method}
    for field in ALL_FIELDS:
        value = fields.get(field)
        if value is None:
            view[field] = None
        elif field in NUMBER_FIELDS:
            view[field] = mask_number(value)
        elif field in EMAIL_FIELDS:
            view[field] = mask_email(value)
        else:
            view[field] = value
    return view


def changed_fields(old_masked: dict[str, Any] | None, new_masked: dict[str, Any]) -> list[str]:
    """The fields a save changed, judged from the masked views (never from the values).

    Clear fields compare exactly; a secret field counts as changed when its masked form
    (length and last characters, or first character and domain) differs.
    """
    if old_masked is None:
        return sorted(name for name, value in new_masked.items() if value is not None)
    names = {"payment_method", *ALL_FIELDS}
    return sorted(name for name in names if old_masked.get(name) != new_masked.get(name))


def full_view(method: str, fields: dict[str, str]) -> dict[str, Any]:
    """The decrypted record for the person who pays (every field, None when not given)."""
    return {"payment_method": method, **{field: fields.get(field) for field in ALL_FIELDS}}
