"""The demo conference's ticket shop: the real local pretix when `make pretix` started one,
else the pretix look-alike (devstack/demo/pretix_server.py) on loopback. Either way the demo
grant the seed accepts gets its voucher from the event pump, as in AWS.

A restored stack re-points a conference still wired to a loopback shop at this run's
(the fake's port changes between runs; the real server may have been stopped or started).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from .pretix_server import FakePretix

#: Not a secret: the fake runs on loopback and only this stack knows its port.
DEMO_TOKEN = "local-demo-pretix-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def start_shop() -> tuple[dict[str, Any], FakePretix | None]:
    """The conference's `pretix` object (what an organiser would PUT) and the fake, if one was started."""
    from devstack.pretix import local as pretix_local

    real = pretix_local.running()
    if real is not None:
        return ({"base_url": real["url"], "organizer": real["organizer"], "event": real["event"],
                 "item_id": real["item_id"], "api_token": real["token"]}, None)
    fake = FakePretix(organizer="pycon", event="pycon-demo", token=DEMO_TOKEN).start(
        int(os.environ.get("PRETIX_FAKE_PORT", "0")))
    return ({"base_url": fake.url, "organizer": fake.organizer, "event": fake.event, "item_id": 1,
             "api_token": fake.token}, fake)


def serve_for_restored(slug: str) -> FakePretix | None:
    """Re-point a restored conference wired to a loopback shop at this run's shop."""
    from chalicelib.api.models.conferences import PretixIn
    from chalicelib.crypto import seal
    from chalicelib.services.conferences import pretix_context
    from chalicelib.store import conferences as store

    item = store.get(slug)
    stored = item.pretix if item is not None else None
    if not stored or urlsplit(str(stored.get("base_url"))).hostname not in LOOPBACK_HOSTS:
        return None
    body, fake = start_shop()
    shop = PretixIn.model_validate(body)
    store.upsert(slug, {"pretix": {"base_url": shop.base_url, "organizer": shop.organizer, "event": shop.event,
                                   "item_id": shop.item_id,
                                   "token": seal({"api_token": shop.api_token or ""}, pretix_context(slug))}})
    return fake


def describe(body: dict[str, Any], fake: FakePretix | None) -> str:
    kind = "the fake pretix (make pretix starts a real one)" if fake is not None else "the local pretix"
    return f"demo tickets: {body['base_url']} ({kind}); accepted grants get vouchers from it"
