"""Large exports in the receipts bucket (under `exports/`, expired by the bucket after a day)."""

from __future__ import annotations

import uuid

from .. import aws
from ..config import settings


def publish(prefix: str, body: bytes, *, content_type: str, filename: str, expires_seconds: int) -> str:
    """Store `body` under `exports/{prefix}/…` and return a presigned GET of it."""
    bucket = settings().bucket_name
    key = f"exports/{prefix}/{uuid.uuid4().hex}{filename[filename.rfind('.'):] if '.' in filename else ''}"
    s3 = aws.client("s3")
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type,
                  ContentDisposition=f'attachment; filename="{filename}"')
    return s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_seconds)
