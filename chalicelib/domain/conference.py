"""Conference rules that need no AWS: slugs, dates, sections, feature resolution."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from .scoring import ReviewSettings

#: No feature flags (a shared default, so read-only). Records are NamedTuples: see chalicelib/__init__.py.
NO_FLAGS: Mapping[str, bool] = MappingProxyType({})

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 100


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and len(slug) <= MAX_SLUG_LENGTH and SLUG_RE.match(slug) is not None


def slugify(text: str, max_length: int = 80) -> str:
    """`Intro to Python!` -> `intro-to-python` (ASCII letters and digits only)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or "item"


class Section(NamedTuple):
    name: str
    start_date: date
    end_date: date
    order: int = 0

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class PretalxSettings(NamedTuple):
    base_url: str
    event_slug: str
    #: The sealed API token (see crypto.seal); never returned by the API.
    token_envelope: dict[str, Any] | None = None
    #: Submission types (Pretalx ids or names) that get one activity per talk instead of
    #: one activity for the whole type (domain.talk_activities).
    per_talk_types: tuple[str, ...] = ()


class PretixSettings(NamedTuple):
    """Where the conference's tickets are sold: vouchers for accepted grants are made there."""

    base_url: str
    organizer: str
    event: str
    item_id: int | None
    #: The sealed API token (see crypto.seal); never returned by the API.
    token_envelope: dict[str, Any] | None = None


class Conference(NamedTuple):
    slug: str
    name: str
    start_date: date
    end_date: date
    timezone: str = "UTC"
    sections: tuple[Section, ...] = ()
    features: Mapping[str, bool] = NO_FLAGS  # per-conference overrides only
    feature_defaults: Mapping[str, bool] = NO_FLAGS
    max_grant_amount: Decimal | None = None  # None: deployment default
    default_max_grant_amount: Decimal = Decimal("3000.00")
    grant_budget: Decimal | None = None
    #: How far offers may take committed money past `grant_budget`, in percent (domain.budget).
    overcommit_percent: int = 0
    #: Days an applicant has to answer an offer (None: no deadline), and how many days
    #: before that deadline the reminder goes out (domain.deadlines).
    offer_response_days: int | None = 14
    offer_reminder_days: int = 3
    #: Offer waitlisted grants automatically whenever committed money falls (events.waitlist).
    auto_offer_waitlist: bool = False
    #: The language of people whose token and browser name none we write in (domain.locale).
    default_locale: str = "en"
    #: The reviewers' shared address: the daily digest of applicants' messages no reviewer was
    #: told about goes there (None: no digest; the messages wait on the grants' pages).
    reviewers_email: str | None = None
    pretalx: PretalxSettings | None = None
    pretix: PretixSettings | None = None
    review: ReviewSettings = ReviewSettings()
    #: Who opened or closed scoring, when: [{"actor_sub", "actor_name", "scoring_open", "at"}].
    review_log: tuple[Mapping[str, Any], ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def grant_budget_cents(self) -> int | None:
        return None if self.grant_budget is None else int(self.grant_budget * 100)

    def feature_enabled(self, name: str) -> bool:
        if name in self.features:
            return bool(self.features[name])
        return bool(self.feature_defaults.get(name, True))

    def effective_features(self) -> dict[str, bool]:
        names = set(self.feature_defaults) | set(self.features)
        return {name: self.feature_enabled(name) for name in sorted(names)}

    @property
    def effective_max_grant_amount(self) -> Decimal:
        return self.max_grant_amount if self.max_grant_amount is not None else self.default_max_grant_amount

    def dates(self) -> list[date]:
        days = (self.end_date - self.start_date).days
        return [self.start_date + timedelta(days=n) for n in range(days + 1)]

    def sorted_sections(self) -> list[Section]:
        return sorted(self.sections, key=lambda s: (s.order, s.start_date, s.name))
