"""`make run`'s stack started as a process on free ports (as `python -m devstack.run`), for the tests that drive it over HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]

def start_stack(secret: str, data_dir: Path | None = None, **extra_env: str) -> tuple[subprocess.Popen, dict]:
    """`python -m devstack.run` on free ports; `data_dir` None: keeps nothing (--no-persist)."""
    env = {**os.environ, "PORT": "0", "WEB_PORT": "0", "AUTH_DEV_SECRET": secret, "EMULATOR_PORT": "0", **extra_env}
    for name in ("AWS_ENDPOINT_URL", "TABLE_NAME", "BUCKET_NAME", "KMS_KEY_ID", "TABLE_STREAM_ARN", "ALLOWED_ORIGINS",
                 "LOCAL_DATA_DIR"):
        env.pop(name, None)
    command = [sys.executable, "-m", "devstack.run"]
    if data_dir is None:
        command.append("--no-persist")
    else:
        env["LOCAL_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    info: dict = {"tokens": {}, "lines": []}
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        info["lines"].append(line)
        if match := re.search(r"emulator .* on (http://\S+)", line):
            info["emulator"] = match.group(1)
        if match := re.match(r"demo tokens: (\S+)", line):
            info["tokens_file"] = Path(match.group(1))
            info["tokens"] = read_tokens(info["tokens_file"])
        if match := re.match(r"ready: API on (http://127\.0\.0\.1:\d+)", line):  # not a log line saying "already"
            info["base_url"] = match.group(1)
            info["web_url"] = re.search(r"web app on (http://127\.0\.0\.1:\d+)", line).group(1)
            return process, info
    process.kill()
    raise AssertionError("stack did not become ready:\n" + "".join(info["lines"]))


def read_tokens(path: Path) -> dict[str, str]:
    """`ROLE_TOKEN=...` lines (a file a shell can source) -> {"role": token}."""
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name.removesuffix("_TOKEN").lower(): value for name, value in pairs}


SECRET = "persist-secret-0123456789-abcdefghijkl"


class Stack:
    """A running `devstack.run` process whose output keeps being read (mail lines)."""

    def __init__(self, data_dir: Path, save_seconds: str | None = "0.5") -> None:
        """`save_seconds`: LOCAL_SAVE_SECONDS (None: the stack's default)."""
        extra = {} if save_seconds is None else {"LOCAL_SAVE_SECONDS": save_seconds}
        self.process, self.info = start_stack(SECRET, data_dir, **extra)
        self.base = self.info["base_url"]
        self.lines: list[str] = list(self.info["lines"])
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.info['tokens'][role]}"}

    def get(self, path: str, role: str | None = None) -> requests.Response:
        return requests.get(self.base + path, headers=self.headers(role) if role else {}, timeout=30)

    def send(self, method: str, path: str, role: str, body: Any = None) -> requests.Response:
        return requests.request(method, self.base + path, json=body, headers=self.headers(role), timeout=60)

    def mail_lines(self) -> list[str]:
        return [line for line in self.lines if line.startswith("mail: ")]

    def mails_announced(self) -> int:
        """E-mails the output has told of: one per line, the demo data's burst counted by its number."""
        burst = re.compile(r"^mail: (\d+) e-mails from the demo data")
        return sum(int(m.group(1)) if (m := burst.match(line)) else 1 for line in self.mail_lines())

    def stop(self, sig: int = signal.SIGINT) -> None:
        self.process.send_signal(sig)
        self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        if sig == signal.SIGINT:
            assert self.process.returncode == 0, "".join(self.lines[-30:])


def unreachable(url: str) -> bool:
    try:
        requests.get(url, timeout=1)
    except requests.ConnectionError:
        return True
    return False
