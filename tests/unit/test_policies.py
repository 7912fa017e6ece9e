"""Who may do and read what (chalicelib.policies), judged without the emulator."""

from __future__ import annotations

import pytest

from chalicelib import policies
from chalicelib.auth import Principal
from chalicelib.errors import Forbidden
from chalicelib.store.grants import GrantItem
from chalicelib.store.keys import grant_id_for

READER = Principal("vic", permissions=frozenset({"view_travel_grant"}))
PAYER = Principal("pat", permissions=frozenset({"disburse_travel_grant"}))
NOBODY = Principal("nat")


def test_nobody_acts_on_their_own_grant() -> None:
    own = grant_id_for("pycon", "rita")
    reviewer = Principal("rita", permissions=frozenset({"review_travel_grant"}))
    refuse = policies.not_own_grant("review")
    with pytest.raises(Forbidden, match="cannot review a travel grant you applied for"):
        refuse(reviewer, {"slug": "pycon", "grant_id": own})
    with pytest.raises(Forbidden):  # a receipt names its grant
        refuse(reviewer, {"slug": "pycon", "receipt_id": f"{own}-{'0' * 16}"})
    refuse(reviewer, {"slug": "pycon", "grant_id": grant_id_for("pycon", "someone")})
    refuse(reviewer, {"slug": "pyconde", "grant_id": own})  # another conference's grant id differs
    refuse(reviewer, {"slug": "pycon"})  # nothing named


def test_a_payer_lists_only_the_ready_grants() -> None:
    assert policies.can_list_grants(READER, ready_only=False)
    assert policies.can_list_grants(PAYER, ready_only=True)
    assert not policies.can_list_grants(PAYER, ready_only=False)
    assert not policies.can_list_grants(NOBODY, ready_only=True)
    with pytest.raises(Forbidden):
        policies.ensure_can_list_grants(PAYER, ready_only=False)


@pytest.mark.parametrize("ready,disbursed_by,payer_may", [
    (True, None, True), (False, "pat", True), (False, "someone", False), (False, None, False)])
def test_a_payer_reads_ready_grants_and_the_ones_they_paid(ready, disbursed_by, payer_may) -> None:
    assert policies.can_read_grant(READER, ready=ready, disbursed_by=disbursed_by)
    assert policies.can_read_grant(PAYER, ready=ready, disbursed_by=disbursed_by) is payer_may
    assert not policies.can_read_grant(NOBODY, ready=ready, disbursed_by=disbursed_by)


@pytest.mark.parametrize("status,has_info,approved,disbursed_by,may", [
    ("accepted", True, 1, None, True),
    ("accepted", False, 1, None, False),
    ("accepted", True, 0, None, False),
    ("offered", True, 1, None, False),
    ("disbursed", True, 1, "pat", True),
    ("disbursed", True, 1, "someone", False),
])
def test_payment_details_are_read_while_ready_or_by_who_paid(status, has_info, approved, disbursed_by, may) -> None:
    facts = {"status": status, "has_payment_info": has_info, "approved_receipts": approved,
             "disbursed_by": disbursed_by}
    assert policies.can_read_payment_details(PAYER, **facts) is may
    assert not policies.can_read_payment_details(READER, **facts)  # reading grants is not reading payment details


def test_the_payment_read_condition_tests_the_predicates_facts() -> None:
    names: dict[str, str] = {}
    values: dict[str, object] = {}
    expression = policies.payer_may_read_condition(GrantItem, "pat").serialize(names, values)
    assert set(names) == {"status", "has_payment_info", "approved_receipts", "disbursed_by"}
    assert {"S": "accepted"} in values.values() and {"S": "pat"} in values.values()
    assert " OR " in expression


def test_organisers_manage_their_own_activities_only() -> None:
    manager = Principal("meg", permissions=frozenset({"manage_activity"}))
    organiser = Principal("olu")
    assert policies.can_manage_activity(manager, [])
    assert policies.can_manage_activity(organiser, ["olu", "x"])
    assert not policies.can_manage_activity(organiser, ["x"])
    assert not policies.can_manage_activity(organiser, None)
