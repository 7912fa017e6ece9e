"""A conference as the tests create it: the body, a unique slug, the secret the test tokens are signed with."""

from __future__ import annotations

import uuid
from typing import Any

TEST_SECRET = "test-secret-for-hs256-tokens-0123456789"


def unique_slug(prefix: str = "conf") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def conference_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "PyCon Test",
        "start_date": "2026-05-13",
        "end_date": "2026-05-19",
        "timezone": "America/New_York",
        "sections": [
            {"name": "Tutorials", "start_date": "2026-05-13", "end_date": "2026-05-14", "order": 0},
            {"name": "Talks", "start_date": "2026-05-15", "end_date": "2026-05-17", "order": 1},
            {"name": "Sprints", "start_date": "2026-05-18", "end_date": "2026-05-19", "order": 2},
        ],
        "max_grant_amount": "3000.00",
        "grant_budget": "250000.00",
    }
    body.update(overrides)
    return body
