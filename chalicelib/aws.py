"""boto3 clients, created once per container and pointed at the emulator locally."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from .config import settings

_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 4},
    connect_timeout=3,
    read_timeout=10,
)


@cache
def client(service: str) -> Any:
    """A shared client for `service` (thread-safe for calls; created lazily for cold start)."""
    s = settings()
    kwargs: dict[str, Any] = {"region_name": s.region, "config": _CLIENT_CONFIG}
    if s.aws_endpoint_url:
        kwargs["endpoint_url"] = s.aws_endpoint_url
    if service == "s3":
        kwargs["config"] = _CLIENT_CONFIG.merge(Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    return boto3.session.Session().client(service, **kwargs)
