"""The local stack for the web app's browser journeys (web/e2e/), started by their global setup.

`python -m tests.web.e2e_stack` starts the whole local stack (emulator, API, event pump, the
built web app in web/dist, demo data; nothing kept on disk) on free ports, plus the repo's
fake Pretalx server (devstack/demo/pretalx_server.py with the PyCon-shaped dataset) for the
console's "Sync now", prints one JSON line with the addresses
(`{"api": ..., "web": ..., "pretalx": {"base_url": ..., "event_slug": ..., "api_token": ...}}`)
and runs until SIGTERM/SIGINT. web/e2e/global-setup.ts starts it and stops it; the stack
ignores the caller's emulator, table and origin settings (e.g. the pytest process's).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading

from devstack.demo.pretalx_server import FakePretalx
from devstack.run import LocalStack
from tests.support.pretalx_pycon import EVENT, dataset

#: Settings the caller may hold (the pytest process sets them for its own emulator) that would
#: point this stack elsewhere: the stack sets its own when it starts.
INHERITED = ("AWS_ENDPOINT_URL", "TABLE_NAME", "BUCKET_NAME", "KMS_KEY_ID", "TABLE_STREAM_ARN", "ALLOWED_ORIGINS",
             "AUTH_DEV_SECRET", "FRONTEND_URL")


def main() -> int:
    for name in INHERITED:
        os.environ.pop(name, None)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    pretalx = FakePretalx(dataset(), event=EVENT).start()
    stack = LocalStack(port=0, web_port=0, seed=True)
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
