"""Tell the people signed up for a per-talk activity that its talk moved or left the programme.

The Pretalx sync only writes the activity (pretalx/sync.py); this handler sees the change on
the stream and e-mails each active signup once (services.activity_change_mail: idempotent per
person and change, so a replayed record sends nothing twice). Whether a change is worth an
e-mail is domain.talk_activities.change_notice.
"""

from __future__ import annotations

from ..domain.talk_activities import change_notice
from .stream import StreamRecord, record_handler


@record_handler
def tell_signed_up_people(record: StreamRecord) -> None:
    new = record.new or {}
    if new.get("entity") != "activity":
        return
    kind = change_notice(record.old, new)
    if kind is None:
        return
    from ..services.activity_change_mail import notify_activity_change  # only when there is something to say

    notify_activity_change(kind, new)
