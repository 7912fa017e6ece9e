"""The embedded AWS emulator: moto's server with requests serialised.

moto does not make a conditional write atomic with respect to a concurrent request, while
DynamoDB does. A lock around the whole WSGI app makes every request atomic, which is a
faithful model of DynamoDB's per-request atomicity, so concurrency tests against this
emulator prove what they would prove against AWS.

Run as `python -m devstack.emulator.server [--port N]`: prints `emulator listening on URL` and
serves until SIGINT/SIGTERM. Port 0 (the default) picks a free port. When its stack dies
(even by kill -9) it saves the data one last time, under the same lock, into the folder the
stack named (`/_devstack/persist`), then exits: nothing the API acknowledged is lost. It
inherits the stack's hold on that folder, so a new stack waits for that save.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class SerialisedApp:
    """WSGI middleware: one request at a time, body fully produced inside the lock."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()

    @property
    def inner(self) -> Any:
        return self._app

    def exclusively(self, work: Callable[[], Any]) -> Any:
        """Run `work` as if it were one more request (no request runs meanwhile)."""
        with self._lock:
            return work()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self._lock:
            result = self._app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


def build_app() -> SerialisedApp:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from . import moto_fixes, partition_reads
    from .control import ControlApp
    from .s3_guard import S3Guard

    moto_fixes.apply()  # all-or-nothing TransactWriteItems that keeps the stream intact
    partition_reads.apply()  # a Query reads its partition, not the whole table sorted
    # The control surface (change counter, outbox, KMS export) runs inside the lock too; S3's
    # POST policies and its refusal of anonymous requests are applied in front of moto.
    return SerialisedApp(ControlApp(S3Guard(DomainDispatcherApplication(create_backend_app))))


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        """One line per emulator request would drown the stack's output."""


class Emulator:
    """A serialised moto server on loopback, in a background thread of this process."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, bound: socket.socket | None = None) -> None:
        """`bound`: a socket already bound to its address (not listening), so the address can be
        handed out before the emulator exists; it starts listening here."""
        self.app = build_app()
        fd = None
        if bound is not None:
            bound.listen(128)
            fd = bound.fileno()
        self._server: BaseWSGIServer = make_server(host, port, self.app, threaded=True, request_handler=_QuietHandler,
                                                   fd=fd)
        self._thread = threading.Thread(target=self._server.serve_forever, name="emulator", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Emulator:
        self._thread.start()
        return self

    def save_on_exit(self) -> bool:
        """The last save of a stack that is gone (see the module docstring)."""
        return bool(self.app.exclusively(self.app.inner.save_on_exit))

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _stop_when_orphaned(stop: threading.Event, orphaned: threading.Event) -> None:
    """Exit with the stack: a stack killed with SIGKILL cannot stop its emulator itself."""
    parent = os.getppid()
    while not stop.wait(0.2):
        if os.getppid() != parent:
            orphaned.set()
            stop.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    emulator = Emulator(args.host, args.port)
    stop, orphaned = threading.Event(), threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    threading.Thread(target=_stop_when_orphaned, args=(stop, orphaned), name="parent-watch", daemon=True).start()
    emulator.start()
    print(f"emulator listening on {emulator.url}", flush=True)
    stop.wait()
    if orphaned.is_set():
        try:
            if emulator.save_on_exit():
                print("emulator: its stack is gone; the data is saved", file=sys.stderr, flush=True)
        except Exception as exc:  # noqa: BLE001 - the last periodic save is still whole
            print(f"emulator: the last save failed ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
