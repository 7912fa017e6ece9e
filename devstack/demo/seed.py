"""Demo data for `make run`, written through the same services the API uses."""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib.api.models.conferences import ConferenceIn
from chalicelib.services import conferences

from . import activities as seed_activities
from . import grants as seed_grants

DEMO_SLUG = "pycon-demo"


def demo_conference_body(today: date | None = None) -> dict:
    """A PyCon-shaped conference a few months ahead: tutorials, talks, sprints."""
    start = (today or date.today()) + timedelta(days=120)
    return {
        "name": "PyCon Demo",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=6)).isoformat(),
        "timezone": "America/New_York",
        "sections": [
            {"name": "Tutorials", "start_date": start.isoformat(), "end_date": (start + timedelta(days=1)).isoformat(), "order": 0},
            {"name": "Talks", "start_date": (start + timedelta(days=2)).isoformat(), "end_date": (start + timedelta(days=4)).isoformat(), "order": 1},
            {"name": "Sprints", "start_date": (start + timedelta(days=5)).isoformat(), "end_date": (start + timedelta(days=6)).isoformat(), "order": 2},
        ],
        "max_grant_amount": "3000.00",
        "grant_budget": "250000.00",
    }


def seed_conference(body: dict | None = None) -> str:
    conferences.put_conference(DEMO_SLUG, ConferenceIn.model_validate(body or demo_conference_body()))
    return DEMO_SLUG


#: Each area's demo loader: a callable taking the conference slug.
SEEDERS = [seed_activities.seed, seed_grants.seed]


def seed_all(body: dict | None = None) -> str:
    """The demo conference (`body`, by default `demo_conference_body()`) and every area's demo data."""
    slug = seed_conference(body)
    for seeder in SEEDERS:
        seeder(slug)
    return slug
