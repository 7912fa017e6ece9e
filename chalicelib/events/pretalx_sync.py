"""Scheduled Pretalx sync (filled in by the Pretalx issue)."""

from __future__ import annotations


def run_scheduled_sync() -> dict[str, object]:
    """Sync every conference that has Pretalx settings; returns a summary per conference."""
    return {}
