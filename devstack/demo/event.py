"""The demo conference's programme, as a Pretalx v1 event (shapes: shared/pretalx-schema.yml).

Seven days from the conference's first day, in its time zone (Pretalx sends local times
with their UTC offset): two tutorial days, three talk days (a keynote each morning, two
talk tracks, lunch and coffee breaks, an evening block of lightning talks), two sprint
days. Also what a real event has around the programme: rejected and withdrawn
proposals, a withdrawn talk that still has a stale slot, and an accepted but unconfirmed
talk whose slot Pretalx hides from the public schedule (`is_visible: false`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ROOMS = [
    (1, {"en": "Ballroom A", "de": "Ballsaal A"}, 800),
    (2, {"en": "Ballroom B", "de": "Ballsaal B"}, 500),
    (3, {"en": "Room 250", "de": "Raum 250"}, 120),
    (4, {"en": "Room 251", "de": "Raum 251"}, 120),
    (5, {"en": "Sprint Hall", "de": "Sprint-Halle"}, 300),
]
#: id -> (name, default duration in minutes)
TYPES = {
    1: ({"en": "Talk", "de": "Vortrag"}, 30),
    2: ({"en": "Tutorials", "de": "Tutorien"}, 210),
    3: ({"en": "Lightning Talks", "de": "Blitzvorträge"}, 5),
    4: ({"en": "Sprints"}, 480),
    5: ({"en": "Keynote"}, 45),
}
TUTORIALS = [
    "Hands-on asyncio: from callbacks to structured concurrency",
    "Data wrangling with pandas and Polars",
    "Build your first FastAPI service, tested",
    "Type hints that pay off: mypy in a real code base",
    "Machine learning pipelines with scikit-learn",
    "Packaging in 2027: pyproject.toml end to end",
    "Property-based testing with Hypothesis",
    "Profiling and speeding up Python code",
    "Web scraping responsibly with httpx and Beautiful Soup",
    "Interactive dashboards with Panel",
    "Introduction to Django for newcomers",
    "Geospatial analysis with GeoPandas",
]
KEYNOTES = ["The next thirty years of Python", "Open source is a team sport", "Teaching the world to code"]
TALKS = [
    "What's new in the Python 3.15 interpreter", "A tour of the free-threaded build",
    "Pattern matching beyond the basics", "Writing fast Python without writing C",
    "Async database access done right", "Designing APIs people enjoy using",
    "Observability for small teams", "From notebook to production in one afternoon",
    "Secrets management for Python services", "Dependency resolution explained",
    "Accessible web apps with Django", "Testing legacy code you are afraid of",
    "Rust extensions with PyO3 for Pythonistas", "How CPython's garbage collector works",
    "Building a search engine in pure Python", "Lessons from maintaining a popular library",
    "Data classes, attrs or Pydantic?", "Scaling Celery to a billion tasks",
    "Type checking at scale", "Running Python on microcontrollers",
    "Event sourcing with plain Python", "Security pitfalls in pickle and YAML",
    "Making the most of the standard library", "Mentoring new contributors",
    "Python in the browser with WebAssembly", "Reproducible science with Python",
    "The life of a pull request to CPython", "Vectorised thinking with NumPy",
    "Graph algorithms for everyday problems", "Caching strategies that do not bite",
    "GraphQL or REST: a practical comparison", "Building CLI tools people love",
    "Concurrency bugs and how to find them", "Inclusive communities by design",
    "Serverless Python in production", "Refactoring towards simplicity",
]
LIGHTNING = [
    "My favourite one-liner", "A tiny linter in 50 lines", "Emoji in identifiers: please don't",
    "Five minutes of regex", "I rewrote my blog in Python", "How we run a meetup in a small town",
    "The joy of __slots__", "Datetimes are hard", "A haiku generator", "Pathlib all the things",
    "My first open source contribution", "Pip tricks you did not know", "Teaching Python to kids",
    "Sorting hats with functools", "Unicode in five minutes", "Ten years of PyLadies",
    "Why I love docstrings", "Ship it on Friday (don't)",
]
SPRINTS = ["CPython", "Django", "pandas", "pip and packaging"]
REJECTED = ["Yet another intro to Python", "My startup's pitch deck", "Blockchain all the things",
            "Why tabs are better", "A talk without an abstract", "Python 2 forever"]
FIRST = ["Ada", "José", "Zoë", "Łukasz", "Mei", "Olúwáṣeun", "Priya", "Sven", "Aiko", "Carlos", "Fatima",
         "Nikolai", "Grace", "Hiroshi", "Ingrid", "Kwame", "Amélie", "Dmitri", "Leilani", "Mateus"]
LAST = ["Lovelace", "García", "Müller", "Nowak", "Chen", "Adébáyọ̀", "Sharma", "Larsson", "Tanaka", "Pérez",
        "Haddad", "Ivanova", "Hopper", "Mensah", "Dubois", "Kowalczyk", "Nakamura", "Silva", "O'Brien"]


class _Event:
    def __init__(self, first_day: date, timezone: str) -> None:
        self.first_day = first_day
        self.zone = ZoneInfo(timezone)
        self.submissions: list[dict[str, Any]] = []
        self.speakers: dict[str, dict[str, Any]] = {}
        self.slots: list[dict[str, Any]] = []

    def at(self, day: int, clock: str) -> datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.combine(self.first_day + timedelta(days=day), time(hour, minute), tzinfo=self.zone)

    def speaker(self, n: int) -> str:
        code = f"SPK{n:03d}"
        if code not in self.speakers:
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7 + n // len(FIRST)) % len(LAST)]}"
            self.speakers[code] = {"code": code, "name": name, "biography": f"{name} writes Python for a living.",
                                   "avatar_url": None, "submissions": [], "answers": []}
        return code

    def submission(self, type_id: int, title: str, *, state: str = "confirmed", speakers: int = 1) -> str:
        n = len(self.submissions) + 1
        code = f"D{n:03d}X"
        codes = [self.speaker(n * 2 + k) for k in range(speakers)]
        if state in ("confirmed", "accepted"):
            for speaker in codes:
                self.speakers[speaker]["submissions"].append(code)
        self.submissions.append({
            "code": code, "title": title, "speakers": codes, "submission_type": type_id, "track": None,
            "tags": [], "state": state, "abstract": f"{title}: what you will learn, with examples.",
            "description": None, "duration": TYPES[type_id][1], "slot_count": 1, "content_locale": "en",
            "do_not_record": False, "image": None, "resources": [], "slots": [], "answers": [],
        })
        return code

    def slot(self, day: int, start: str, end: str, room: int | None, submission: str | None = None,
             description: dict[str, str] | None = None, *, visible: bool = True) -> None:
        slot_id = 9000 + len(self.slots)
        begins, ends = self.at(day, start), self.at(day, end)
        self.slots.append({
            "id": slot_id, "room": room, "start": begins.isoformat(), "end": ends.isoformat(),
            "submission": submission, "schedule": 1, "description": description,
            "duration": int((ends - begins).total_seconds() // 60), "is_visible": visible,
        })
        for sub in self.submissions:
            if sub["code"] == submission:
                sub["slots"].append(slot_id)

    def break_(self, day: int, start: str, end: str, text: str, german: str) -> None:
        self.slot(day, start, end, 1, None, {"en": text, "de": german})


def build(first_day: date, timezone: str) -> dict[str, list[dict[str, Any]]]:
    """The whole event as Pretalx would answer an organiser's token (all states)."""
    e = _Event(first_day, timezone)
    tutorials = iter(TUTORIALS)
    for day in (0, 1):
        for room in (1, 3, 4):
            for start, end in (("09:00", "12:30"), ("13:30", "17:00")):
                e.slot(day, start, end, room, e.submission(2, next(tutorials), speakers=2))
        e.break_(day, "12:30", "13:30", "Lunch", "Mittagessen")
    talks, lightning = iter(TALKS), iter(LIGHTNING)
    for index, day in enumerate((2, 3, 4)):
        e.slot(day, "09:00", "09:45", 1, e.submission(5, KEYNOTES[index]))
        for start in ("10:00", "10:45", "11:30", "13:30", "14:15", "16:00"):
            hour, minute = (int(p) for p in start.split(":"))
            end = f"{hour + (minute + 30) // 60:02d}:{(minute + 30) % 60:02d}"
            for room in (2, 3):
                e.slot(day, start, end, room, e.submission(1, next(talks)))
        e.break_(day, "12:15", "13:30", "Lunch", "Mittagessen")
        e.break_(day, "15:00", "16:00", "Coffee break", "Kaffeepause")
        for n in range(6):
            begins = 17 * 60 + 15 + n * 7
            e.slot(day, f"{begins // 60:02d}:{begins % 60:02d}", f"{(begins + 5) // 60:02d}:{(begins + 5) % 60:02d}",
                   1, e.submission(3, next(lightning)))
    for name in SPRINTS:
        code = e.submission(4, f"{name} sprint", speakers=2)
        for day in (5, 6):
            e.slot(day, "09:00", "17:00", 5, code)
    # Accepted, scheduled, not yet confirmed by the speaker: Pretalx hides the slot publicly.
    e.slot(4, "16:45", "17:15", 3, e.submission(1, "Surprise talk (to be confirmed)", state="accepted"),
           visible=False)
    for title in REJECTED:
        e.submission(1, title, state="rejected")
    e.slot(3, "16:45", "17:15", 2, e.submission(1, "Withdrawn: Python on the Moon", state="withdrawn"))
    return {
        "rooms": [{"id": rid, "name": name, "description": {"en": ""}, "uuid": f"00000000-0000-4000-8000-{rid:012d}",
                   "guid": None, "capacity": capacity, "position": position}
                  for position, (rid, name, capacity) in enumerate(ROOMS)],
        "submission-types": [{"id": tid, "name": name, "default_duration": minutes, "deadline": None,
                              "requires_access_code": False} for tid, (name, minutes) in TYPES.items()],
        "submissions": e.submissions,
        "speakers": list(e.speakers.values()),
        "slots": e.slots,
    }
