"""Finding people the conference knows (to choose an activity's organisers)."""

from __future__ import annotations

from typing import Any

from ..store import people as store


def search(conf: str, text: str) -> list[dict[str, Any]]:
    """Matches by name, then by e-mail, each person once, as the API shows them."""
    return [person._asdict() for person in store.search(conf, text)]
