"""A real pretix on this machine: installed from PyPI in its own venv, SQLite, gunicorn on loopback.

`make pretix` runs `python -m devstack.pretix.local start`: it installs pretix (once per
version, in `.cache/pretix/venv`), migrates a template database (once per version: the
first migrate takes minutes), copies it for the instance, creates the organizer, event,
ticket item, quota, team and API token (devstack/pretix/setup_script.py, Django ORM), and starts
gunicorn in the background. `.cache/pretix/local/server.json` then says where it is; the
local stack (`make run`) wires its demo conference to it when it answers, and to the fake
pretix (devstack/demo/pretix_server.py) otherwise. `stop` ends it; `status` prints it.

The contract tests (tests/contract/) start their own instance with `Instance(...)` on a
free port and a copy of the template database.

Facts that shaped this (DESIGN.md): one gunicorn worker (two workers on one SQLite file
give random "database is locked" 500s), and `--no-control-socket` (gunicorn 27 otherwise
shares ~/.gunicorn/gunicorn.ctl between instances).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

VERSION = os.environ.get("PRETIX_VERSION", "2026.8.0")
ROOT = Path(os.environ.get("PRETIX_HOME", Path(__file__).resolve().parent.parent / ".cache" / "pretix"))
VENV = ROOT / "venv"
TEMPLATE = ROOT / f"template-{VERSION}"
LOCAL = ROOT / "local"
DEFAULT_PORT = int(os.environ.get("PRETIX_PORT", "8346"))
SETUP_SCRIPT = Path(__file__).resolve().parent / "setup_script.py"


def _python() -> Path:
    return VENV / "bin" / "python"


def installed_version() -> str | None:
    if not _python().exists():
        return None
    done = subprocess.run([str(_python()), "-c", "import pretix; print(pretix.__version__)"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def install() -> None:
    """pretix==VERSION and gunicorn in their own venv (pretix pins its own Django and friends)."""
    if installed_version() == VERSION:
        return
    print(f"pretix: installing pretix {VERSION} into {VENV} (a few minutes, once)", flush=True)
    if not _python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    f"pretix=={VERSION}", "gunicorn"], check=True)


def _config(data: Path, port: int) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    config = data / "pretix.cfg"
    config.write_text(
        "[pretix]\ninstance_name=local pretix\n"
        f"url=http://127.0.0.1:{port}\ncurrency=EUR\ndatadir={data}\ntrust_x_forwarded_for=off\n\n"
        f"[database]\nbackend=sqlite3\nname={data / 'db.sqlite3'}\n\n"
        "[mail]\nfrom=tickets@localhost\nhost=127.0.0.1\nport=1\n\n[celery]\n"
    )
    return config


def _env(config: Path) -> dict[str, str]:
    return {**os.environ, "PRETIX_CONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "pretix.settings"}


def template_database() -> Path:
    """The migrated empty database of this version (migrated once, then copied)."""
    database = TEMPLATE / "db.sqlite3"
    marker = TEMPLATE / ".migrated"
    if marker.exists():
        return database
    print(f"pretix: migrating a fresh database for {VERSION} (once; minutes)", flush=True)
    config = _config(TEMPLATE, DEFAULT_PORT)
    subprocess.run([str(_python()), "-m", "pretix", "migrate", "--noinput"], env=_env(config), check=True,
                   stdout=subprocess.DEVNULL)
    marker.touch()
    return database


@dataclass
class Instance:
    """One pretix server: its own data directory (a copy of the template) and port."""

    data: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    facts: dict[str, Any] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> dict[str, Any]:
        install()
        database = self.data / "db.sqlite3"
        config = _config(self.data, self.port)
        if not database.exists():
            shutil.copyfile(template_database(), database)
        done = subprocess.run([str(_python()), "-m", "pretix", "shell", "-c",
                               f"exec(open({str(SETUP_SCRIPT)!r}).read())"],
                              env=_env(config), capture_output=True, text=True, check=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        self.facts = json.loads(lines[-1])
        return self.facts

    def start(self, timeout: float = 240.0) -> dict[str, Any]:
        facts = self.facts or self.prepare()
        log = open(self.data / "gunicorn.log", "ab")  # the server keeps writing to it
        self.process = subprocess.Popen(
            [str(VENV / "bin" / "gunicorn"), "pretix.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--timeout", "120", "--no-control-socket"],
            env=_env(self.data / "pretix.cfg"), stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pretix exited ({self.process.returncode}); see {self.data / 'gunicorn.log'}")
            if answers(self.url, facts):
                return {**facts, "url": self.url, "pid": self.process.pid, "version": VERSION}
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"pretix did not answer within {timeout:.0f} s; see {self.data / 'gunicorn.log'}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def answers(url: str, facts: dict[str, Any]) -> bool:
    try:
        reply = requests.get(f"{url}/api/v1/organizers/{facts['organizer']}/events/{facts['event']}/items/",
                             headers={"Authorization": f"Token {facts['token']}"}, timeout=5)
    except requests.RequestException:
        return False
    return reply.status_code == 200


STATE = LOCAL / "server.json"


def running() -> dict[str, Any] | None:
    """The `make pretix` server, if it is up and answering (what `make run` wires to)."""
    try:
        state = json.loads(STATE.read_text())
    except (OSError, ValueError):
        return None
    return state if answers(state["url"], state) else None


def start(port: int = DEFAULT_PORT) -> dict[str, Any]:
    state = running()
    if state:
        return state
    instance = Instance(LOCAL, port)
    state = instance.start()
    STATE.write_text(json.dumps(state))
    return state


def stop() -> bool:
    try:
        state = json.loads(STATE.read_text())
    except (OSError, ValueError):
        return False
    try:
        os.killpg(int(state["pid"]), signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass
    STATE.unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack.pretix.local", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    if args.command == "start":
        state = start(args.port)
        print(f"pretix {state['version']} runs at {state['url']} (organizer {state['organizer']}, event "
              f"{state['event']}, item {state['item_id']}); `make run` uses it. Stop: make pretix-stop")
    elif args.command == "stop":
        print("pretix stopped" if stop() else "pretix was not running")
    else:
        state = running()
        print(json.dumps({k: v for k, v in state.items() if k != "token"}) if state else "pretix is not running")
        return 0 if state else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
