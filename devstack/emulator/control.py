"""The emulator's local-only control surface: a change counter, an outbox, KMS key export.

Wraps moto's WSGI app inside the emulator process (never part of the Lambda):
  * counts mutating requests, so the stack saves a snapshot only after something changed
    (`GET /_devstack/state` -> `{"changes": n, "emails": m}`);
  * records every e-mail SES accepted, with both its text and HTML parts (moto itself
    keeps only one body per message): `GET /_devstack/mailbox` lists them, newest first,
    and `POST /_devstack/mailbox` puts back the ones a snapshot saved;
  * exports and imports KMS keys *with their key material* (`/_devstack/kms`): data keys
    sealed under a key are only readable again by the same key, so a restored table is
    useless without it, and the KMS API (rightly) has no way to read key material;
  * `POST /_devstack/snapshot` answers the whole state at one instant (state.py):
    it runs inside the emulator's request lock like every request;
  * `/_devstack/stream` keeps the event pump's checkpoint, so the stream records it has not
    handled yet are saved with the data and delivered after a restart;
  * `POST /_devstack/persist` names the data folder, so the emulator saves one last time
    by itself when its stack is killed (server.py).
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import json
import re
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from . import state as emulator_state

CONTROL_PREFIX = "/_devstack/"
#: Operation-name prefixes of JSON-protocol requests (DynamoDB, Streams, KMS) that change nothing.
READ_PREFIXES = ("Get", "Describe", "List", "Scan", "Query", "BatchGet", "Decrypt", "Encrypt", "GenerateDataKey",
                 "GenerateRandom", "ReEncrypt", "Verify", "Sign")
SES_SEND_ACTIONS = ("SendEmail", "SendRawEmail")
_MESSAGE_ID = re.compile(rb"<MessageId>([^<]+)</MessageId>")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_mutating(environ: dict[str, Any]) -> bool:
    """Whether a request may change emulator state (over-counting only costs an extra save)."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return not target.rsplit(".", 1)[-1].startswith(READ_PREFIXES)
    return environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD", "OPTIONS")


def _parts_of_mime(raw: str) -> tuple[str, str, str, str, str]:
    """(to, from, subject, text, html) of a raw MIME message."""
    message = email.message_from_string(raw, policy=email.policy.default)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    text = text_part.get_content() if text_part is not None else ""
    html = html_part.get_content() if html_part is not None else ""
    return (str(message.get("To", "")), str(message.get("From", "")), str(message.get("Subject", "")),
            text, html)


def attachments_of_mime(raw: str) -> list[dict[str, Any]]:
    """The files a raw MIME message carries: name, type, size and content (base64)."""
    message = email.message_from_string(raw, policy=email.policy.default)
    found = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        found.append({"filename": part.get_filename() or "", "content_type": part.get_content_type(),
                      "size": len(data), "content_base64": base64.b64encode(data).decode("ascii")})
    return found


def message_from_ses_v1(form: dict[str, list[str]], message_id: str) -> dict[str, Any]:
    """An outbox entry from an SES (v1, query protocol) SendEmail/SendRawEmail request."""

    def one(name: str) -> str:
        return form.get(name, [""])[0]

    def many(prefix: str) -> list[str]:
        return [values[0] for name, values in sorted(form.items()) if name.startswith(prefix)]

    if one("Action") == "SendRawEmail":
        raw = base64.b64decode(one("RawMessage.Data")).decode("utf-8", "replace")
        to, sender, subject, text, html = _parts_of_mime(raw)
        recipients = many("Destinations.member.") or [to]
        return {"id": message_id, "to": ", ".join(r for r in recipients if r), "from": one("Source") or sender,
                "subject": subject, "text": text, "html": html, "sent_at": now_iso(),
                "attachments": attachments_of_mime(raw)}
    return {
        "id": message_id,
        "to": ", ".join(many("Destination.ToAddresses.member.")),
        "from": one("Source"),
        "subject": one("Message.Subject.Data"),
        "text": one("Message.Body.Text.Data"),
        "html": one("Message.Body.Html.Data"),
        "sent_at": now_iso(),
    }


def message_from_ses_v2(body: dict[str, Any], message_id: str) -> dict[str, Any]:
    """An outbox entry from an SESv2 SendEmail (`POST /v2/email/outbound-emails`) request."""
    content = body.get("Content") or {}
    to = ", ".join((body.get("Destination") or {}).get("ToAddresses") or [])
    if "Raw" in content:
        raw = base64.b64decode(content["Raw"].get("Data") or b"").decode("utf-8", "replace")
        mime_to, sender, subject, text, html = _parts_of_mime(raw)
        return {"id": message_id, "to": to or mime_to, "from": body.get("FromEmailAddress") or sender,
                "subject": subject, "text": text, "html": html, "sent_at": now_iso(),
                "attachments": attachments_of_mime(raw)}
    simple = content.get("Simple") or {}
    parts = simple.get("Body") or {}
    return {"id": message_id, "to": to, "from": body.get("FromEmailAddress") or "",
            "subject": (simple.get("Subject") or {}).get("Data", ""),
            "text": (parts.get("Text") or {}).get("Data", ""), "html": (parts.get("Html") or {}).get("Data", ""),
            "sent_at": now_iso()}


# -- KMS keys with their material (moto internals: only this local emulator reaches them) ------


def export_kms_keys() -> list[dict[str, Any]]:
    from moto.kms.models import kms_backends

    keys = []
    for account_id, regions in kms_backends.items():
        for region, backend in regions.items():
            for key in backend.keys.values():
                if key.key_spec != "SYMMETRIC_DEFAULT":
                    continue  # the app only uses symmetric keys; asymmetric ones are not restorable
                keys.append({
                    "account_id": account_id, "region": region, "id": key.id,
                    "material": base64.b64encode(key.key_material).decode("ascii"),
                    "description": key.description, "key_usage": key.key_usage,
                    "rotation": bool(key.key_rotation_status), "aliases": sorted(key.aliases),
                })
    return keys


def import_kms_keys(keys: list[dict[str, Any]]) -> int:
    """Recreate keys under their old ids and material (an existing id is left alone)."""
    from moto.kms.models import Key, kms_backends

    created = 0
    for entry in keys:
        backend = kms_backends[entry["account_id"]][entry["region"]]
        if entry["id"] in backend.keys:
            continue
        key = Key(None, entry.get("key_usage") or "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT",
                  entry.get("description") or "", entry["account_id"], entry["region"])
        key.id = entry["id"]
        key.arn = key.arn.rsplit("/", 1)[0] + "/" + key.id
        key.key_material = base64.b64decode(entry["material"])
        key.key_rotation_status = bool(entry.get("rotation"))
        backend.keys[key.id] = key
        for alias in entry.get("aliases") or []:
            if not backend.alias_exists(alias):
                backend.create_alias(key.id, alias)
        created += 1
    return created


class ControlApp:
    """WSGI middleware around moto: see the module docstring."""

    def __init__(self, app: WsgiApp) -> None:
        self._app = app
        self._lock = threading.Lock()
        self.changes = 0
        self.outbox: list[dict[str, Any]] = []
        self.stream = emulator_state.StreamCheckpoint()
        #: {"data_dir", "table", "bucket", "region"} once the stack has said where it saves.
        self.persist_target: dict[str, str] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self._control(environ, start_response, path[len(CONTROL_PREFIX):])
        if is_mutating(environ):
            with self._lock:
                self.changes += 1
        sent = self._ses_request(environ, path)
        if sent is None:
            return self._app(environ, start_response)
        status_seen: list[str] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_seen.append(status)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = b"".join(self._app(environ, capture))
        if status_seen and status_seen[0].startswith("200"):
            self._record(sent, body)
        return [body]

    # -- SES ------------------------------------------------------------------------------
    def _ses_request(self, environ: dict[str, Any], path: str) -> tuple[str, Any] | None:
        """('v1', form) / ('v2', json) for an SES send request (its body put back), else None."""
        method = environ.get("REQUEST_METHOD")
        content_type = environ.get("CONTENT_TYPE", "")
        is_v1 = method == "POST" and path in ("", "/") and content_type.startswith("application/x-www-form-urlencoded")
        is_v2 = method == "POST" and path.rstrip("/") == "/v2/email/outbound-emails"
        if not (is_v1 or is_v2):
            return None
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)
        if is_v2:
            try:
                return "v2", json.loads(raw or b"{}")
            except ValueError:
                return None
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        return ("v1", form) if form.get("Action", [""])[0] in SES_SEND_ACTIONS else None

    def _record(self, sent: tuple[str, Any], response: bytes) -> None:
        kind, request = sent
        try:
            if kind == "v1":
                match = _MESSAGE_ID.search(response)
                message = message_from_ses_v1(request, match.group(1).decode() if match else "")
            else:
                message = message_from_ses_v2(request, str(json.loads(response).get("MessageId", "")))
        except (ValueError, KeyError, TypeError):
            return  # an unparseable message is still sent; the mailbox just cannot show it
        with self._lock:
            self.outbox.append(message)
            self.changes += 1

    # -- /_devstack/... ---------------------------------------------------------------------
    def _control(self, environ: dict[str, Any], start_response: Callable[..., Any], name: str) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        payload: Any = None
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                payload = json.loads(environ["wsgi.input"].read(length) or b"null")
            except ValueError:
                return _json(start_response, "400 Bad Request", {"error": "body is not JSON"})
        if name == "state" and method == "GET":
            with self._lock:
                return _json(start_response, "200 OK", {"changes": self.changes, "emails": len(self.outbox)})
        if name == "mailbox" and method == "GET":
            with self._lock:
                messages = list(reversed(self.outbox))
            return _json(start_response, "200 OK", {"messages": messages})
        if name == "mailbox" and method == "POST" and isinstance(payload, list):  # a snapshot's, newest first
            with self._lock:
                known = {m.get("id") for m in self.outbox}
                older = [m for m in payload if isinstance(m, dict) and m.get("id") not in known]
                self.outbox[:0] = list(reversed(older))  # the payload is newest first, like GET
            return _json(start_response, "200 OK", {"emails": len(self.outbox)})
        if name == "snapshot" and method == "POST" and isinstance(payload, dict):
            return _json(start_response, "200 OK", self.export(payload))
        if name == "stream" and method == "GET":
            return _json(start_response, "200 OK", {"after": self.stream.after, "carried": self.stream.carried,
                                                    "objects_seen": self.stream.objects_seen})
        if name == "stream" and method == "POST" and isinstance(payload, dict):
            self._move_checkpoint(payload)
            return _json(start_response, "200 OK", {"after": self.stream.after, "carried": len(self.stream.carried)})
        if name == "persist" and method == "POST" and isinstance(payload, dict):
            self.persist_target = {k: str(payload[k]) for k in ("data_dir", "table", "bucket", "region")}
            return _json(start_response, "200 OK", {"ok": True})
        if name == "kms" and method == "GET":
            return _json(start_response, "200 OK", {"keys": export_kms_keys()})
        if name == "kms" and method == "POST" and isinstance(payload, list):
            return _json(start_response, "200 OK", {"created": import_kms_keys(payload)})
        return _json(start_response, "404 Not Found", {"error": f"no control route {method} {name}"})


    # -- snapshots and the stream checkpoint (called inside the emulator's request lock) ---------
    def export(self, target: dict[str, Any]) -> dict[str, Any]:
        """The state at this instant: `target` names the table, bucket and region; `known`
        maps object keys to the ETags whose bodies the caller already has."""
        table, region = str(target["table"]), str(target["region"])
        with self._lock:
            changes, mailbox = self.changes, list(reversed(self.outbox))
        return {
            "changes": changes,
            "items": emulator_state.table_items(table, region),
            "objects": emulator_state.bucket_objects(str(target["bucket"]), dict(target.get("known") or {})),
            "kms_keys": export_kms_keys(),
            "mailbox": mailbox,
            "stream_pending": emulator_state.pending_records(table, region, self.stream),
            "bucket_events_seen": self.stream.objects_seen,
        }

    def _move_checkpoint(self, payload: dict[str, Any]) -> None:
        if "carried" in payload and isinstance(payload["carried"], list):
            self.stream.carried = list(payload["carried"])
        if isinstance(payload.get("objects_seen"), dict):
            self.stream.objects_seen = {**(self.stream.objects_seen or {}), **payload["objects_seen"]}
        if isinstance(payload.get("skip_to_latest"), dict):  # records written so far are not events (a restore's)
            where = payload["skip_to_latest"]
            self.stream.after = emulator_state.last_sequence_number(str(where["table"]), str(where["region"]))
        if isinstance(payload.get("after"), (int, str)):
            after = int(payload["after"])
            self.stream.after = after if self.stream.after is None else max(self.stream.after, after)
        with self._lock:
            self.changes += 1  # the checkpoint is saved with the data

    def save_on_exit(self) -> bool:
        """One last save into the stack's data folder (its stack is gone); False when none is set."""
        if self.persist_target is None:
            return False
        from . import persist

        target = self.persist_target
        data_dir = persist.DataDir(Path(target["data_dir"]))
        previous = data_dir.load()
        state = self.export({**target, "known": persist.known_bodies(data_dir, previous)})
        persist.write_snapshot(data_dir, persist.snapshot_from_state(state, data_dir, target["table"],
                                                                     target["bucket"], previous))
        return True


def _json(start_response: Callable[..., Any], status: str, body: Any) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
