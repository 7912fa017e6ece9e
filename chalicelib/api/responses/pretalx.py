"""Pretalx sync responses."""

from .base import ResponseModel


class PretalxSyncCounts(ResponseModel):
    """What the conference holds from Pretalx after the sync."""

    rooms: int
    talks: int
    schedule_slots: int
    activities: int
