"""Fuzzing plumbing: schemathesis cases + our own hostile variations, sent in-process, judged
against the contract.

Schemathesis generates each operation's cases from the OpenAPI document (positive: valid per
the schemas; negative: violating them). On top of that every example draws who calls (a token
with every permission, the applicant who owns the world's grant, nobody, or one of many broken
or odd tokens), may swap path parameters for the world's real ids (so deep code paths run) or
for hostile strings (traversal, unicode, control characters, > 100 characters), may replace the
body with arbitrary bytes or JSON that is not an object, and may add odd `If-Match`,
`Content-Type` and oversized headers. Requests go through chalice.test.Client with the same
gateway behaviour as the deployed API (tests/support/clients.Api).

`judge()` is the oracle: never a 5xx (the one documented exception: 502 `pretalx_unavailable`
from the Pretalx sync), every non-2xx in the error shape, every status documented for the
operation, and 2xx JSON bodies valid against the documented response schema.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jwt
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from chalicelib.auth import mint_dev_token
from tests.support.conference import TEST_SECRET
from tests.support.error_shape import error_shape_problems
from tests.support.world import PERMISSIONS, Place

# -- callers ------------------------------------------------------------------------------------


def _signed(claims: dict[str, Any], secret: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "fuzz-odd", "name": "Odd", "email": "odd@example.com", "permissions": [], "iat": now,
            "exp": now + 3600, **overrides}


def authorization_values() -> dict[str, str | None]:
    """Every kind of Authorization header the fuzzer sends (None: header absent)."""
    full = mint_dev_token(TEST_SECRET, "fuzz-admin", name="Fuzz Admin", email="admin@example.com",
                          permissions=PERMISSIONS)
    attendee = mint_dev_token(TEST_SECRET, "ada", name="Ada", email="ada@example.com")
    header, payload, signature = full.split(".")
    return {
        "full": f"Bearer {full}",
        "applicant": f"Bearer {attendee}",
        "anonymous": None,
        "empty": "",
        "bearer-only": "Bearer ",
        "basic": "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "not-a-jwt": "Bearer not.a.jwt",
        "garbage": "Bearer \x7f\x01garbage",
        "tampered": f"Bearer {header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}",
        "wrong-secret": "Bearer " + _signed(_claims(permissions=list(PERMISSIONS)), secret="x" * 40),
        "expired": "Bearer " + _signed(_claims(exp=int(time.time()) - 600, permissions=list(PERMISSIONS))),
        "alg-none": "Bearer " + jwt.encode(_claims(permissions=list(PERMISSIONS)), None, algorithm="none"),
        "no-sub": "Bearer " + _signed({k: v for k, v in _claims().items() if k != "sub"}),
        "empty-sub": "Bearer " + _signed(_claims(sub="")),
        "odd-sub": "Bearer " + _signed(_claims(sub="../../etc/passwd#\u202e\u00e9" + "x" * 300)),
        "numeric-sub": "Bearer " + _signed(_claims(sub=12345)),
        "permissions-string": "Bearer " + _signed(_claims(permissions="manage_conference")),
        "permissions-junk": "Bearer " + _signed(_claims(permissions=[1, None, {"a": 1}, "manage_activity"])),
        "groups": "Bearer " + _signed(_claims(**{"cognito:groups": ["review_travel_grant", 7]})),
        "claims-junk": "Bearer " + _signed(_claims(name=["x"], email={"a": 1}, exp="tomorrow")),
        "huge": "Bearer " + "A" * 20000,
        "lowercase-scheme": f"bearer {full}",
    }


# Authorization values that must never authenticate (401 wherever a token is read).
REJECTED_TOKENS = frozenset({"empty", "bearer-only", "basic", "not-a-jwt", "garbage", "tampered", "wrong-secret",
                             "expired", "alg-none", "no-sub", "empty-sub", "numeric-sub", "claims-junk", "huge"})

# -- hostile values -------------------------------------------------------------------------------

ODD_PATH_VALUES = [
    "..", "../..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a/b", "a%2Fb", "%00", "%ff%fe", "%", "%zz",
    quote("日本語-ünï"), quote("\u202e\u0000\u0007"), "x" * 101, "y" * 3000, quote(" "), "~", "-",
    quote("' OR 1=1 --"), quote("${jndi:ldap://x}"), quote("<script>"), "CON", "null", "0", "-1",
    "1e999", "NaN", quote("#"), quote("?a=b"), "a;b=c", quote("*"),
]
ODD_BODIES: list[bytes] = [
    b"", b" ", b"null", b"true", b"0", b"[]", b"[{}]", b'"text"', b"{", b'{"a":', b"{'a': 1}", b"\xff\xfe\x00",
    b"\x00" * 10, b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000, b'{"amount": 1e999}',
    b'{"amount": NaN}', b'{"a": 1, "a": 2}', b'{"__proto__": {"x": 1}}', "{\"name\": \"\ud800\"}".encode("utf-8",
                                                                                                          "surrogatepass"),
    b'{"x":"' + b"A" * 300_000 + b'"}', b"<xml/>", b"a=b&c=d",
]
ODD_CONTENT_TYPES = [
    "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
    "application/x-www-form-urlencoded", "", "*/*", "application/json;;;", "\x7f",
]
ODD_IF_MATCH = ["", "*", "0", "-1", "99999999999999999999999", "W/\"1\"", "\"1\"", "abc", "1.5", "1e3",
                "ﾟ", "1, 2", " 1 ", "A" * 9000]


def latin1_text(max_size: int) -> st.SearchStrategy[str]:
    """Header values a real HTTP client can send."""
    return st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
                   max_size=max_size)


# -- the request ----------------------------------------------------------------------------------


@dataclass
class Sent:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    caller: str

    def describe(self) -> str:
        body = self.body if self.body is None or len(self.body) < 300 else self.body[:300] + b"..."
        headers = {k: (v if len(v) < 120 else v[:120] + "...") for k, v in self.headers.items()}
        return f"{self.method} {self.path[:400]} caller={self.caller} headers={headers} body={body!r}"


REAL_IDS = {
    "slug": ("slug",), "activity_slug": ("activity", "other_activity"), "signup_id": ("signup_id",),
    "grant_id": ("grant_id",), "receipt_id": ("receipt_pending", "receipt_approved"), "feed": ("calendar_feed",),
}
NO_REAL_SLUG = {("PUT", "/manage/conferences/{slug}")}  # keep the world's own conference settings intact


def draw_request(data: Any, case: Any, place: Place, callers: dict[str, str | None]) -> Sent:
    """Turn a schemathesis case into a request, with this example's hostile variations."""
    method = case.method.upper()
    template = case.operation.path
    params = dict(case.path_parameters or {})
    for name, value in params.items():
        choices = [st.just(value), st.sampled_from(ODD_PATH_VALUES)]
        if name in REAL_IDS and (method, template) not in NO_REAL_SLUG:
            choices.append(st.sampled_from([getattr(place, attr) for attr in REAL_IDS[name]]))
            choices.append(st.sampled_from([getattr(place, attr) for attr in REAL_IDS[name]]))  # weight real ids
        params[name] = data.draw(st.one_of(choices), label=f"path:{name}")
    path = template
    for name, value in params.items():
        path = path.replace("{" + name + "}", str(value))

    kwargs = case.as_transport_kwargs(base_url="http://fuzz")
    query = kwargs.get("params") or {}
    split = urlsplit(kwargs["url"])
    query_string = urlencode(query, doseq=True) if query else split.query
    if query_string:
        path = f"{path}?{query_string}"

    headers = {k: str(v) for k, v in (kwargs.get("headers") or {}).items()
               if k.lower() not in ("user-agent", "accept-encoding", "connection", "authorization")}
    if "json" in kwargs:
        body: bytes | None = json.dumps(kwargs["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif kwargs.get("data") is not None:
        data_value = kwargs["data"]
        body = data_value if isinstance(data_value, bytes) else str(data_value).encode()
    else:
        body = None

    # Half the examples come from a real caller, so most of them get past authentication.
    caller = data.draw(st.one_of(st.sampled_from(["full", "applicant"]), st.sampled_from([*callers, "schemathesis"])),
                       label="caller")
    if caller == "schemathesis":
        generated = (kwargs.get("headers") or {}).get("Authorization")
        if generated is not None:
            headers["Authorization"] = str(generated)
    elif callers[caller] is not None:
        headers["Authorization"] = callers[caller]  # type: ignore[assignment]

    if data.draw(st.integers(0, 3), label="odd body?") == 0:
        body = data.draw(st.one_of(st.sampled_from(ODD_BODIES), st.binary(max_size=300)), label="body")
    if data.draw(st.integers(0, 4), label="odd content type?") == 0:
        headers["Content-Type"] = data.draw(st.one_of(st.sampled_from(ODD_CONTENT_TYPES), latin1_text(40)),
                                            label="content-type")
    if data.draw(st.integers(0, 3), label="if-match?") == 0:
        headers["If-Match"] = data.draw(st.one_of(st.sampled_from(ODD_IF_MATCH), latin1_text(50)), label="if-match")
    if data.draw(st.integers(0, 9), label="huge header?") == 0:
        headers["X-Fuzz"] = "z" * data.draw(st.sampled_from([1, 8192, 65536]), label="header size")
    return Sent(method, path, headers, body, caller)


def send(api: Any, sent: Sent, template: str = "") -> Any:
    """Send in-process; with FUZZ_LOG=<file>, append `METHOD template status` (coverage figures)."""
    reply = api.request(sent.method, sent.path, headers=sent.headers, raw=sent.body if sent.body is not None else None)
    if os.environ.get("FUZZ_LOG"):
        with open(os.environ["FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{sent.method} {template} {reply.status} {sent.caller}\n")
    return reply


# -- the oracle -----------------------------------------------------------------------------------------


class Oracle:
    """What the contract allows for each operation, from the OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource("urn:api", resource)

    def operation(self, method: str, template: str) -> dict[str, Any]:
        return self.document["paths"][template][method.lower()]

    def judge(self, method: str, template: str, status: int, body: Any, raw: bytes,
              headers: dict[str, str]) -> list[str]:
        operation = self.operation(method, template)
        problems: list[str] = []
        if status >= 500 and not (status == 502 and template.endswith("/pretalx/sync")
                                  and isinstance(body, dict) and body.get("error", {}).get("code") == "pretalx_unavailable"):
            problems.append(f"server error {status}: {raw[:300]!r}")
        if status == 503 and "Retry-After" not in headers:
            problems.append("503 without Retry-After")
        if status >= 300:
            problems += error_shape_problems(status, body)
            if b"Traceback" in raw or b'File "' in raw:
                problems.append("stack trace in the response")
        documented = operation["responses"]
        if str(status) not in documented and not self._gateway_not_found(status, body):
            problems.append(f"status {status} is not documented for {method} {template} "
                            f"(documented: {sorted(documented)}): {raw[:200]!r}")
        elif 200 <= status < 300 and str(status) in documented:
            problems += self._schema_problems(documented[str(status)], status, body, headers)
        return problems

    @staticmethod
    def _gateway_not_found(status: int, body: Any) -> bool:
        """A path that no longer matches the route (e.g. a '/' in a parameter) is the gateway's 404."""
        return status == 404 and isinstance(body, dict) and body.get("error", {}).get("message") == "No such route."

    def _schema_problems(self, response: dict[str, Any], status: int, body: Any, headers: dict[str, str]) -> list[str]:
        content = response.get("content")
        if not content:  # 204, or a route documented without a response model
            return [f"{status} with a body: {body!r:.200}"] if status == 204 and body not in (None, "") else []
        media_type, spec = next(iter(content.items()))
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if not content_type.startswith(media_type):
            return [f"{status}: Content-Type {content_type!r}, documented {media_type!r}"]
        if media_type != "application/json":
            return []
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "urn:api#/components/schemas/"
                  + spec["schema"]["$ref"].rsplit("/", 1)[-1]} if "$ref" in spec.get("schema", {}) else spec["schema"]
        validator = Draft202012Validator(schema, registry=self.registry)
        return [f"{status} body does not match its schema at {list(e.absolute_path)}: {e.message[:200]}"
                for e in validator.iter_errors(body)][:3]
