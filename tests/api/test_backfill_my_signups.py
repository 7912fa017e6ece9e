"""Upgrading stored data: active signups made before `my/signups` existed get listed by it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.aws import client
from chalicelib.cli import main as cli
from chalicelib.config import settings
from chalicelib.store import backfill
from chalicelib.store.keys import activity_partition, lock_sk
from tests.support.activities import my_signups, sign_up
from tests.support.clients import Api


def _as_written_before_my_signups(conf: str, activity: str, sub: str) -> None:
    """The lock without what `my/signups` reads: GSI1 keys, the activity's slug and name."""
    client("dynamodb").update_item(
        TableName=settings().table_name,
        Key={"pk": {"S": activity_partition(conf, activity)}, "sk": {"S": lock_sk(sub)}},
        UpdateExpression="REMOVE gsi1pk, gsi1sk, activity_slug, activity_name",
    )


def _listed(api: Api, conf: str, token: str) -> list[tuple[str, str]]:
    reply = my_signups(api, conf, token)
    assert reply.status == 200, reply.body
    return [(s["activity_slug"], s["activity_name"]) for s in reply.body["signups"]]


def _new_activity(api: Api, conf: str, token: str, **fields: Any) -> str:
    reply = api.post(f"/manage/conferences/{conf}/activities", fields, token=token)
    assert reply.status == 201, reply.body
    return reply.body["slug"]


def test_backfill_lists_old_signups_again_and_is_safe_to_rerun(api: Api, conference: str,
                                                                make_token: Callable[..., str], capsys: Any) -> None:
    manager = make_token("backfill-manager", "manage_activity")
    first = _new_activity(api, conference, manager, name="Tutorial: Async")
    second = _new_activity(api, conference, manager, name="Sprint Night", max_participants=1)
    long_sub = "\U0001d49c" * 256  # 1,024 bytes of UTF-8: its lock key holds only a hash of the sub
    old, other, long = make_token("old-user"), make_token("other-user"), make_token(long_sub)
    sign_up(api, conference, first, old)
    sign_up(api, conference, second, other)
    sign_up(api, conference, second, old)  # waitlisted: still an active signup
    sign_up(api, conference, first, long)
    for activity, sub in ((first, "old-user"), (second, "old-user"), (first, long_sub)):
        _as_written_before_my_signups(conference, activity, sub)
    assert _listed(api, conference, old) == [] and _listed(api, conference, long) == []

    assert backfill.my_signups_index(dry_run=True).updated >= 3
    assert _listed(api, conference, old) == []  # a dry run writes nothing

    assert cli(["backfill"]) == 0
    assert "updated" in capsys.readouterr().out
    assert _listed(api, conference, old) == [(first, "Tutorial: Async"), (second, "Sprint Night")]
    assert _listed(api, conference, long) == [(first, "Tutorial: Async")]
    assert _listed(api, conference, other) == [(second, "Sprint Night")]  # untouched, still listed

    again = backfill.my_signups_index()
    assert again.updated == 0  # nothing left to upgrade: re-running changes nothing
