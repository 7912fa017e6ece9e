"""Payment details: validation per method, encryption at rest, masking, the audited decrypted read."""

from __future__ import annotations

import json

import pytest

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.crypto import DecryptionError
from chalicelib.services import payment_info as service
from chalicelib.store import grants as grant_store
from chalicelib.store import payment as payment_store
from chalicelib.store.keys import grant_pk
from tests.support.grants import application
from tests.support.receipts import ACH, accepted_grant, manage, mine, uploaded_receipt

PAYER = ("disburse_travel_grant",)

METHODS = {
    "ach": (ACH, {"bank_account_number": "********6789", "bank_routing_number": "*****0021"}),
    "wire": ({**ACH, "payment_method": "wire", "bank_routing_number": "DEUTDEFF500", "bank_account_number":
              "DE89370400440532013000", "bank_holder_name": "Ada L."},
             {"bank_account_number": "******************3000", "bank_routing_number": "*******F500"}),
    "paypal": ({**ACH, "payment_method": "paypal", "paypal_email": "ada.pays@example.org"},
               {"paypal_email": "a***@example.org", "bank_account_number": None}),
    "zelle": ({**ACH, "payment_method": "zelle", "zelle_email": "zed@bank.example"}, {"zelle_email": "z***@bank.example"}),
    "wise": ({**ACH, "payment_method": "wise", "wise_email": "w@wise.example"}, {"wise_email": "w***@wise.example"}),
    "check": ({**ACH, "payment_method": "check"}, {"bank_name": None, "legal_name": "Ada Lovelace"}),
}


@pytest.fixture
def open_grant(api, conference, applicant, reviewer):
    return accepted_grant(api, conference, applicant, reviewer)


def _raw_item(conf: str, grant_id: str) -> dict:
    return aws.client("dynamodb").get_item(
        TableName=settings().table_name, Key={"pk": {"S": grant_pk(conf, grant_id)}, "sk": {"S": "PAYMENT"}},
    )["Item"]


@pytest.mark.parametrize("method", sorted(METHODS))
def test_masked_view_per_method_and_nothing_secret_at_rest(api, conference, applicant, open_grant, method):
    body, expected = METHODS[method]
    r = api.put(mine(conference, "/payment-info"), body, token=applicant)
    assert r.status == 200, r.body
    assert r.body["payment_method"] == method
    for field, value in expected.items():
        assert r.body[field] == value, field
    assert api.get(mine(conference, "/payment-info"), token=applicant).body == r.body
    raw = json.dumps(_raw_item(conference, open_grant))
    for field in ("bank_account_number", "bank_routing_number", "paypal_email", "zelle_email", "wise_email"):
        if body.get(field):
            assert body[field] not in raw, field
    assert "key_id" in raw and "edk" in raw


@pytest.mark.parametrize("body, field", [
    ({**ACH, "bank_account_number": None}, "bank_account_number"),
    ({**ACH, "bank_routing_number": "12345"}, "bank_routing_number"),
    ({**ACH, "bank_name": ""}, "bank_name"),
    ({**ACH, "payment_method": "paypal"}, "paypal_email"),
    ({**ACH, "payment_method": "zelle", "zelle_email": "not-an-email"}, "zelle_email"),
    ({**ACH, "payment_method": "wise"}, "wise_email"),
    ({**ACH, "legal_name": " "}, "legal_name"),
    ({**ACH, "address_country": None}, "address_country"),
    ({**ACH, "payment_method": "bitcoin"}, "payment_method"),
    ({**ACH, "pin": "1234"}, "pin"),
])
def test_validation_per_method(api, conference, applicant, open_grant, body, field):
    r = api.put(mine(conference, "/payment-info"), body, token=applicant)
    assert r.status == 422, r.body
    assert field in r.body["error"]["fields"]


def test_locked_before_acceptance_and_404_before_saving(api, conference, applicant, make_token):
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).error_code == "no_grant"  # never applied
    assert api.post(f"/conferences/{conference}/travel-grant", application(), token=applicant).status == 201
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).error_code == "receipts_locked"
    assert api.get(mine(conference, "/payment-info"), token=applicant).status == 404


def test_decrypted_read_needs_permission_and_is_audited(api, conference, applicant, reviewer, payer, open_grant,
                                                      make_token):
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    url = manage(conference, f"/travel-grants/{open_grant}/payment-info")
    checker = make_token("checker", "review_receipt")
    for token in (applicant, reviewer, checker):
        assert api.get(url, token=token).status == 403
    r = api.get(url, token=payer)  # not ready for disbursement yet: no approved receipt
    assert r.status == 403 and r.error_code == "forbidden", r.body
    receipt = uploaded_receipt(api, conference, applicant)
    assert api.post(manage(conference, f"/receipts/{receipt['id']}/approve"), token=checker).status == 200
    r = api.get(url, token=payer)
    assert r.status == 200, r.body
    assert r.headers.get("Cache-Control") == "no-store"
    assert r.body["bank_account_number"] == "000123456789" and r.body["bank_routing_number"] == "021000021"
    assert r.body["legal_name"] == "Ada Lovelace"
    api.get(url, token=payer)
    audits = [i for i in grant_store.read_partition(conference, open_grant).audit
              if i.action == "read_payment_info"]
    assert len(audits) == 2 and {(a.actor_sub, a.actor_name) for a in audits} == {("paula", "Paula Payer")}
    assert api.get(manage(conference, "/travel-grants/aaaaaaaaaaaaaaaaaaaaaaaa/payment-info"), token=payer).status == 404
    assert api.get(manage(conference, "/travel-grants/..%2F/payment-info"), token=payer).status == 404


def test_other_grants_context_and_tampering_fail_closed(api, conference, applicant, reviewer, payer, open_grant,
                                                        make_token):
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    bob = make_token("bob")
    bob_grant = accepted_grant(api, conference, bob, reviewer)
    item = payment_store.get(conference, open_grant)
    with pytest.raises(DecryptionError):
        service.decrypt(item, conference, bob_grant)
    assert service.decrypt(item, conference, open_grant)["bank_account_number"] == "000123456789"

    # Copy Ada's sealed record onto Bob's grant: it must not open there.
    raw = _raw_item(conference, open_grant)
    raw["pk"] = {"S": grant_pk(conference, bob_grant)}
    aws.client("dynamodb").put_item(TableName=settings().table_name, Item=raw)
    r = api.get(manage(conference, f"/travel-grants/{bob_grant}/payment-info"), token=payer)
    assert r.status == 409 and r.error_code == "payment_info_unreadable"
    assert "000123456789" not in r.raw.decode()

    # Flip one byte of a field's ciphertext: fails closed, no garbage.
    envelope = json.loads(raw["envelope"]["S"])
    cipher = bytearray(__import__("base64").b64decode(envelope["fields"]["bank_account_number"]["c"]))
    cipher[0] ^= 1
    envelope["fields"]["bank_account_number"]["c"] = __import__("base64").b64encode(bytes(cipher)).decode()
    raw = _raw_item(conference, open_grant)
    raw["envelope"] = {"S": json.dumps(envelope)}
    aws.client("dynamodb").put_item(TableName=settings().table_name, Item=raw)
    r = api.get(manage(conference, f"/travel-grants/{open_grant}/payment-info"), token=payer)
    assert r.status == 409 and r.error_code == "payment_info_unreadable"


@pytest.mark.parametrize("envelope", [
    {"v": 1, "key_id": "k", "edk": "!!notbase64", "fields": {}},
    {"v": 1, "key_id": "k", "edk": "AAAA", "fields": []},
    {"v": 2},
    {},
])
def test_malformed_envelopes_fail_closed(api, conference, applicant, payer, open_grant, envelope):
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    raw = _raw_item(conference, open_grant)
    raw["envelope"] = {"S": json.dumps(envelope)}
    aws.client("dynamodb").put_item(TableName=settings().table_name, Item=raw)
    r = api.get(manage(conference, f"/travel-grants/{open_grant}/payment-info"), token=payer)
    assert r.status == 409 and r.error_code == "payment_info_unreadable"


def test_the_applicants_payment_answers_are_not_cached(api, conference, applicant, open_grant):
    put = api.put(mine(conference, "/payment-info"), ACH, token=applicant)
    assert put.status == 200 and put.headers.get("Cache-Control") == "no-store"
    got = api.get(mine(conference, "/payment-info"), token=applicant)
    assert got.status == 200 and got.headers.get("Cache-Control") == "no-store"


WIRE = {**ACH, "payment_method": "wire", "address_country": "Portugal", "address_zip": "1000-001",
        "bank_routing_number": "deut deff 500", "bank_account_number": "DE89 3704 0044 0532 0130 00"}


def test_wire_checks_iban_and_bic_in_plain_words(api, conference, applicant, open_grant):
    r = api.put(mine(conference, "/payment-info"), {**WIRE, "bank_account_number": "DE89370400440532013001",
                                                     "bank_routing_number": "DEUT"}, token=applicant)
    assert r.status == 422, r.body
    fields = r.body["error"]["fields"]
    assert "IBAN" in fields["bank_account_number"][0] and "SWIFT/BIC" in fields["bank_routing_number"][0]
    r = api.put(mine(conference, "/payment-info"), {**ACH, "bank_routing_number": "021000022"}, token=applicant)
    assert r.status == 422 and "ABA routing number" in r.body["error"]["fields"]["bank_routing_number"][0]
    r = api.put(mine(conference, "/payment-info"), WIRE, token=applicant)
    assert r.status == 200, r.body
    assert r.body["address_country"] == "PT" and r.body["address_country_name"] == "Portugal"
    assert r.body["bank_routing_number"] == "*******F500" and r.body["details_version"] == 1


def test_postal_code_only_where_the_country_uses_one(api, conference, applicant, open_grant):
    no_zip = {**ACH, "address_zip": None}
    r = api.put(mine(conference, "/payment-info"), no_zip, token=applicant)
    assert r.status == 422 and set(r.body["error"]["fields"]) == {"address_zip"}
    r = api.put(mine(conference, "/payment-info"), {**no_zip, "address_country": "Narnia"}, token=applicant)
    assert r.status == 422 and r.body["error"]["fields"]["address_country"] == ["Choose your country from the list."]
    r = api.put(mine(conference, "/payment-info"), {**no_zip, "address_country": "HK"}, token=applicant)
    assert r.status == 200, r.body


def test_change_keeps_masked_secrets_of_the_version_shown(api, conference, applicant, payer, open_grant):
    first = api.put(mine(conference, "/payment-info"), ACH, token=applicant).body
    # The form starts from the masked view: the person changes the city and leaves the numbers masked.
    change = {**{k: v for k, v in first.items() if k in ACH and k not in ("bank_account_number", "bank_routing_number")},
              "address_city": "Cambridge", "keep": ["bank_account_number", "bank_routing_number"],
              "details_version": first["details_version"]}
    r = api.put(mine(conference, "/payment-info"), {k: v for k, v in change.items() if k != "details_version"},
                token=applicant)
    assert r.status == 422 and "details_version" in r.body["error"]["fields"]
    r = api.put(mine(conference, "/payment-info"), change, token=applicant)
    assert r.status == 200, r.body
    assert r.body["bank_account_number"] == "********6789" and r.body["address_city"] == "Cambridge"
    assert r.body["details_version"] == 2
    item = payment_store.get(conference, open_grant)
    assert service.decrypt(item, conference, open_grant)["bank_account_number"] == "000123456789"
    audit = [i for i in grant_store.read_partition(conference, open_grant).audit
             if i.action == "payment_details_changed"]
    assert audit[-1].details["fields"] == ["address_city"]
    # A form opened on version 1 may not keep what version 2 holds: the person never saw it.
    r = api.put(mine(conference, "/payment-info"), change, token=applicant)
    assert r.status == 412 and r.error_code == "version_conflict", r.body
    # Keeping a secret the saved method did not have is a field error, not a silent blank.
    r = api.put(mine(conference, "/payment-info"), {**change, "payment_method": "paypal", "keep": ["paypal_email"],
                                                    "details_version": 2}, token=applicant)
    assert r.status == 422 and "paypal_email" in r.body["error"]["fields"], r.body


def test_not_yet_is_a_quiet_answer_when_asked_for(api, conference, applicant, make_token):
    other = make_token("nobody-yet")
    assert api.get(f"/conferences/{conference}/travel-grant", token=other).error_code == "no_grant"
    r = api.get(f"/conferences/{conference}/travel-grant?empty_ok=true", token=other)
    assert r.status == 204 and not r.body, r.body
    assert api.post(f"/conferences/{conference}/travel-grant", application(), token=applicant).status == 201
    assert api.get(f"/conferences/{conference}/travel-grant?empty_ok=true", token=applicant).status == 200
    assert api.get(mine(conference, "/payment-info"), token=applicant).status == 404
    assert api.get(mine(conference, "/payment-info?empty_ok=true"), token=applicant).status == 204
    assert api.get(mine(conference, "/payment-info?empty_ok=maybe"), token=applicant).status == 422
