"""Payment details: which fields each method needs, which are secret, and how they are masked.

Every field value is encrypted at rest (see services/payment_info.py); what the table
keeps in clear is only the masked view defined here, in which account and routing
numbers show their last 4 characters and e-mails their first character and domain.
"""

from __future__ import annotations

import re
from typing import Any

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

REQUIRED_BY_METHOD: dict[str, tuple[str, ...]] = {
    "zelle": ("zelle_email",),
    "paypal": ("paypal_email",),
    "wise": ("wise_email",),
    "ach": ("bank_name", "bank_account_number", "bank_routing_number"),
    "wire": ("bank_name", "bank_account_number", "bank_routing_number"),
    "check": (),
}

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9]{4,34}$")  # plain account numbers and IBANs
_ABA = re.compile(r"^\d{9}$")
_ROUTING_WIRE = re.compile(r"^[A-Za-z0-9]{4,34}$")  # ABA, SWIFT/BIC, sort code...
_SEPARATORS = re.compile(r"[\s-]+")


def normalise_number(value: str) -> str:
    """Account/routing numbers are often typed with spaces or dashes; store them compact."""
    return _SEPARATORS.sub("", value)


def validate(method: str, values: dict[str, str | None]) -> dict[str, list[str]]:
    """Field errors for a payment record (empty when valid). `values` are stripped strings."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if method not in METHODS:
        add("payment_method", f"must be one of {', '.join(METHODS)}")
        return errors
    for field in REQUIRED_ALWAYS + REQUIRED_BY_METHOD[method]:
        if not values.get(field):
            add(field, f"is required for {method}" if field not in REQUIRED_ALWAYS else "is required")
    for field in EMAIL_FIELDS:
        value = values.get(field)
        if value and not _EMAIL.match(value):
            add(field, "must be an e-mail address")
    account = values.get("bank_account_number")
    if account and not _ACCOUNT.match(normalise_number(account)):
        add("bank_account_number", "must be 4 to 34 letters or digits")
    routing = values.get("bank_routing_number")
    if routing:
        compact = normalise_number(routing)
        if method == "ach" and not _ABA.match(compact):
            add("bank_routing_number", "must be a 9-digit ABA routing number for ach")
        elif not _ROUTING_WIRE.match(compact):
            add("bank_routing_number", "must be 4 to 34 letters or digits")
    return errors


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
            kept[field] = normalise_number(value) if field in NUMBER_FIELDS else value
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
