"""What the fake Pretalx and fake pretix servers share: an HTTP server on loopback, in a
daemon thread, handing each request to the fake's `_handle(handler, method)`."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackFake:
    #: The HTTP methods the fake answers (others get http.server's 501).
    methods: tuple[str, ...] = ("GET",)
    _server: ThreadingHTTPServer

    def _serve(self, host: str, port: int) -> None:
        fake = self

        def answer(method: str) -> Any:
            return lambda handler: fake._handle(handler, method)

        members: dict[str, Any] = {f"do_{method}": answer(method) for method in self.methods}
        members["log_message"] = lambda handler, *args: None  # keep test output quiet
        handler_class = type("FakeHandler", (BaseHTTPRequestHandler,), members)
        self._server = ThreadingHTTPServer((host, port), handler_class)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"
