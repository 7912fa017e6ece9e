"""S3's access rules that moto does not apply: POST policies and anonymous requests.

moto stores whatever a browser form POSTs (another user's key, `text/html`, 50 MB, a forged
signature, an expired form) and answers anonymous listings, so local tests of the upload
policy would pass without testing anything. This WSGI middleware, in front of moto in the
emulator, answers as S3 does:

* A form POST (multipart/form-data) must carry a policy signed with SigV4 by the
  emulator's credentials (the ones the app signs with: AWS_ACCESS_KEY_ID /
  AWS_SECRET_ACCESS_KEY, `local` by default); the signature is recomputed with botocore's
  own SigV4 code. The policy must not have expired, and the form must meet every condition
  (`bucket`, exact `{"field": value}` / `["eq", ...]`, `["starts-with", ...]`,
  `["content-length-range", min, max]` on the file) with no field the policy does not
  name. Refusals are S3's: 403 AccessDenied ("Invalid according to Policy: ..."), 403
  SignatureDoesNotMatch, 400 EntityTooLarge / EntityTooSmall.
* A request with no signature at all (no Authorization header, no X-Amz-Signature in the
  query, no form policy) is 403 AccessDenied: the bucket is private. CORS preflights,
  the emulator's control routes and moto's own `/moto-api/` are not S3 requests.

A presigned URL past its X-Amz-Expires is 403 AccessDenied ("Request has expired"). The
signatures of header-signed and presigned-URL requests are not recomputed (the app signs
them itself with the same credentials).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import json
import os
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
DEFAULT_CREDENTIALS = ("local", "local")
#: Form fields no policy condition needs to name (S3's rule).
UNCHECKED_FIELDS = {"policy", "x-amz-signature", "file"}
#: moto's own introspection routes (tests read the sent e-mails there): not an AWS API.
MOTO_API = "/moto-api/"


class Refused(Exception):
    def __init__(self, status: str, code: str, message: str, **extra: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def _policy_failed(detail: str) -> Refused:
    return Refused("403 Forbidden", "AccessDenied", f"Invalid according to Policy: {detail}")


def accepted_credentials() -> dict[str, str]:
    """Access key id -> secret the emulator accepts: the environment's pair, and `local`."""
    pairs = dict([DEFAULT_CREDENTIALS])
    key_id, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if key_id and secret:
        pairs[key_id] = secret
    return pairs


def sigv4_signature(secret: str, timestamp: str, region: str, service: str, string_to_sign: str) -> str:
    """SigV4 over `string_to_sign`, computed by botocore's signer (what generate_presigned_post uses)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest()
    request.context["timestamp"] = timestamp
    return str(SigV4Auth(Credentials("unused", secret), service, region).signature(string_to_sign, request))


def _parse_expiration(text: str) -> datetime:
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise _policy_failed("Invalid Policy: Invalid 'expiration' value.")


def check_signature(fields: dict[str, str], now: datetime) -> dict[str, Any]:
    """The decoded policy, once its SigV4 signature and credential scope are right."""
    if fields.get("x-amz-algorithm") != "AWS4-HMAC-SHA256" or not fields.get("x-amz-signature"):
        raise Refused("403 Forbidden", "AccessDenied", "Only AWS4-HMAC-SHA256 signed POST policies are accepted.")
    scope = fields.get("x-amz-credential", "").split("/")
    timestamp = fields.get("x-amz-date", "")
    if len(scope) != 5 or scope[3] != "s3" or scope[4] != "aws4_request" or timestamp[:8] != scope[1]:
        raise Refused("400 Bad Request", "AuthorizationQueryParametersError",
                      "The x-amz-credential and x-amz-date form fields do not match.")
    secret = accepted_credentials().get(scope[0])
    if secret is None:
        raise Refused("403 Forbidden", "InvalidAccessKeyId",
                      "The AWS Access Key Id you provided does not exist in our records.")
    expected = sigv4_signature(secret, timestamp, scope[2], "s3", fields["policy"])
    if not hmac.compare_digest(expected, fields["x-amz-signature"]):
        raise Refused("403 Forbidden", "SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided.")
    try:
        policy = json.loads(base64.b64decode(fields["policy"], validate=True))
    except (ValueError, binascii.Error):
        raise _policy_failed("Invalid Policy: Invalid JSON.") from None
    if not isinstance(policy, dict) or not isinstance(policy.get("conditions"), list):
        raise _policy_failed("Invalid Policy: Invalid JSON.")
    if _parse_expiration(str(policy.get("expiration", ""))) <= now:
        raise _policy_failed("Policy expired.")
    return policy


def check_conditions(policy: dict[str, Any], fields: dict[str, str], bucket: str, size: int) -> None:
    """Every condition met, and every form field named by one (S3's POST policy rules)."""
    values = {**fields, "bucket": bucket}
    named: set[str] = {"bucket"}
    for condition in policy["conditions"]:
        if isinstance(condition, dict) and len(condition) == 1:
            (name, expected), = condition.items()
            condition = ["eq", f"${name}", expected]
        if not isinstance(condition, list) or len(condition) != 3:
            raise _policy_failed(f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if size > high:
                raise Refused("400 Bad Request", "EntityTooLarge",
                              "Your proposed upload exceeds the maximum allowed size",
                              ProposedSize=str(size), MaxSizeAllowed=str(high))
            if size < low:
                raise Refused("400 Bad Request", "EntityTooSmall",
                              "Your proposed upload is smaller than the minimum allowed size",
                              ProposedSize=str(size), MinSizeAllowed=str(low))
            continue
        name = str(condition[1]).lstrip("$").lower()
        named.add(name)
        actual, expected = values.get(name, ""), str(condition[2])
        ok = actual == expected if operator == "eq" else actual.startswith(expected) if operator == "starts-with" \
            else None
        if ok is None:
            raise _policy_failed(f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")
        if not ok:
            raise _policy_failed(f"Policy Condition failed: {json.dumps(condition)}")
    extra = sorted(name for name in fields if name not in named and name not in UNCHECKED_FIELDS
                   and not name.startswith("x-ignore-"))
    if extra:
        raise _policy_failed(f"Extra input fields: {', '.join(extra)}")


def check_url_expiry(query: dict[str, list[str]], now: datetime) -> None:
    """A presigned URL (SigV4 query: X-Amz-Date + X-Amz-Expires) past its time is 403, as on S3."""
    signed_at, expires = query.get("X-Amz-Date", [""])[0], query.get("X-Amz-Expires", [""])[0]
    if not signed_at or not expires:
        return
    try:
        start = datetime.strptime(signed_at, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        lifetime = timedelta(seconds=int(expires))
    except ValueError:
        raise Refused("400 Bad Request", "AuthorizationQueryParametersError",
                      "X-Amz-Date or X-Amz-Expires is not valid.") from None
    if now > start + lifetime:
        raise Refused("403 Forbidden", "AccessDenied", "Request has expired", Expires=(start + lifetime).isoformat(),
                      ServerTime=now.isoformat())


def _bucket_of(environ: dict[str, Any]) -> str:
    segment = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
    return segment or environ.get("HTTP_HOST", "").split(".", 1)[0]


def _form(environ: dict[str, Any], raw: bytes) -> tuple[dict[str, str], str, int]:
    """(fields with lower-case names, the file's name, the file's size) of a multipart form."""
    from werkzeug.formparser import parse_form_data

    copy = {**environ, "wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}
    _, form, files = parse_form_data(copy)
    fields = {name.lower(): value for name, value in form.items()}
    upload = files.get("file")
    if upload is None:
        raise Refused("400 Bad Request", "InvalidArgument", "POST requires exactly one file upload per request.")
    size = len(upload.stream.read())
    if "key" in fields and upload.filename:
        fields["key"] = fields["key"].replace("${filename}", upload.filename)
    return fields, upload.filename or "", size


def _signed(environ: dict[str, Any]) -> bool:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    return bool(environ.get("HTTP_AUTHORIZATION") or "X-Amz-Signature" in query or "Signature" in query)


class S3Guard:
    def __init__(self, app: WsgiApp, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._app = app
        self._clock = clock

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        is_form = method == "POST" and environ.get("CONTENT_TYPE", "").startswith("multipart/form-data")
        try:
            if is_form:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                raw = environ["wsgi.input"].read(length) if length else b""
                environ["wsgi.input"] = io.BytesIO(raw)  # moto reads the form again
                self._check_form(environ, raw)
            elif method != "OPTIONS" and not _signed(environ) and not environ.get("PATH_INFO", "").startswith(MOTO_API):
                raise Refused("403 Forbidden", "AccessDenied", "Access Denied")
            else:
                check_url_expiry(parse_qs(environ.get("QUERY_STRING", "")), self._clock())
        except Refused as refused:
            return self._refuse(environ, start_response, refused)
        return self._app(environ, start_response)

    def _check_form(self, environ: dict[str, Any], raw: bytes) -> None:
        fields, _, size = _form(environ, raw)
        if "policy" not in fields:
            raise Refused("403 Forbidden", "AccessDenied", "Access Denied")
        policy = check_signature(fields, self._clock())
        check_conditions(policy, fields, _bucket_of(environ), size)

    def _refuse(self, environ: dict[str, Any], start_response: Callable[..., Any], refused: Refused) -> list[bytes]:
        extra = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in refused.extra.items())
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{refused.code}</Code>'
                f"<Message>{escape(refused.message)}</Message>{extra}<RequestId>{uuid.uuid4().hex[:16].upper()}"
                "</RequestId></Error>").encode()
        headers = [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))]
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin in self._cors_origins(_bucket_of(environ)):  # so a browser can read the refusal
            headers += [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        start_response(refused.status, headers)
        return [body]

    @staticmethod
    def _cors_origins(bucket: str) -> set[str]:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.s3.models import s3_backends

        try:
            found = next(iter(s3_backends[DEFAULT_ACCOUNT_ID].values())).get_bucket(bucket)
        except Exception:  # noqa: BLE001 - no such bucket: no CORS
            return set()
        return {origin for rule in found.cors for origin in rule.allowed_origins}
