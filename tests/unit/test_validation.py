"""One 422 for everything wrong in a body: type errors, then the cross-field rules on what parsed."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import field_validator

from chalicelib.api.models.base import RequestModel, text
from chalicelib.api.validation import partial_model, validate_model
from chalicelib.errors import ValidationFailed


class Trip(RequestModel):
    title: text(50, required=True)  # type: ignore[valid-type]
    seats: int
    leave: datetime | None = None
    back: datetime | None = None

    @field_validator("seats")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least one seat")
        return value

    def field_problems(self) -> dict[str, list[str]]:
        if self.leave and self.back and self.back < self.leave:
            return {"back": ["must not be before leave"]}
        return {}


def problems(data: dict) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        validate_model(Trip, data)
    return caught.value.fields or {}


def test_type_errors_and_rules_in_one_answer():
    assert problems({"title": " ", "seats": 2, "leave": "2026-05-02T10:00:00", "back": "2026-05-01T10:00:00"}) == {
        "title": ["must not be blank"], "back": ["must not be before leave"]}


def test_rules_alone_and_a_valid_body():
    assert problems({"title": "x", "seats": 2, "leave": "2026-05-02", "back": "2026-05-01"}) == {
        "back": ["must not be before leave"]}
    assert validate_model(Trip, {"title": "x", "seats": 2}).seats == 2


def test_field_checks_still_apply_to_what_is_left():
    partial = partial_model(Trip)
    with pytest.raises(Exception, match="at least one seat"):
        partial.model_validate({"seats": 0})
    assert partial.model_validate({}).title is None
    assert problems({"title": "x" * 51, "seats": 0}) == {"title": ["must be at most 50 characters"],
                                                         "seats": ["must be at least one seat"]}


def test_a_rule_on_a_broken_field_is_not_reported_twice():
    assert problems({"title": "x", "seats": 1, "leave": "2026-05-02T10:00:00", "back": "yesterday"}) == {
        "back": ["must be a date and time like 2026-05-14T09:00:00 (a zone is optional)"]}
