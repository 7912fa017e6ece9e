"""Demo activities for `make run` (filled in by the activities issue)."""

from __future__ import annotations


def seed(conference_slug: str) -> None:
    """Create a few demo activities, one of them nearly full."""
