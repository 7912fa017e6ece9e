"""The demo conference's schedule: a local Pretalx server, synced through the real sync path.

`make run` serves the bundled demo event (event.py) with the Pretalx look-alike on
loopback and points the demo conference at it (base URL, event slug and a token, sealed
like any organiser's). A fresh stack then runs the API's own sync service once, so talks,
speakers, `schedule_by_day` and the day labels are there from the start, and "Sync now"
(`POST /manage/conferences/pycon-demo/pretalx/sync`) and the hourly scheduled sync work
against it. Tutorials are synced one activity per tutorial (`PER_TALK_TYPES`), each with
its room's capacity. The server's port changes between runs; a restored stack re-points the
saved conference at the new one (only if it still points at a loopback demo server).
"""

from __future__ import annotations

import logging
import os
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .event import build
from .pretalx_server import FakePretalx

log = logging.getLogger("devstack.demo.schedule")

EVENT_SLUG = "pycon-demo"
#: Not a secret: the demo server runs on loopback and only this stack knows its port.
DEMO_TOKEN = "local-demo-pretalx-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def start_server(first_day: date, timezone: str, port: int | None = None) -> FakePretalx:
    """Serve the demo event for a conference starting on `first_day` (local times in `timezone`)."""
    wanted = int(os.environ.get("PRETALX_PORT", "0")) if port is None else port
    return FakePretalx(build(first_day, timezone), event=EVENT_SLUG, token=DEMO_TOKEN, max_page_size=50).start(wanted)


#: Like PyCon: each tutorial is its own activity (own room, capacity and signups); the other
#: types stay one activity each.
PER_TALK_TYPES = ["Tutorials"]


def pretalx_body(server: FakePretalx) -> dict[str, Any]:
    """The conference's `pretalx` object (what an organiser would PUT)."""
    return {"base_url": server.url, "event_slug": EVENT_SLUG, "api_token": DEMO_TOKEN,
            "per_talk_types": list(PER_TALK_TYPES)}


def sync(slug: str) -> None:
    """Run the API's sync service for the conference (what "Sync now" runs)."""
    from chalicelib.pretalx import sync as sync_service
    from chalicelib.services import conferences

    conference = conferences.get_conference(slug)
    if conference is None:
        return
    result = sync_service.sync_conference(conference)
    log.info("demo schedule synced: %s", result.counts())


def serve_for_restored(slug: str) -> FakePretalx | None:
    """For a restored stack: serve the event again and re-point the saved conference at it.

    Leaves alone a conference the user pointed elsewhere (another host or event slug).
    """
    from chalicelib.store import conferences as store

    item = store.get(slug)
    pretalx = item.pretalx if item is not None else None
    if not pretalx or pretalx.get("event_slug") != EVENT_SLUG:
        return None
    if urlsplit(str(pretalx.get("base_url"))).hostname not in LOOPBACK_HOSTS:
        return None
    server = start_server(date.fromisoformat(item.start_date), item.timezone or "UTC")
    if pretalx.get("base_url") != server.url:
        store.upsert(slug, {"pretalx": {**pretalx, "base_url": server.url}})  # keeps the sealed token
    return server
