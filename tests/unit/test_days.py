"""Day detection, tiers 1 and 2 (pure: no AWS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib.domain.conference import Conference, Section
from chalicelib.domain.days import day_choices, day_label, days_from_sections, days_from_slots, local_date


@dataclass
class S:
    start: str
    talk_code: str | None = "T"
    submission_type: str | None = "Talk"


def conf(sections=(), start="2026-05-13", end="2026-05-19") -> Conference:
    return Conference(slug="c", name="C", start_date=date.fromisoformat(start), end_date=date.fromisoformat(end),
                      sections=tuple(sections))


def test_label_format_has_no_padding():
    assert day_label(date(2026, 5, 13)) == "Wednesday, May 13"
    assert day_label(date(2026, 6, 1)) == "Monday, June 1"


def test_local_date_uses_the_conference_timezone():
    assert local_date("2026-05-14T02:00:00Z", "America/New_York") == date(2026, 5, 13)
    assert local_date("2026-05-14T02:00:00Z", "UTC") == date(2026, 5, 14)
    assert local_date("2026-05-13T23:30:00Z", "Asia/Tokyo") == date(2026, 5, 14)
    assert local_date("garbage", "UTC") is None


def test_tier1_one_entry_per_date_sorted():
    slots = [S("2026-05-15T14:00:00Z"), S("2026-05-14T14:00:00Z"), S("2026-05-15T16:00:00Z")]
    assert [d.value for d in days_from_slots(slots, "UTC")] == ["2026-05-14", "2026-05-15"]


def test_tier1_majority_type_is_appended():
    slots = [S("2026-05-13T13:00:00Z", submission_type="Tutorial"),
             S("2026-05-13T15:00:00Z", submission_type="Tutorial"),
             S("2026-05-13T17:00:00Z", submission_type="Talk")]
    assert days_from_slots(slots, "America/New_York")[0].label == "Wednesday, May 13 (Tutorial)"


def test_tier1_exactly_half_is_not_a_majority():
    slots = [S("2026-05-13T13:00:00Z", submission_type="Tutorial"), S("2026-05-13T15:00:00Z", submission_type="Talk")]
    assert days_from_slots(slots, "UTC")[0].label == "Wednesday, May 13"


def test_tier1_only_talk_linked_slots_count():
    slots = [S("2026-05-13T13:00:00Z", submission_type="Sprint"),
             S("2026-05-13T14:00:00Z", talk_code=None, submission_type=None),
             S("2026-05-13T15:00:00Z", talk_code=None, submission_type=None),
             S("2026-05-13T16:00:00Z", talk_code=None, submission_type=None)]
    assert days_from_slots(slots, "UTC")[0].label == "Wednesday, May 13 (Sprint)"
    breaks_only = [S("2026-05-14T13:00:00Z", talk_code=None, submission_type=None)]
    assert days_from_slots(breaks_only, "UTC")[0].label == "Thursday, May 14"


def test_tier1_slot_after_midnight_utc_belongs_to_previous_local_day():
    slots = [S("2026-05-14T01:00:00Z", submission_type="Tutorial")]
    assert days_from_slots(slots, "America/New_York")[0].as_dict() == {
        "value": "2026-05-13", "label": "Wednesday, May 13 (Tutorial)"}


def test_tier2_sections_and_uncovered_days():
    c = conf([Section("Tutorials", date(2026, 5, 13), date(2026, 5, 14), 0),
              Section("Sprints", date(2026, 5, 18), date(2026, 5, 19), 2)], start="2026-05-12")
    labels = [d.label for d in days_from_sections(c.dates(), c.sorted_sections())]
    assert labels == [
        "Day 1 -- Tuesday, May 12",
        "Tutorials Day 1 -- Wednesday, May 13",
        "Tutorials Day 2 -- Thursday, May 14",
        "Day 4 -- Friday, May 15",
        "Day 5 -- Saturday, May 16",
        "Day 6 -- Sunday, May 17",
        "Sprints Day 1 -- Monday, May 18",
        "Sprints Day 2 -- Tuesday, May 19",
    ]


def test_tier2_overlapping_sections_use_section_order():
    c = conf([Section("Talks", date(2026, 5, 13), date(2026, 5, 15), 1),
              Section("Tutorials", date(2026, 5, 13), date(2026, 5, 13), 0)], end="2026-05-14")
    labels = [d.label for d in days_from_sections(c.dates(), c.sorted_sections())]
    assert labels == ["Tutorials Day 1 -- Wednesday, May 13", "Talks Day 2 -- Thursday, May 14"]


def test_no_sections_no_slots():
    c = conf(end="2026-05-14")
    assert [d.as_dict() for d in day_choices([], "UTC", c.dates(), ())] == [
        {"value": "2026-05-13", "label": "Day 1 -- Wednesday, May 13"},
        {"value": "2026-05-14", "label": "Day 2 -- Thursday, May 14"},
    ]


def test_slots_win_over_sections():
    c = conf([Section("Tutorials", date(2026, 5, 13), date(2026, 5, 14), 0)])
    choices = day_choices([S("2026-05-16T15:00:00Z")], "UTC", c.dates(), c.sorted_sections())
    assert [d.as_dict() for d in choices] == [{"value": "2026-05-16", "label": "Saturday, May 16 (Talk)"}]


def test_a_section_names_its_days_in_one_form_whatever_the_talks_types_are_called():
    c = conf([Section("Tutorials", date(2026, 5, 13), date(2026, 5, 13), 0),
              Section("Talks", date(2026, 5, 14), date(2026, 5, 14), 1)], end="2026-05-15")
    slots = [S("2026-05-13T15:00:00Z", submission_type="Tutorial"), S("2026-05-14T15:00:00Z"), S("2026-05-15T15:00:00Z")]
    assert [d.label for d in day_choices(slots, "UTC", c.dates(), c.sorted_sections())] == [
        "Wednesday, May 13 (Tutorials)", "Thursday, May 14 (Talks)", "Friday, May 15 (Talk)"]
