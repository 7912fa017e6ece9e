"""Getting a process ready before its first request: at INIT, and before a SnapStart snapshot.

What the first request of a fresh process would otherwise pay once, and which is the same
in every process (no data, no network), is done ahead:
  * `at_init` (app.py, every cold start): make the process's AWS clients, run one call of
    each DynamoDB operation the store sends through the client, answered in-process
    (operation models, serialisers, endpoint rules and credentials are loaded once), make
    the clients' connection pools (no socket: urllib3 connects on first use), let every
    store model build a request once (PynamoDB's per-class connection settings), and build
    every request model's validator (~10 ms for all of them; a first `apply` paid ~4 ms for
    its model alone). Kept small: INIT is paid by every cold start, and its
    target is 1.3x the floor (`make bench`).
  * `everything` (the SnapStart `before_snapshot` hook, paid once per published version):
    the above, plus every module the routes load on first use and S3's and KMS's
    operations primed the same way (receipts and payment details).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from pydantic import BaseModel
from pynamodb.models import Model

from . import aws

#: Modules the routes import on first use (to keep them out of the INIT of functions that
#: never need them): token verification and field encryption.
LAZY_MODULES = (
    "jwt",
    "jwt.algorithms",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.exceptions",
)
#: Response models only describe answers for the OpenAPI document: nothing validates with them.
_DOCUMENTATION_MODELS = "chalicelib.api.responses"


def at_init() -> None:
    """INIT: the process's clients, the DynamoDB operations primed, the request models built."""
    from .store import table

    aws.create_clients()
    aws.prime("dynamodb", table.priming_calls())
    aws.open_pools()
    prime_store_models()
    build_models()


def prime_store_models() -> int:
    """Have every store model build a request once: PynamoDB sets up each model class's
    connection settings on its first request (~0.1-1.5 ms each here); nothing is sent."""
    primed = 0
    todo = list(Model.__subclasses__())
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if model.__module__.startswith("chalicelib.") and getattr(model.Meta, "table_name", None):
            model.get_operation_kwargs_from_class("PRIME", range_key="PRIME")
            primed += 1
    return primed


def request_models() -> Iterator[type[BaseModel]]:
    """Every pydantic model of the app's own modules imported so far, documentation's aside."""
    seen: set[type[BaseModel]] = set()
    todo = list(BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        todo.extend(model.__subclasses__())
        if model.__module__.startswith("chalicelib.") and not model.__module__.startswith(_DOCUMENTATION_MODELS):
            yield model


def build_models() -> int:
    """Build the validator of every model still deferred; returns how many were built."""
    built = 0
    for model in list(request_models()):
        if not model.__pydantic_complete__:
            model.model_rebuild()
            built += 1
    return built


def everything() -> None:
    """Before a snapshot: what `at_init` does, every lazy module, the OpenAPI document, S3 and
    KMS primed."""
    from .api.openapi import openapi_document
    from .config import settings

    at_init()
    for name in LAZY_MODULES:
        importlib.import_module(name)
    openapi_document()  # built once and kept: GET /openapi.json
    bucket, key = settings().bucket_name, "prime/prime.pdf"
    aws.prime("s3", [
        ("head_object", {"Bucket": bucket, "Key": key}),
        ("get_object", {"Bucket": bucket, "Key": key, "Range": "bytes=0-15"}),
        ("delete_object", {"Bucket": bucket, "Key": key}),
    ])
    s3 = aws.client("s3")  # presigning is local (no request): the upload and download links
    s3.generate_presigned_post(Bucket=bucket, Key=key, Fields={"Content-Type": "application/pdf"},
                               Conditions=[{"Content-Type": "application/pdf"}, ["content-length-range", 1, 2]],
                               ExpiresIn=60)
    s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=60)
    key_id, context = settings().kms_key_id, {"purpose": "prime"}
    aws.prime("kms", [
        ("generate_data_key", {"KeyId": key_id, "KeySpec": "AES_256", "EncryptionContext": context}),
        ("decrypt", {"CiphertextBlob": b"prime", "EncryptionContext": context, "KeyId": key_id}),
    ])
