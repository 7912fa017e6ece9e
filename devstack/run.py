"""`make run`: the whole stack on one laptop.

Starts the emulator (a child process), provisions the table/bucket/key, loads the demo
conference, serves the Chalice app on 127.0.0.1:$PORT and pumps streams, schedules and
bucket events into the same handlers Lambda would run. Prints a `ready` line with the
base URL and demo tokens. SIGINT/SIGTERM stop everything it started.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import requests

from chalicelib.config import DEFAULT_DEV_SECRET

DEMO_USERS: dict[str, dict[str, Any]] = {
    "attendee": {"sub": "demo-attendee", "name": "Ada Attendee", "email": "ada@example.com", "perms": []},
    # No grant yet (the web app's apply journey); Ada's seeded grant is already accepted.
    "applicant": {"sub": "demo-applicant", "name": "Noor Newcomer", "email": "noor@example.com", "perms": []},
    "reviewer": {"sub": "demo-reviewer", "name": "Rita Reviewer", "email": "rita@example.com",
                 "perms": ["review_travel_grant", "review_receipt"]},
    "organiser": {"sub": "demo-organiser", "name": "Olga Organiser", "email": "olga@example.com",
                  "perms": ["manage_activity"]},
    "payer": {"sub": "demo-payer", "name": "Pat Payer", "email": "pat@example.com",
              "perms": ["disburse_travel_grant"]},
    "admin": {"sub": "demo-admin", "name": "Alan Admin", "email": "alan@example.com",
              "perms": ["manage_conference", "manage_activity", "review_travel_grant", "disburse_travel_grant",
                        "review_receipt"]},
}


def start_emulator(port: int) -> tuple[subprocess.Popen[str], str]:
    """Launch `python -m devstack.emulator` and wait for its URL line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack.emulator", "--port", str(port)],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if "listening on" not in line:
        process.kill()
        raise RuntimeError(f"emulator did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1]


def configure_environment(endpoint: str, secret: str, port: int = 0, web_origins: list[str] | None = None) -> None:
    """Environment for the app in this process, exactly as the Lambda stage config would set it.

    Unless ALLOWED_ORIGINS is given, the local frontend's default origin and the API's own
    origin are allowed; the web app's origins are always added (it calls the API and uploads to the bucket).
    """
    if not os.environ.get("ALLOWED_ORIGINS") and port:
        os.environ["ALLOWED_ORIGINS"] = f"http://localhost:3000,http://127.0.0.1:{port},http://localhost:{port}"
    if web_origins:  # the web app's own origin, whatever else is configured
        known = [o for o in os.environ.get("ALLOWED_ORIGINS", "").split(",") if o]
        os.environ["ALLOWED_ORIGINS"] = ",".join(known + [o for o in web_origins if o not in known])
    os.environ.update({
        "STAGE": "local",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "local"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "AUTH_DEV_SECRET": secret,
    })


class LocalStack:
    """Emulator + API server + pump, started and stopped together (also used by tests)."""

    def __init__(self, port: int = 8000, emulator_port: int = 0, secret: str = DEFAULT_DEV_SECRET,
                 seed: bool = True, web_port: int | None = None) -> None:
        self.port, self.emulator_port, self.secret, self.seed = port, emulator_port, secret, seed
        #: None: no web app server (API only); 0: a free port.
        self.web_port = web_port
        self.web: Any = None
        self.emulator: subprocess.Popen[str] | None = None
        self.server: Any = None
        self.pump: Any = None
        self._server_thread: threading.Thread | None = None
        self.endpoint = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalStack:
        self.emulator, self.endpoint = start_emulator(self.emulator_port)
        if self.web_port is not None:
            from .web import WebServer

            self.web = WebServer(self.web_port)  # bound now: its origin must be allowed below
            self.web_port = self.web.port
        configure_environment(self.endpoint, self.secret, self.port, self.web.origins if self.web else None)
        if self.web is not None:  # e-mails link to the web app's pages (FRONTEND_URL, per stage)
            os.environ.setdefault("FRONTEND_URL", self.web.url)
        from chalicelib.config import settings

        settings.cache_clear()
        s = settings()
        from . import provision

        stream_arn = provision.provision(s)
        os.environ["TABLE_STREAM_ARN"] = stream_arn
        settings.cache_clear()
        import app as app_module  # imported only now: models read the endpoint at import

        from .gateway import make_server
        from .pump import EventPump

        if self.seed:
            from .seed import seed_all

            seed_all()
        self.server = make_server(app_module.app, "127.0.0.1", self.port)
        self.port = self.server.server.server_address[1]
        self._server_thread = threading.Thread(target=self.server.server.serve_forever, name="api", daemon=True)
        self._server_thread.start()
        self.pump = EventPump(app_module, settings(), stream_arn).start()
        self._wait_until_healthy()
        if self.web is not None:  # receipts upload straight to the emulated bucket: allow it too
            self.web.start(self.base_url, connect_src=[self.endpoint],
                           default_conference="pycon-demo" if self.seed else None)
        return self

    def _wait_until_healthy(self, timeout: float = 30) -> None:
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
        if self.web is not None:
            self.web.stop()
        if self.pump is not None:
            self.pump.stop()
        if self.server is not None:
            self.server.server.shutdown()
            self.server.server.server_close()
        if self.emulator is not None and self.emulator.poll() is None:
            self.emulator.terminate()
            try:
                self.emulator.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.emulator.kill()

    def demo_tokens(self) -> dict[str, str]:
        from chalicelib.auth import mint_dev_token

        return {
            role: mint_dev_token(self.secret, u["sub"], name=u["name"], email=u["email"], permissions=u["perms"])
            for role, u in DEMO_USERS.items()
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the whole stack locally.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--emulator-port", type=int, default=int(os.environ.get("EMULATOR_PORT", "0")))
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", "8080")),
                        help="where the web app is served (web/dist; `make run` builds it)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s")
    secret = os.environ.get("AUTH_DEV_SECRET") or DEFAULT_DEV_SECRET
    stack = LocalStack(args.port, args.emulator_port, secret, seed=not args.no_seed, web_port=args.web_port)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        stack.start()
    except Exception:
        stack.stop()
        raise
    print(f"emulator (moto, serialised) on {stack.endpoint}")
    print("demo tokens (Authorization: Bearer <token>):")
    for role, token in stack.demo_tokens().items():
        print(f"  {role:<10} {token}")
    print(f"ready: API on {stack.base_url} (OpenAPI at {stack.base_url}/openapi.json) and "
          f"web app on {stack.web_url} (open it first; Ctrl-C stops)", flush=True)
    stopping.wait()
    print("stopping...", flush=True)
    stack.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
