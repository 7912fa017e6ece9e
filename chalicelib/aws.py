"""AWS clients, created once per container and pointed at the emulator locally.

Built on botocore directly rather than boto3: boto3 (with s3transfer) adds ~150 ms to
every cold start and nothing here needs its resource layer; presigned URLs and POSTs
are botocore features.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import botocore.session
from botocore.config import Config

from .config import settings

_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 4},
    connect_timeout=3,
    read_timeout=10,
    max_pool_connections=50,
)
_lock = threading.Lock()


@cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@cache
def client(service: str) -> Any:
    """A shared client for `service` (clients are thread-safe; creation is not, hence the lock)."""
    s = settings()
    config = _CLIENT_CONFIG
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    with _lock:
        return _session().create_client(service, region_name=s.region, endpoint_url=s.aws_endpoint_url, config=config)
