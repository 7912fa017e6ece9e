from chalicelib.store import schedule


def test_publish_replaces_previous_version(conference):
    slot = schedule.Slot(start="2026-05-15T13:00:00Z", end="2026-05-15T13:30:00Z", room="Hall A",
                         talk_code="ABC", submission_type="Talk", title="Hello")
    talk = schedule.Talk(code="ABC", title="Hello", submission_type="Talk", speakers=("Ada",), room="Hall A",
                         start=slot.start, end=slot.end)
    schedule.publish_schedule(conference, [schedule.Room("1", "Hall A")], [talk], [slot])
    assert schedule.list_slots(conference) == [slot]
    assert schedule.list_talks(conference) == [talk]
    schedule.publish_schedule(conference, [], [], [])
    assert schedule.list_slots(conference) == []
    assert schedule.current_pointer(conference).counts == {"rooms": 0, "talks": 0, "schedule_slots": 0}
