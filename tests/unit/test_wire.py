"""The wire decoder agrees with boto3's TypeDeserializer on every DynamoDB type."""

from __future__ import annotations

from decimal import Decimal

import pytest
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.store.wire import item_to_python, to_python

numbers = st.one_of(st.integers(-(10**37), 10**37),
                    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**20), max_value=10**20))
scalars = st.one_of(st.text(max_size=20), numbers, st.booleans(), st.none(), st.binary(min_size=1, max_size=10),
                    st.sets(st.text(min_size=0, max_size=5), min_size=1, max_size=4),
                    st.sets(st.integers(-1000, 1000), min_size=1, max_size=4))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def _unwrap(value):
    """boto3 wraps binary values in `Binary`; ours are bytes."""
    if isinstance(value, Binary):
        return value.value
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, set):
        return {_unwrap(v) for v in value}
    return value


@settings(max_examples=300, deadline=None)
@given(values)
def test_agrees_with_boto3(value):
    wire = TypeSerializer().serialize(value)
    ours, theirs = to_python(wire), _unwrap(TypeDeserializer().deserialize(wire))
    assert ours == theirs
    assert type(ours) is type(theirs)


def test_numbers_are_decimal_and_items_decode():
    item = {"pk": {"S": "GRANT#c#g"}, "n": {"N": "12.50"}, "l": {"L": [{"N": "1"}, {"NULL": True}]}}
    assert item_to_python(item) == {"pk": "GRANT#c#g", "n": Decimal("12.50"), "l": [Decimal(1), None]}


@pytest.mark.parametrize("bad", [{}, {"S": "a", "N": "1"}, {"X": 1}])
def test_rejects_what_is_not_an_attribute_value(bad):
    with pytest.raises(ValueError):
        to_python(bad)
