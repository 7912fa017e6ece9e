"""The signup rules in Python: capacity, what holds a place, counters, promotion trigger, queue order."""

from __future__ import annotations

import pytest

from chalicelib.domain import signups as rules
from chalicelib.domain.signups import SignupStatus


def activity(places: int | None, taken: int, waiting: int = 0, **extra: object) -> dict[str, object]:
    return {"max_participants": places, "confirmed_count": taken, "waitlist_count": waiting, "is_active": True, **extra}


@pytest.mark.parametrize("places, taken, expected", [(None, 7, None), (10, 3, 7), (10, 10, 0), (10, 12, 0)])
def test_spots_remaining(places: int | None, taken: int, expected: int | None) -> None:
    assert rules.spots_remaining(activity(places, taken)) == expected


@pytest.mark.parametrize("places, taken, waiting, expected", [
    (10, 10, 5, 0), (10, 8, 5, 2), (10, 2, 5, 5), (None, 3, 4, 4), (10, 5, 0, 0), (10, 12, 3, 0),
])
def test_promotable(places: int | None, taken: int, waiting: int, expected: int) -> None:
    assert rules.promotable(activity(places, taken, waiting)) == expected
    assert rules.promotable(activity(places, taken, waiting, is_active=False)) == 0


@pytest.mark.parametrize("places, taken, waiting, confirms", [
    (2, 1, 0, True), (2, 2, 0, False), (2, 1, 1, False), (None, 50, 0, True), (None, 50, 1, False), (0, 0, 0, False),
])
def test_confirm_and_queue_are_complementary_on_an_open_activity(
        places: int | None, taken: int, waiting: int, confirms: bool) -> None:
    values = activity(places, taken, waiting)
    assert rules.CONFIRMS.holds(values) is confirms
    assert rules.QUEUES.holds(values) is not confirms
    closed = {**values, "is_active": False}
    assert not rules.CONFIRMS.holds(closed) and not rules.QUEUES.holds(closed)


def test_what_holds_a_place_decides_every_counter_move() -> None:
    assert rules.counter_moves(None, SignupStatus.CONFIRMED) == {"confirmed_count": 1}
    assert rules.counter_moves(None, SignupStatus.WAITLISTED) == {"waitlist_count": 1}
    assert rules.counter_moves(SignupStatus.WAITLISTED, SignupStatus.CONFIRMED) == {
        "confirmed_count": 1, "waitlist_count": -1}
    assert rules.counter_moves("confirmed", SignupStatus.CANCELLED) == {"confirmed_count": -1}
    assert rules.counter_moves(SignupStatus.CANCELLED, SignupStatus.CANCELLED) == {}
    assert rules.ACTIVE == {SignupStatus.CONFIRMED, SignupStatus.OFFERED, SignupStatus.WAITLISTED}
    assert rules.may_sign_up(None) and rules.may_sign_up("cancelled") and not rules.may_sign_up("waitlisted")
    # An offer holds a place: it moves the counters exactly as a confirmation, and a claim moves none.
    assert rules.counter_moves(SignupStatus.WAITLISTED, SignupStatus.OFFERED) == rules.PROMOTION_MOVES
    assert rules.counter_moves(SignupStatus.OFFERED, SignupStatus.CONFIRMED) == {}
    assert rules.counter_moves(SignupStatus.OFFERED, SignupStatus.EXPIRED) == {"confirmed_count": -1}
    assert rules.may_sign_up("expired") and not rules.may_sign_up("offered")


def test_claim_and_expiry_are_complements_on_an_offer() -> None:
    deadline = "2030-01-01T10:00:00.000000Z"
    offer = {"status": "offered", "claim_by": deadline}
    for now in ("2030-01-01T09:59:59.999999Z", deadline, "2030-01-01T10:00:00.000001Z"):
        assert rules.claimable(now).holds(offer) is not rules.claim_lapsed(now).holds(offer), now
    assert rules.claimable("2030-01-01T09:59:59.999999Z").holds(offer)
    assert rules.claim_lapsed(deadline).holds(offer)  # claim_by itself is too late
    for other in ("confirmed", "waitlisted", "expired", "cancelled"):
        assert not rules.claimable("2000").holds({**offer, "status": other})
        assert not rules.claim_lapsed("2999").holds({**offer, "status": other})
    assert not rules.claimable("2000").holds({"status": "offered"})  # no deadline, no claim


def test_claim_windows_from_the_activity() -> None:
    from datetime import UTC, datetime

    assert rules.claim_hours_of({"claim_hours": 24}) == 24
    assert rules.claim_hours_of({}) is None and rules.claim_hours_of({"claim_hours": 0}) is None
    assert rules.promoted_status(None) is SignupStatus.CONFIRMED
    assert rules.promoted_status(2) is SignupStatus.OFFERED
    offered_at = datetime(2030, 1, 1, 9, 0, 0, 250_000, tzinfo=UTC)
    assert rules.claim_deadline(offered_at, 2) == "2030-01-01T11:00:01.000000Z"  # whole seconds, rounded up
    assert rules.claim_deadline(offered_at.replace(microsecond=0), 2) == "2030-01-01T11:00:00.000000Z"


def test_promotion_echo_is_recognised_but_freed_places_are_not() -> None:
    old = activity(5, 3, 4)
    assert rules.is_promotion_echo(old, {**old, "confirmed_count": 4, "waitlist_count": 3})
    assert not rules.is_promotion_echo(old, {**old, "confirmed_count": 2})  # a cancel
    assert not rules.is_promotion_echo(old, {**old, "max_participants": 8})  # capacity raised
    assert not rules.is_promotion_echo(old, {**old, "waitlist_count": 5})  # waitlisted while free
    assert not rules.is_promotion_echo(None, old)


def test_nobody_joins_the_queue_ahead_of_a_counted_place() -> None:
    last = {"waitlist_last": "2026-05-14T09:00:00.000002Z#b"}
    assert rules.joins_ahead_of_counted("2026-05-14T09:00:00.000003Z#a").holds(last)
    assert not rules.joins_ahead_of_counted("2026-05-14T09:00:00.000001Z#z").holds(last)
    assert not rules.joins_ahead_of_counted("2026-05-14T09:00:00.000002Z#b").holds(last)
    assert rules.joins_ahead_of_counted("2026-05-14T09:00:00.000001Z#z").holds({})
