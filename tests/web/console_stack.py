"""The local stack for the console's browser journeys (web/e2e/console), started by their global setup.

`python -m tests.web.console_stack` starts the whole local stack (emulator, API, event pump,
the built web app in web/dist, demo data) on free ports, plus the repo's fake Pretalx server
(tests/fixtures/pretalx_server.py with the PyCon-shaped dataset) for "Sync now", prints
one JSON line with the addresses, and runs until SIGTERM/SIGINT.
"""

from __future__ import annotations

import json
import signal
import sys
import threading

from devstack.run import LocalStack
from tests.fixtures.pretalx_pycon import EVENT, dataset
from tests.fixtures.pretalx_server import FakePretalx


def main() -> int:
    pretalx = FakePretalx(dataset(), event=EVENT).start()
    stack = LocalStack(port=0, web_port=0, seed=True)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        stack.start()
        print(json.dumps({
            "api": stack.base_url,
            "web": stack.web_url,
            "pretalx": {"base_url": pretalx.url, "event_slug": EVENT, "api_token": pretalx.token},
        }), flush=True)
        stopping.wait()
    finally:
        stack.stop()
        pretalx.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
