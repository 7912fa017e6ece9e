"""Statuses exist once (domain.grants.GrantStatus, domain.receipts.ReceiptStatus,
domain.signups.SignupStatus): every
other list of them (the API's literals, the OpenAPI enums, the stats counters, the stats
answer) is derived from those enums or checked against them here."""

from __future__ import annotations

import typing

from chalicelib.api.models import activities as activity_models
from chalicelib.api.models import grants as grant_models
from chalicelib.api.responses import grants as grant_responses
from chalicelib.api.responses import receipts as receipt_responses
from chalicelib.domain import grants as grant_rules
from chalicelib.domain import receipts as receipt_rules
from chalicelib.domain.grants import GrantStatus
from chalicelib.domain.receipts import ReceiptStatus
from chalicelib.domain.signups import SignupStatus
from chalicelib.store import grant_entries

GRANT_STATUSES = tuple(s.value for s in GrantStatus)
RECEIPT_STATUSES = tuple(s.value for s in ReceiptStatus)


def test_the_api_literals_are_the_domain_statuses() -> None:
    assert typing.get_args(grant_models.GrantStatus) == GRANT_STATUSES
    assert grant_rules.STATUSES == GRANT_STATUSES
    status = receipt_responses.ReceiptOut.model_fields["status"].annotation
    assert typing.get_args(status) == (*RECEIPT_STATUSES, receipt_rules.MISSING_FILE)
    assert receipt_rules.STATUSES == RECEIPT_STATUSES
    assert typing.get_args(activity_models.SignupStatus) == tuple(s.value for s in SignupStatus)


def test_the_openapi_enums_are_the_domain_statuses() -> None:
    import app  # noqa: F401 - registers the routes the document is built from
    from chalicelib.api.openapi import openapi_document

    document = openapi_document()
    schemas = document["components"]["schemas"]
    grant_enums = [schemas[name]["properties"]["status"] for name in ("GrantListItem", "ReviewerGrantDetail", "GrantOut")]
    assert all(tuple(e["enum"]) == GRANT_STATUSES for e in grant_enums), grant_enums
    assert tuple(schemas["ReviewerGrantDetail"]["properties"]["transitions"]["items"]["enum"]) == GRANT_STATUSES
    receipt = schemas["ReceiptOut"]["properties"]["status"]
    assert tuple(receipt["enum"]) == (*RECEIPT_STATUSES, receipt_rules.MISSING_FILE)


def test_every_status_has_its_counter_and_nothing_else_does() -> None:
    assert grant_entries.STATUS_NAMES == GRANT_STATUSES
    counted = set(grant_entries.GrantStats._fields) - {"total", *grant_entries.MONEY_COUNTERS}
    assert counted == set(GRANT_STATUSES)
    assert all(hasattr(grant_entries.GrantStatsItem, name) for name in GRANT_STATUSES)
    answered = set(grant_responses.GrantStatsOut.model_fields) - {"total", "total_requested", "total_approved",
                                                                  "total_disbursed"}
    assert answered == set(GRANT_STATUSES)


def test_the_state_machines_name_only_statuses() -> None:
    for source, targets in grant_rules.REVIEWER_TRANSITIONS.items():
        assert source in GRANT_STATUSES and targets <= set(GRANT_STATUSES)
    for action in grant_rules.APPLICANT_ACTIONS.values():
        assert action.sources <= set(GRANT_STATUSES) and action.target in GRANT_STATUSES
    for status in GRANT_STATUSES:
        assert grant_rules.reviewer_transitions(status) == [
            t for t in GRANT_STATUSES if grant_rules.reviewer_can_move(status, t)]
