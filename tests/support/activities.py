"""Activities and signups as the API tests drive them: paths, a signup, one's own list, a busy queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.clients import Api


def path(conf: str, activity: str = "", suffix: str = "") -> str:
    base = f"/conferences/{conf}/activities"
    return base + (f"/{activity}" if activity else "") + suffix


def sign_up(api: Api, conf: str, activity: str, token: str) -> dict[str, Any]:
    reply = api.post(path(conf, activity, "/signup"), {}, token=token)
    assert reply.status == 201, reply.body
    return reply.body


def my_signups(api: Api, conf: str, token: str | None) -> Any:
    return api.get(f"/conferences/{conf}/my/signups", token=token)


def place_marks(conf: str, slug: str) -> list[str]:
    """The `waitlist_place_*` attributes on the stored activity item (raw, every attribute)."""
    from chalicelib import aws
    from chalicelib.config import settings
    from chalicelib.store.keys import activity_sk, conference_pk

    item = aws.client("dynamodb").get_item(
        TableName=settings().table_name, Key={"pk": {"S": conference_pk(conf)}, "sk": {"S": activity_sk(slug)}},
        ConsistentRead=True)["Item"]
    return [name for name in item if name.startswith("waitlist_place_")]


def busy_activity(api: Api, conference: str, make_token: Callable[..., str], name: str) -> tuple[str, str]:
    """A one-place activity, taken, whose queue is marked busy (as after a refused guarded waitlisting)."""
    import time

    from chalicelib.store import activities as store

    slug = api.post(f"/manage/conferences/{conference}/activities", {"name": name, "max_participants": 1},
                    token=make_token(f"{name}-manager", "manage_activity")).body["slug"]
    base = f"/conferences/{conference}/activities/{slug}/signup"
    assert api.post(base, {}, token=make_token(f"{name}-holder")).body["status"] == "confirmed"
    assert store.update_activity(conference, slug, {"waitlist_busy_until": time.time() + 60})
    return slug, base
