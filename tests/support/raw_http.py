"""Raw-socket HTTP for tests of the local servers' edge cases (bytes http.client refuses to send)."""

from __future__ import annotations

import socket
import struct
import time


def exchange(host: str, port: int, raw: bytes, timeout: float = 10) -> bytes:
    """Send `raw`, half-close, and read the whole answer (b"" when the server just hung up)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/"), f"no HTTP answer: {answer[:200]!r}"
    return int(answer.split(b" ", 2)[1])


def body_of(answer: bytes) -> bytes:
    return answer.split(b"\r\n\r\n", 1)[1]


def hang_up_mid_answer(host: str, port: int, raw: bytes) -> None:
    """Send a request and reset the connection before the answer has been read."""
    sock = socket.create_connection((host, port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close() sends RST
    sock.sendall(raw)
    sock.close()
    time.sleep(0.5)  # the server writes into the reset connection meanwhile
