"""`python -m chalicelib.cli sync --conference SLUG [--force]`: the same sync, with progress.

The progress line is plain text rewritten in place on stderr (no extra dependency): one
entry per Pretalx collection with items read so far out of Pretalx's `count`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

EXIT_OK, EXIT_NO_CONFERENCE, EXIT_NOT_CONFIGURED, EXIT_UNAVAILABLE = 0, 1, 2, 3


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("sync", help="sync one conference from Pretalx now")
    parser.add_argument("--conference", required=True, help="the conference slug")
    parser.add_argument("--force", action="store_true", help="accept a schedule that shrank by more than half")


class ProgressLine:
    """`rooms 8/8 | submission-types 6/6 | submissions 100/187` rewritten in place."""

    def __init__(self, stream: TextIO, width: int = 20) -> None:
        self.stream = stream
        self.width = width
        self.parts: dict[str, str] = {}

    def __call__(self, collection: str, done: int, total: int | None) -> None:
        if total:
            filled = min(self.width, round(self.width * done / total))
            self.parts[collection] = f"{collection} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        else:
            self.parts[collection] = f"{collection} {done}"
        self.stream.write("\r" + " | ".join(self.parts.values()))
        self.stream.flush()

    def finish(self) -> None:
        if self.parts:
            self.stream.write("\n")
            self.stream.flush()


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from ..services.conferences import get_conference
    from ..store.schedule import ConcurrentPublish
    from . import sync

    out, err = out or sys.stdout, err or sys.stderr
    conference = get_conference(args.conference)
    if conference is None:
        err.write(f"no such conference: {args.conference}\n")
        return EXIT_NO_CONFERENCE
    progress = ProgressLine(err)
    try:
        result = sync.sync_conference(conference, force=args.force, on_page=progress)
    except sync.PretalxNotConfigured as exc:
        progress.finish()
        err.write(f"pretalx_not_configured: {exc}\n")
        return EXIT_NOT_CONFIGURED
    except (sync.PretalxUnavailable, sync.ScheduleShrinkRefused, ConcurrentPublish) as exc:
        progress.finish()
        err.write(f"pretalx_unavailable: {exc or type(exc).__name__}\n")
        return EXIT_UNAVAILABLE
    progress.finish()
    out.write(json.dumps({**result.counts(), "changed": result.changed}) + "\n")
    return EXIT_OK
