"""The typed Pretalx boundary on its own."""

from __future__ import annotations

import pytest

from chalicelib.pretalx.client import PretalxUnavailable
from chalicelib.pretalx.payload import MAX_NAME, parse_collection


def test_known_fields_are_normalised_and_unknown_ones_pass_through() -> None:
    [slot] = parse_collection("slots", [{"room": {"id": 3, "name": {"de": "Halle", "en": "Hall"}}, "submission": "ABC",
                                         "start": "2026-05-14T09:00:00-04:00", "is_visible": False, "extra": [1]}])
    assert slot == {"room": {"id": 3, "name": "Hall"}, "submission": "ABC", "start": "2026-05-14T09:00:00-04:00",
                    "is_visible": False, "extra": [1]}


def test_expanded_submission_types_and_speakers_are_accepted() -> None:
    [sub] = parse_collection("submissions", [{"code": "T1", "title": {"en": "Hi"}, "state": "confirmed",
                                              "submission_type": {"id": 2, "name": {"en": "Tutorial"}},
                                              "speakers": ["SP1", {"code": "SP2", "name": "Zoë"}]}])
    assert sub["submission_type"] == {"id": 2, "name": "Tutorial"}
    assert sub["speakers"] == ["SP1", {"code": "SP2", "name": "Zoë"}]


def test_overlong_names_are_cut_not_refused() -> None:
    [room] = parse_collection("rooms", [{"id": 1, "name": "x" * 10_000, "position": "3"}])
    assert len(room["name"]) == MAX_NAME and room["name"].endswith("…") and room["position"] == 3


@pytest.mark.parametrize("collection, item, where", [
    ("rooms", {"id": 1, "position": "first"}, "rooms[0] (1).position"),
    ("slots", {"start": "2026-05-14T09:00:00Z", "duration": 10**12}, "slots[0].duration"),
    ("slots", {"start": "0001-01-01T00:00:00+14:00"}, "slots[0].start"),
    ("slots", {"end": "9999-12-31T23:00:00-05:00"}, "slots[0].end"),
    ("submissions", {"code": "T1", "speakers": 5}, "submissions[0] (T1).speakers"),
    ("submissions", {"code": "T1", "state": ["confirmed"]}, "submissions[0] (T1).state"),
    ("speakers", {"name": "no code"}, "speakers[0].code"),
    ("submission-types", {"id": {"x": 1}}, "submission-types[0].id"),
])
def test_malformed_items_name_collection_item_and_field(collection: str, item: dict, where: str) -> None:
    with pytest.raises(PretalxUnavailable) as caught:
        parse_collection(collection, [item])
    assert where in str(caught.value)
