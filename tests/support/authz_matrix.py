"""Authorization matrix: every route × every kind of caller, with the status the contract says.

One row per route (method + path). Each row names, for every caller, the exact status the
contract gives it against a realistic world (see world.py), or `ALLOWED` where only the
authorization outcome is fixed (anything but 401/403/404/5xx). The table must cover every
route the app registers: `test_table_covers_every_route` (tests/authz/test_authorization_matrix.py)
fails when a route is added without a row, or a row names a route that no longer exists.

Callers: `anonymous`; `applicant` (`ada`: owns the grant, receipts and payment details,
waitlisted on the activity); `other_attendee` (`bob`: no grant, no signup); `organiser_elsewhere`
(`otto`, organises another activity); `organiser` (`olga`, organises this activity); and one
token per permission holding that permission alone.

Rows that change state run against a fresh world of their own; callers run in `CALLERS`
order against it (e.g. `manage_activity` promotes the waitlisted signup, 200, then the
organiser finds it confirmed, 409), so a denied caller that got through would also show up
as a changed outcome for the callers after it. `test_foreign_ids_are_unknown` swaps in ids
that belong to another applicant or another conference: always 404, whatever the permissions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tests.support.conference import conference_body
from tests.support.grants import application
from tests.support.receipts import receipt_body
from tests.support.world import PAYMENT, PERMISSIONS, Place, token

ALLOWED = "allowed"  # any status except 401/403/404 and 5xx
ANON = "anonymous"
APPLICANT = "applicant"
OTHER = "other_attendee"
ORG_ELSEWHERE = "organiser_elsewhere"
ORGANISER = "organiser"
ATTENDEES = (APPLICANT, OTHER, ORG_ELSEWHERE, ORGANISER)
CALLERS = (ANON, OTHER, ORG_ELSEWHERE, *PERMISSIONS, ORGANISER, APPLICANT)
SUBS = {APPLICANT: "ada", OTHER: "bob", ORG_ELSEWHERE: "otto", ORGANISER: "olga"}

# Default place attribute for each path parameter (a row may point one elsewhere).
PARAMS = {"slug": "slug", "activity_slug": "activity", "signup_id": "signup_id", "grant_id": "grant_id",
          "receipt_id": "receipt_pending", "feed": "calendar_feed"}


def caller_token(caller: str) -> str | None:
    if caller == ANON:
        return None
    if caller in SUBS:
        return token(SUBS[caller])
    return token(f"only-{caller.replace('_', '-')}", caller)


Expect = int | str


def everyone(status: int) -> dict[str, Expect]:
    return dict.fromkeys(CALLERS, status)


def signed_in(status: Expect, **overrides: Expect) -> dict[str, Expect]:
    table = {**dict.fromkeys(CALLERS, status), ANON: 401}
    table.update(overrides)
    return table


def permitted(perms: tuple[str, ...], status: Expect, *, organiser: bool = False) -> dict[str, Expect]:
    """Holders of any of `perms` (and the activity's organiser, if `organiser`) get `status`; others 403."""
    table: dict[str, Expect] = {**dict.fromkeys(CALLERS, 403), ANON: 401}
    for perm in perms:
        table[perm] = status
    if organiser:
        table[ORGANISER] = status
    return table


def own(status: Expect) -> dict[str, Expect]:
    """Applicant routes: the grant is the caller's own; anyone else has none (404)."""
    return signed_in(404, **{APPLICANT: status})


def own_locked(status: Expect) -> dict[str, Expect]:
    """Receipt and payment routes: a caller without a grant gets 404 `no_grant` (an applicant
    whose grant is not accepted yet gets 409 `receipts_locked`); nothing is shown."""
    return signed_in(404, **{APPLICANT: status})


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, Expect]
    body: Any = None
    fresh: bool = False  # changes state: run on a world of its own
    params: dict[str, str] = field(default_factory=dict)
    query: str = ""  # appended to the URL (the route's required query parameters)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, place: Place) -> str:
        values = asdict(place)
        names = {**PARAMS, **self.params}
        return self.path.format(**{param: values[attr] for param, attr in names.items()}) + self.query


A = "/conferences/{slug}/activities"
MA = "/manage/conferences/{slug}/activities"
G = "/conferences/{slug}/travel-grant"
MG = "/manage/conferences/{slug}/travel-grants"
MR = "/manage/conferences/{slug}/receipts"
ACTIVITY = {"name": "Board Games", "activity_type": "social", "max_participants": 10}
CONFERENCE = conference_body()
MANAGE_ACT = ("manage_activity",)
READ_GRANTS = ("view_travel_grant", "review_travel_grant")
REVIEW = ("review_travel_grant",)
DISBURSE = ("disburse_travel_grant",)
RECEIPTS = ("review_receipt",)
CONF = ("manage_conference",)

TABLE: list[Row] = [
    # system and public reads
    Row("GET", "/health", everyone(200)),
    Row("GET", "/openapi.json", everyone(200)),
    Row("GET", "/conferences/{slug}", everyone(200)),
    Row("GET", A, everyone(200)),
    Row("GET", A + "/{activity_slug}", everyone(200)),
    # attendee activity routes: any signed-in user; ada already holds a (waitlisted) signup
    Row("POST", A + "/{activity_slug}/signup", signed_in(201, **{APPLICANT: 409}), {"note": "hi"}, fresh=True),
    Row("DELETE", A + "/{activity_slug}/signup", signed_in(404, **{APPLICANT: 200}), fresh=True),
    # nobody here holds an offered place: ada's waitlisted signup has nothing to claim, the others have none
    Row("POST", A + "/{activity_slug}/signup/claim", signed_in(404, **{APPLICANT: 409})),
    Row("GET", "/conferences/{slug}/my/signups", signed_in(200)),  # each caller's own (maybe empty) list
    # calendars: the activity's file is public; the feed URL is each caller's own; the feed opens
    # with its secret alone (ada's here), whoever asks
    Row("GET", A + "/{activity_slug}/calendar.ics", everyone(200)),
    Row("GET", "/conferences/{slug}/my/calendar", signed_in(200)),
    Row("DELETE", "/conferences/{slug}/my/calendar", signed_in(204), fresh=True),  # revokes ada's feed
    Row("GET", "/conferences/{slug}/calendar/{feed}", everyone(200)),
    # activity management: manage_activity; signups routes also the activity's organisers
    # organisers (of this or another activity here) get only the activities they organise
    Row("GET", MA, {**permitted(MANAGE_ACT, 200, organiser=True), ORG_ELSEWHERE: 200}),
    Row("POST", MA, permitted(MANAGE_ACT, 201), ACTIVITY),
    Row("GET", MA + "/{activity_slug}", permitted(MANAGE_ACT, 200)),
    Row("PATCH", MA + "/{activity_slug}", permitted(MANAGE_ACT, 200), {"description": "Bring a laptop"}),
    Row("GET", MA + "/{activity_slug}/signups", permitted(MANAGE_ACT, 200, organiser=True)),
    Row("GET", "/manage/conferences/{slug}/people", permitted(MANAGE_ACT, 200), query="?q=ad"),
    Row("GET", MA + "/{activity_slug}/signups.csv", permitted(MANAGE_ACT, 200, organiser=True)),
    # the first allowed caller (manage_activity) promotes; the organiser then finds it confirmed
    Row("POST", MA + "/{activity_slug}/signups/{signup_id}/promote",
        {**permitted(MANAGE_ACT, 200), ORGANISER: 409}, fresh=True),
    # conferences
    Row("GET", "/manage/conferences", permitted(CONF, 200)),
    Row("GET", "/manage/conferences/{slug}", permitted(CONF, 200)),
    Row("PUT", "/manage/conferences/{slug}", permitted(CONF, 200), CONFERENCE),
    Row("PATCH", "/manage/conferences/{slug}", permitted(CONF, 200), {"name": "Renamed"}),
    Row("POST", "/manage/conferences/{slug}/pretalx/sync", permitted(CONF, 409)),
    Row("GET", "/manage/conferences/{slug}/pretix/items", permitted(CONF, 409)),  # no pretix in this world
    # the applicant's own grant (accepted, approved amount, payment info, receipts)
    Row("GET", G + "/days", signed_in(200)),
    Row("POST", G, signed_in(201, **{APPLICANT: 409}), application(), fresh=True),
    Row("GET", G, own(200)),
    Row("PATCH", G, own(409), {"reason": "Changed my mind"}),
    Row("POST", G + "/accept", own(409)),
    Row("POST", G + "/decline", own(409)),
    # an accepted grant not yet paid may be withdrawn ("I can no longer attend"): a world of its own
    Row("POST", G + "/withdraw", own(200), fresh=True),
    Row("POST", G + "/provide-info", own(409), {"message": "Here you go"}),
    Row("POST", G + "/request-more", own(409), {"message": "A bit more please"}),
    Row("POST", G + "/messages", own(201), {"message": "Thanks!"}),
    Row("POST", G + "/receipts", own_locked(201), receipt_body()),
    Row("GET", G + "/receipts", own_locked(200)),
    Row("POST", G + "/receipts/{receipt_id}/complete", own(200)),
    Row("DELETE", G + "/receipts/{receipt_id}", own(204), fresh=True),
    Row("GET", G + "/receipts/{receipt_id}", own(200)),
    Row("PUT", G + "/payment-info", own_locked(200), PAYMENT),
    Row("GET", G + "/payment-info", own(200)),
    # reviewers
    Row("GET", MG, permitted(READ_GRANTS, 200)),
    # ada's grant is ready for disbursement, so a payer may read it (see test_disbursement)
    Row("GET", MG + "/{grant_id}", permitted(READ_GRANTS + DISBURSE, 200)),
    Row("PATCH", MG + "/{grant_id}", permitted(REVIEW, 200), {"reviewer_notes": "Looks good"}),
    Row("POST", MG + "/{grant_id}/messages", permitted(REVIEW, 201), {"message": "Internal", "visible": False}),
    Row("POST", MG + "/{grant_id}/disburse", permitted(DISBURSE, 200), {"disbursed_amount": "420.50"}, fresh=True),
    Row("GET", MG + "/{grant_id}/payment-info", permitted(DISBURSE, 200)),
    Row("POST", MG + "/{grant_id}/ticket/retry", permitted(REVIEW, 409)),  # no pretix in this world
    # scoring: ada's grant is decided (accepted), so it can no longer be scored (409)
    Row("PUT", MG + "/{grant_id}/score", permitted(REVIEW, 409), {"score": 3}),
    Row("DELETE", MG + "/{grant_id}/score", permitted(REVIEW, 409)),
    Row("PUT", MG + "/{grant_id}/conflict", permitted(REVIEW, 200), {"reason": "Same employer"}, fresh=True),
    Row("DELETE", MG + "/{grant_id}/conflict", permitted(REVIEW, 204)),
    Row("GET", MG + "/next-to-score", permitted(REVIEW, 204)),  # nothing left to score in this world
    Row("GET", MG + "/ranking", permitted(READ_GRANTS, 200)),
    Row("GET", MG + "/report", permitted(READ_GRANTS, 200)),
    Row("POST", MG + "/allocation", permitted(REVIEW, 200), {"budget": "1000.00"}),
    # each item answers on its own (an unknown grant: 404 in `results`); the request is 200
    Row("POST", MG + "/bulk-review", permitted(REVIEW, 200), {"reviews": [{"grant_id": "a" * 24,
                                                                         "reviewer_notes": "x"}]}),
    Row("GET", "/manage/conferences/{slug}/travel-grants.csv", permitted(READ_GRANTS, 200)),
    Row("GET", MR + "/next", permitted(RECEIPTS, 200)),
    Row("GET", MR + "/{receipt_id}", permitted(RECEIPTS, 200)),
    Row("POST", MR + "/{receipt_id}/approve", permitted(RECEIPTS, 200), fresh=True),
    Row("POST", MR + "/{receipt_id}/flag", permitted(RECEIPTS, 200), {"reason": "Unreadable"}, fresh=True),
]
