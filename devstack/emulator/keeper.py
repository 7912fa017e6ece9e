"""Follows the emulator while the stack runs: new e-mails and changes to save.

Polls the emulator's cheap `/_devstack/state` (a change counter and the outbox size):
  * each new e-mail is announced with one line in the stack's output;
  * when the counter moved, a snapshot is saved, at most every `save_every` seconds (see
    persist.py for why it is consistent and never corrupts a save). A stack killed with
    kill -9 loses nothing: its emulator saves once more (server.py); only if the emulator
    itself dies are the changes since the last save (under 2 s by default) lost.
`stop()` saves once more if anything changed since the last save.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from devstack.emulator import persist
from devstack.gateway import mailbox

log = logging.getLogger("devstack.emulator.keeper")


class Keeper:
    def __init__(self, emulator: persist.Emulator, data_dir: persist.DataDir | None, *,
                 announce: Callable[[dict[str, Any]], None] | None = None,
                 save_every: float = 1.5, poll: float = 0.25, announced: int | None = None,
                 hold: bool = False) -> None:
        """`announced`: how many outbox messages need no line (a restored mailbox's); by
        default, those there now. `hold`: announce nothing until `release` (the demo data's
        burst of e-mails becomes one line there)."""
        self._emulator = emulator
        self._data_dir = data_dir
        self._announce = announce
        self._save_every = save_every
        self._poll = poll
        self._stop = threading.Event()
        self._save_lock = threading.Lock()
        self._announce_lock = threading.Lock()
        self._held = hold
        self._thread: threading.Thread | None = None
        self._announced = int(self._state()["emails"]) if announced is None else announced
        self._saved_changes = -1  # the first check saves: the seeded or restored state
        self._last_save = 0.0
        self._previous: dict[str, Any] | None = None
        self.saves = 0

    def _state(self) -> dict[str, Any]:
        return self._emulator.control("state")

    def start(self) -> Keeper:
        self._thread = threading.Thread(target=self._run, name="keeper", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self._poll):
            try:
                self.check()
            except Exception:  # keep following; the previous save stays intact
                if not self._stop.is_set():
                    log.exception("could not follow the emulator; retrying")

    def check(self) -> None:
        state = self.announce_new()
        if int(state["changes"]) != self._saved_changes and time.monotonic() - self._last_save >= self._save_every:
            self.save()

    def release(self, summarise: Callable[[list[dict[str, Any]]], None]) -> None:
        """Hand the e-mails sent while held to `summarise` (oldest first, once), then announce each new one."""
        with self._announce_lock:
            messages = mailbox.fetch_messages(self._emulator.url)  # newest first
            held = list(reversed(messages[: len(messages) - self._announced]))
            if held:
                summarise(held)
            self._announced, self._held = len(messages), False

    def announce_new(self) -> dict[str, Any]:
        """Announce the e-mails sent since the last call (each once); returns the emulator's state."""
        with self._announce_lock:
            state = self._state()
            if self._announce is not None and not self._held and int(state["emails"]) > self._announced:
                # Counted from the list itself: more may have been sent since `state` was read.
                messages = mailbox.fetch_messages(self._emulator.url)  # newest first
                for message in reversed(messages[: len(messages) - self._announced]):  # oldest new one first
                    self._announce(message)
                self._announced = len(messages)
            return state

    def save(self) -> None:
        """Save now (if there is a data folder)."""
        if self._data_dir is None:
            return
        with self._save_lock:
            self._previous = persist.save(self._emulator, self._data_dir, self._previous)
            # The counter as of the snapshot's instant: a change made since makes the next check save.
            self._saved_changes, self._last_save = int(self._previous["changes"]), time.monotonic()
            self.saves += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        try:
            if int(self._state()["changes"]) != self._saved_changes:
                self.save()
        except Exception:  # the last periodic save is still whole
            log.exception("the final save failed; the last periodic save is kept")
