"""`make run`: the whole stack on one laptop.

Starts the emulator (a child process), restores the last saved local data (or, for an
empty stack, loads the demo conference with its Pretalx schedule), serves the Chalice app
on 127.0.0.1:$PORT and pumps streams, schedules and bucket events into the same handlers
Lambda would run. While it runs, each e-mail sent is announced with one line and the
data is saved within 2 s of every change (emulator/persist.py, emulator/keeper.py). Prints a `ready`
line with both URLs last, one line per step before it; the demo tokens go to a file only
its owner can read (`--print-tokens` prints them). SIGINT/SIGTERM save and stop everything
it started.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import requests

from chalicelib.config import DEFAULT_DEV_SECRET

#: Where `make run` keeps its data unless LOCAL_DATA_DIR says otherwise (git-ignored).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / ".localdata"
DEFAULT_WEB_PORT = 8080
TOKENS_NAME = "demo-tokens.env"
#: How long a start waits for the data folder a killed stack's emulator is still saving.
LOCK_WAIT_SECONDS = 10
#: How long the banner waits for the demo's first e-mails (sent by the event pump).
SEED_MAIL_WAIT_SECONDS = 20

DEMO_USERS: dict[str, dict[str, Any]] = {
    "attendee": {"sub": "demo-attendee", "name": "Ada Attendee", "email": "ada@example.com", "perms": []},
    # No grant yet (the web app's apply journey); Ada's seeded grant is already accepted.
    "applicant": {"sub": "demo-applicant", "name": "Noor Newcomer", "email": "noor@example.com", "perms": []},
    "reviewer": {"sub": "demo-reviewer", "name": "Rita Reviewer", "email": "rita@example.com",
                 "perms": ["review_travel_grant", "review_receipt"]},
    # The committee's other reviewers (the demo round's scores: Leo lenient, Hana harsh).
    "reviewer-lenient": {"sub": "demo-lenient", "name": "Leo Lenient", "email": "leo@example.com",
                         "perms": ["review_travel_grant"]},
    "reviewer-harsh": {"sub": "demo-harsh", "name": "Hana Harsh", "email": "hana@example.com",
                       "perms": ["review_travel_grant"]},
    "organiser": {"sub": "demo-organiser", "name": "Olga Organiser", "email": "olga@example.com",
                  "perms": ["manage_activity"]},
    "payer": {"sub": "demo-payer", "name": "Pat Payer", "email": "pat@example.com",
              "perms": ["disburse_travel_grant"]},
    "admin": {"sub": "demo-admin", "name": "Alan Admin", "email": "alan@example.com",
              "perms": ["manage_conference", "manage_activity", "review_travel_grant", "disburse_travel_grant",
                        "review_receipt"]},
}


def start_emulator(port: int, pass_fds: tuple[int, ...] = ()) -> tuple[subprocess.Popen[str], str]:
    """Launch `python -m devstack.emulator.server` and wait for its URL line (`pass_fds`: the data
    folder's lock, held by the emulator too until its last save)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack.emulator.server", "--port", str(port)],
        stdout=subprocess.PIPE, text=True, start_new_session=True, pass_fds=pass_fds,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if "listening on" not in line:
        process.kill()
        raise RuntimeError(f"emulator did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1]


def configure_environment(endpoint: str, secret: str, port: int = 0, web_port: int | None = None) -> None:
    """Environment for the app in this process, exactly as the Lambda stage config would set it.

    Unless ALLOWED_ORIGINS is given, the local frontend's default origin and the API's own
    origin are allowed. The
    web app's origin (`WEB_PORT`, 8080 by default) is always added, and e-mails link to it
    (`FRONTEND_URL`). Loopback Pretalx URLs are allowed: the demo Pretalx runs on loopback.
    """
    if web_port is None:
        web_port = int(os.environ.get("WEB_PORT") or DEFAULT_WEB_PORT)
    origins = [o.strip() for o in (os.environ.get("ALLOWED_ORIGINS") or "").split(",") if o.strip()]
    if not origins and port:
        origins = ["http://localhost:3000", f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    web_origins = [f"http://127.0.0.1:{web_port}", f"http://localhost:{web_port}"]
    os.environ["ALLOWED_ORIGINS"] = ",".join(dict.fromkeys(origins + web_origins))
    os.environ.setdefault("FRONTEND_URL", f"http://127.0.0.1:{web_port}")
    os.environ["PRETALX_ALLOW_LOOPBACK"] = "1"
    os.environ.update({
        "STAGE": "local",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "local"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "AUTH_DEV_SECRET": secret,
    })


class LocalStack:
    """Emulator + API server + pump (+ demo Pretalx, + saved data), started and stopped together.

    `data_dir`: where the data is saved and restored from (None: nothing is kept).
    `announce`: called with each e-mail the emulator accepts (the CLI prints a line).
    """

    def __init__(self, port: int = 8000, emulator_port: int = 0, secret: str = DEFAULT_DEV_SECRET,
                 seed: bool = True, data_dir: Path | None = None,
                 announce: Callable[[dict[str, Any]], None] | None = None, web_port: int | None = None,
                 save_every: float = 1.5) -> None:
        self.port, self.emulator_port, self.secret, self.seed = port, emulator_port, secret, seed
        self.data_dir, self.announce, self.save_every = data_dir, announce, save_every
        #: The demo data was written by this start (its e-mails are announced as one line, see `main`).
        self.seeded_now = False
        #: None: no web app server (API only; its default origin is still allowed); 0: a free port.
        self.web_port = web_port
        self.web: Any = None
        self.emulator: subprocess.Popen[str] | None = None
        self.server: Any = None
        self.pump: Any = None
        self.keeper: Any = None
        self.pretalx: Any = None
        #: The fake pretix (None when the demo uses the real local one, or none).
        self.pretix: Any = None
        self.pretix_line = ""
        self.restored_items = 0
        self._server_thread: threading.Thread | None = None
        self._held = contextlib.ExitStack()
        self.endpoint = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalStack:
        from devstack.emulator import persist

        data = persist.DataDir(self.data_dir) if self.data_dir is not None else None
        snapshot = None
        lock_fds: tuple[int, ...] = ()
        if data is not None:
            # Before anything starts: fail fast (after waiting for a killed stack's emulator's last save).
            lock_fds = (self._held.enter_context(data.locked(wait_seconds=LOCK_WAIT_SECONDS)),)
            snapshot = data.load()
        self.emulator, self.endpoint = start_emulator(self.emulator_port, lock_fds)
        if self.web_port is not None:
            from devstack.web.server import WebServer

            self.web = WebServer(self.web_port)  # bound now: its origin must be allowed below
            self.web_port = self.web.port
        configure_environment(self.endpoint, self.secret, self.port, self.web_port)
        from chalicelib.config import settings

        settings.cache_clear()
        s = settings()
        from devstack.emulator import provision

        emulator = persist.Emulator(s)
        if snapshot is not None:
            persist.restore_keys(emulator, snapshot)  # before provisioning looks for the key alias
        stream_arn = provision.provision(s)
        os.environ["TABLE_STREAM_ARN"] = stream_arn
        settings.cache_clear()
        import app as app_module  # imported only now: models read the endpoint at import
        from devstack.gateway.server import make_server
        from devstack.pump import EventPump

        if data is not None and snapshot is not None:
            self.restored_items = persist.restore_data(emulator, data, snapshot)
        if self.restored_items:
            self._serve_restored_schedule()
        elif self.seed:
            self._seed_demo()
            self.seeded_now = True
        # Restored e-mails were announced when they were sent; the seed's are sent from now on.
        announced = int(emulator.control("state")["emails"])
        # A restored stack's stream records and objects were handled before it stopped.
        self.pump = EventPump(app_module, settings(), stream_arn, from_now=self.restored_items > 0).start()
        self.server = make_server(app_module.app, "127.0.0.1", self.port)
        self.port = self.server.server.server_address[1]
        self._server_thread = threading.Thread(target=self.server.server.serve_forever, name="api", daemon=True)
        self._server_thread.start()
        self._wait_until_healthy()
        from devstack.emulator.keeper import Keeper

        if data is not None:  # only now: a stack killed while seeding or restoring keeps the old save
            persist.save_on_exit_to(emulator, data)
        self.keeper = Keeper(emulator, data, announce=self.announce, save_every=self.save_every,
                             announced=announced, hold=self.seeded_now).start()
        if self.web is not None:  # receipts upload straight to the emulated bucket: allow it too
            self.web.start(self.base_url, connect_src=[self.endpoint],
                           default_conference="pycon-demo" if self.seed else None)
        return self

    def _seed_demo(self) -> None:
        """The demo conference, its data and its Pretalx schedule, synced through the real sync."""
        from devstack.demo import schedule as demo_schedule
        from devstack.demo import tickets as demo_tickets
        from devstack.demo.seed import DEMO_SLUG, demo_conference_body, seed_all

        body = demo_conference_body()
        self.pretalx = demo_schedule.start_server(date.fromisoformat(body["start_date"]), body["timezone"])
        shop, self.pretix = demo_tickets.start_shop()
        self.pretix_line = demo_tickets.describe(shop, self.pretix)
        seed_all({**body, "pretalx": demo_schedule.pretalx_body(self.pretalx), "pretix": shop})
        try:
            demo_schedule.sync(DEMO_SLUG)
        except Exception as exc:  # noqa: BLE001 - the stack is still useful; the line says what failed
            print(f"warning: the demo schedule could not be synced: {type(exc).__name__}: {exc}", flush=True)

    def _serve_restored_schedule(self) -> None:
        from devstack.demo import schedule as demo_schedule
        from devstack.demo import tickets as demo_tickets
        from devstack.demo.seed import DEMO_SLUG

        self.pretalx = demo_schedule.serve_for_restored(DEMO_SLUG)
        self.pretix = demo_tickets.serve_for_restored(DEMO_SLUG)

    def _wait_until_healthy(self, timeout: float = 60) -> None:
        """Returns as soon as /health answers; the limit only matters on a starved machine."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base_url + "/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("the API did not answer /health in time")

    @property
    def web_url(self) -> str | None:
        return self.web.url if self.web is not None else None

    def stop(self) -> None:
        """Stop taking requests and events, save the data once more, then stop the emulator."""
        if self.web is not None:
            self.web.stop()
        if self.server is not None:
            self.server.server.shutdown()
            self.server.server.server_close()
        if self.pump is not None:
            self.pump.stop()
        if self.keeper is not None:
            self.keeper.stop()
        if self.pretalx is not None:
            self.pretalx.stop()
        if self.pretix is not None:
            self.pretix.stop()
        if self.emulator is not None and self.emulator.poll() is None:
            self.emulator.terminate()
            try:
                self.emulator.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.emulator.kill()
        self._held.close()

    def demo_tokens(self) -> dict[str, str]:
        from chalicelib.auth import mint_dev_token

        return {
            role: mint_dev_token(self.secret, u["sub"], name=u["name"], email=u["email"], permissions=u["perms"])
            for role, u in DEMO_USERS.items()
        }


def token_lines(tokens: dict[str, str]) -> list[str]:
    """`ADMIN_TOKEN=...` lines: `. demo-tokens.env` sets them in a shell."""
    return [f"{role.upper()}_TOKEN={token}" for role, token in tokens.items()]


def write_tokens(data_dir: Path | None, tokens: dict[str, str]) -> Path:
    """The tokens in `data_dir` (or a temporary file), readable by their owner only (0600):
    each is a bearer credential for the stack."""
    text = ("\n".join(token_lines(tokens)) + "\n").encode()
    if data_dir is None:
        fd, name = tempfile.mkstemp(prefix="devstack-", suffix="-" + TOKENS_NAME)  # created 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(text)
        return Path(name)
    from devstack.emulator.persist import write_atomic

    write_atomic(data_dir / TOKENS_NAME, text)
    return data_dir / TOKENS_NAME


def data_dir_from(env_value: str | None, no_persist: bool) -> Path | None:
    """LOCAL_DATA_DIR (default `.localdata/` in the repository); None when not persisting."""
    if no_persist:
        return None
    return Path(env_value).expanduser().resolve() if env_value else DEFAULT_DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the whole stack locally.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--emulator-port", type=int, default=int(os.environ.get("EMULATOR_PORT", "0")))
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--no-persist", action="store_true", help="keep nothing: start empty, save nothing")
    parser.add_argument("--reset", action="store_true", help="wipe the saved local data and exit (`make reset`)")
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", "8080")),
                        help="where the web app is served (web/dist; `make run` builds it)")
    parser.add_argument("--print-tokens", action="store_true",
                        help="print the demo users' bearer tokens (they are always written to a 0600 file)")
    args = parser.parse_args(argv)
    if args.reset:
        from devstack.emulator.persist import DataDir

        target = data_dir_from(os.environ.get("LOCAL_DATA_DIR"), False)
        assert target is not None
        DataDir(target).wipe()
        print(f"local data wiped: {target} (the next `make run` starts with the demo data)")
        return 0
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s")
    secret = os.environ.get("AUTH_DEV_SECRET") or DEFAULT_DEV_SECRET
    data_dir = data_dir_from(os.environ.get("LOCAL_DATA_DIR"), args.no_persist)
    stack = LocalStack(args.port, args.emulator_port, secret, seed=not args.no_seed, data_dir=data_dir,
                       save_every=float(os.environ.get("LOCAL_SAVE_SECONDS", "1.5")), web_port=args.web_port)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    from devstack.gateway.mailbox import burst_line, summary_line

    stack.announce = lambda message: print(summary_line(message, stack.base_url), flush=True)
    from devstack.emulator.persist import DataDirBusy, SnapshotUnreadable

    try:
        stack.start()
    except (DataDirBusy, SnapshotUnreadable) as exc:
        stack.stop()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception:
        stack.stop()
        raise
    print(f"emulator (moto, serialised) on {stack.endpoint}")
    if data_dir is None:
        print("local data: not kept (--no-persist)")
    elif stack.restored_items:
        print(f"local data: restored {stack.restored_items} items from {data_dir} (`make reset` starts afresh)")
    else:
        print(f"local data: saved in {data_dir} within 2 s of each change, on stop, and if the stack is killed "
              "(`make reset` wipes it)")
    if stack.pretalx is not None:
        print(f"demo Pretalx: {stack.pretalx.url} (event {stack.pretalx.event}); the demo conference syncs from it")
    if stack.pretix_line:
        print(stack.pretix_line)
    tokens = stack.demo_tokens()
    tokens_file = write_tokens(data_dir, tokens)
    print(f"demo tokens: {tokens_file} (Authorization: Bearer $ADMIN_TOKEN after `. {tokens_file}`)")
    if args.print_tokens:
        for line in token_lines(tokens):
            print(f"demo token: {line}")
    # The demo's first e-mails are announced before `ready` (one line), so that line stays last.
    stack.pump.wait_until_idle(SEED_MAIL_WAIT_SECONDS)
    stack.keeper.release(lambda messages: print(burst_line(messages, stack.base_url), flush=True))
    print(f"mailbox: {stack.base_url}/dev/mailbox.html (JSON: {stack.base_url}/dev/mailbox)")
    print(f"ready: API on {stack.base_url} (OpenAPI at {stack.base_url}/openapi.json) and "
          f"web app on {stack.web_url} (open it first; Ctrl-C stops)", flush=True)
    stopping.wait()
    print("stopping...", flush=True)
    stack.stop()
    if data_dir is None:  # a temporary file: the next run's tokens are written afresh
        tokens_file.unlink(missing_ok=True)
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
