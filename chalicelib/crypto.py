"""Envelope encryption for secrets at rest (payment details, Pretalx API tokens).

One KMS data key per record (one KMS call to seal, one to open), AES-256-GCM from
`cryptography` for each field with its own nonce, and the record's identity bound both
as the KMS encryption context and as GCM associated data: a ciphertext copied to
another grant fails to decrypt instead of yielding someone else's data. The key id is
stored with the ciphertext so the master key can rotate.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from botocore.exceptions import ClientError

from . import aws
from .config import settings

FORMAT_VERSION = 1


class DecryptionError(Exception):
    """Ciphertext was tampered with, or opened with the wrong context: fail closed."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(context: dict[str, str], field: str) -> bytes:
    return json.dumps({"ctx": context, "field": field}, sort_keys=True, separators=(",", ":")).encode()


def seal(values: dict[str, str], context: dict[str, str], key_id: str | None = None) -> dict[str, Any]:
    """Encrypt every value under one fresh data key; returns a JSON-safe envelope."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on use: a cold start rarely seals

    kms = aws.client("kms")
    key_id = key_id or settings().kms_key_id
    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)
    aes = AESGCM(data_key["Plaintext"])
    fields: dict[str, dict[str, str]] = {}
    for name, value in values.items():
        nonce = os.urandom(12)
        fields[name] = {"n": _b64(nonce), "c": _b64(aes.encrypt(nonce, value.encode("utf-8"), _aad(context, name)))}
    return {
        "v": FORMAT_VERSION,
        "key_id": data_key.get("KeyId", key_id),
        "edk": _b64(data_key["CiphertextBlob"]),
        "fields": fields,
    }


def open_envelope(envelope: dict[str, Any], context: dict[str, str]) -> dict[str, str]:
    """Decrypt every field of an envelope made by `seal` with the same context."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        if envelope.get("v") != FORMAT_VERSION:
            raise DecryptionError("unknown envelope format")
        kms = aws.client("kms")
        try:
            plain_key = kms.decrypt(
                CiphertextBlob=_unb64(envelope["edk"]),
                EncryptionContext=context,
                KeyId=envelope["key_id"],
            )["Plaintext"]
        except ClientError as exc:
            raise DecryptionError("the data key could not be decrypted") from exc
        aes = AESGCM(plain_key)
        return {
            name: aes.decrypt(_unb64(part["n"]), _unb64(part["c"]), _aad(context, name)).decode("utf-8")
            for name, part in envelope["fields"].items()
        }
    except DecryptionError:
        raise
    except (InvalidTag, KeyError, TypeError, ValueError) as exc:
        raise DecryptionError("the ciphertext is invalid for this context") from exc
