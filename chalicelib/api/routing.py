"""Declarative routes: auth, permission, conference/feature gate, body and query parsing.

Every view is registered through `endpoint()`, which (1) records a `RouteSpec` that the
OpenAPI document is generated from, so the document cannot drift from the routes, and
(2) wraps the view so that parsing, authorisation and error formatting happen the same
way everywhere. Views receive a `Ctx` and their path parameters, and return a pydantic
model, a dict/list, `None` (204) or a `chalice.Response`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from chalice import Blueprint, Chalice, Response
from pydantic import BaseModel

from ..auth import Principal, TokenVerifier
from ..config import settings
from ..domain import locale as locale_rules
from ..errors import BadRequest, DomainError, Forbidden, NotFound, Unauthorized, ValidationFailed
from ..observability.logging import note_user
from . import validation
from .failures import PayloadTooLarge, to_api_error

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
AuthMode = Literal["none", "optional", "required"]
Router = Blueprint | Chalice


class RouteSpec(NamedTuple):
    """What the API promises for one method on one path (feeds OpenAPI)."""

    path: str
    method: str
    name: str
    summary: str
    auth: AuthMode
    permissions: tuple[str, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    #: The name of a model in `api.responses` (resolved only for the OpenAPI document).
    response: str | None
    status: int
    features: tuple[str, ...]
    tags: tuple[str, ...]
    errors: tuple[int, ...]
    content_type: str = "application/json"
    #: Other success statuses the view may answer with (201 vs 200 for an upsert, 204 for "nothing").
    also: tuple[int, ...] = ()
    #: Optional request headers the view reads, and headers its success responses carry
    #: (name -> description), so the OpenAPI document declares them (If-Match, ETag).
    request_headers: tuple[tuple[str, str], ...] = ()
    response_headers: tuple[tuple[str, str], ...] = ()
    #: Cross-field rules that need the conference (e.g. the grant cap): run on what parsed of
    #: a body that also has type errors, so one 422 lists both (see `endpoint`).
    body_rules: Callable[[Ctx, Any], dict[str, list[str]]] | None = None
    #: Who may call it beyond `permissions` (a rule of chalicelib.policies, e.g. not on the
    #: caller's own grant): called with the caller and the path parameters before the body is
    #: read; raises Forbidden (403) to refuse.
    policy: Callable[[Principal, dict[str, str]], None] | None = None
    #: Raises NotFound when the resource the path names does not exist (or is inactive). Run
    #: only when the body or query is invalid, so a bad input on an unknown id answers 404 and
    #: the happy path pays no extra request.
    found: Callable[[Ctx, dict[str, str]], None] | None = None


ROUTES: list[RouteSpec] = []


@dataclass
class Ctx:
    """Everything a view needs about the current request, already checked."""

    request: Any
    principal: Principal | None
    body: Any = None
    query: Any = None
    conference: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def user(self) -> Principal:
        if self.principal is None:
            raise Unauthorized()
        return self.principal

    def header(self, name: str) -> str | None:
        return (self.request.headers or {}).get(name.lower())


_verifier: TokenVerifier | None = None


def verifier() -> TokenVerifier:
    """The token verifier for this container (JWKS keys cached inside it)."""
    global _verifier
    if _verifier is None:
        _verifier = TokenVerifier(settings())
    return _verifier


def reset_verifier(new: TokenVerifier | None = None) -> None:
    """Tests swap the verifier after changing settings."""
    global _verifier
    _verifier = new


#: Paths that already have their OPTIONS (preflight) route.
_PREFLIGHT_PATHS: set[str] = set()


def _preflight_view(router: Router) -> Callable[..., Response]:
    def preflight(**_path_params: str) -> Response:
        """CORS preflight, answered by the app for every allowed origin.

        API Gateway's own (mock) preflight can name a single origin, so the API
        function answers OPTIONS instead: 204 for an allowed `Origin` (the http
        middleware adds the `Access-Control-*` headers), 403 for any other.
        """
        origin = (router.current_request.headers or {}).get("origin")
        if origin and origin in settings().allowed_origins:
            return Response(body="", status_code=204)
        return error_response(Forbidden("This origin is not allowed.", code="origin_not_allowed"))

    return preflight


def _ensure_preflight(router: Router, path: str) -> None:
    if path not in _PREFLIGHT_PATHS:
        _PREFLIGHT_PATHS.add(path)
        name = "preflight" + re.sub(r"\W+", "_", path).rstrip("_")
        router.route(path, methods=["OPTIONS"], name=name)(_preflight_view(router))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    payload = json.dumps(body, default=_json_default, separators=(",", ":"))
    return Response(body=payload, status_code=status, headers={"Content-Type": "application/json", **(headers or {})})


def error_response(error: DomainError) -> Response:
    answer = to_api_error(error)
    return json_response(answer.body(), answer.status, answer.headers)


def raw_body_bytes(request: Any) -> bytes:
    try:
        return request.raw_body or b""
    except Exception:  # noqa: BLE001 - chalice raises on undecodable base64 bodies
        raise BadRequest("The request body could not be read.") from None


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """Decode a JSON object body; numbers become Decimal so money keeps its precision."""
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    return data


def check_permission(principal: Principal, permissions: tuple[str, ...]) -> None:
    if permissions and not principal.has_any(*permissions):
        raise Forbidden()


def _load_conference(slug: str, features: tuple[str, ...]) -> Any:
    from ..services import conferences  # local import keeps module import order simple

    conference = conferences.get_conference(slug)
    if conference is None:
        raise NotFound("No such conference.")
    for feature in features:
        if not conference.feature_enabled(feature):
            raise NotFound("This feature is not enabled for the conference.")
    return conference


def endpoint(
    router: Router,
    path: str,
    method: str,
    *,
    auth: AuthMode = "required",
    permissions: tuple[str, ...] | str = (),
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: str | None = None,
    status: int = 200,
    features: tuple[str, ...] = (),
    load_conference: bool | None = None,
    summary: str = "",
    tags: tuple[str, ...] = (),
    errors: tuple[int, ...] = (),
    content_type: str = "application/json",
    also: tuple[int, ...] = (),
    request_headers: dict[str, str] | None = None,
    response_headers: dict[str, str] | None = None,
    body_rules: Callable[[Ctx, Any], dict[str, list[str]]] | None = None,
    policy: Callable[[Principal, dict[str, str]], None] | None = None,
    found: Callable[[Ctx, dict[str, str]], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view for `method path` with the checks the contract asks for.

    `permissions` is any-of. Every path with a `{slug}` loads the conference it names into
    `ctx.conference` (unless `load_conference=False`, for the route that creates it),
    answering 404 when it is missing or one of `features` is disabled for it, and it does
    so before the body or query is parsed: an unknown conference or a disabled feature is
    404 whatever the input (the contract's promise), never a 400/422 about input that
    could not have been used anyway. `policy` (from chalicelib.policies) refuses callers the
    permissions alone would let in, before the body is read (403).
    `found` checks that the resource a `{..._id}` path names exists: an invalid body or query
    on an unknown resource answers 404, not 400/422.
    `response` names the model in `api.responses` that documents a success (never imported on
    a request: see that package).
    """
    perms = (permissions,) if isinstance(permissions, str) else tuple(permissions)
    if load_conference is None:
        load_conference = "{slug}" in path
    if features and not load_conference:
        raise ValueError(f"{method} {path}: feature gates need the conference")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        spec = RouteSpec(
            path=path, method=method.upper(), name=view.__name__,
            summary=summary or (view.__doc__ or "").strip().split("\n")[0],
            auth=auth, permissions=perms, body=body, query=query, response=response,
            status=status, features=features, tags=tags, errors=errors, content_type=content_type,
            also=also, request_headers=tuple((request_headers or {}).items()),
            response_headers=tuple((response_headers or {}).items()), body_rules=body_rules,
            policy=policy, found=found,
        )
        ROUTES.append(spec)

        @functools.wraps(view)
        def handler(**path_params: str) -> Response:
            request = router.current_request
            try:
                return _run(spec, view, request, path_params, load_conference)
            except Exception as exc:  # noqa: BLE001 - every failure leaves in the error shape
                return error_response(to_api_error(exc, spec.path))

        router.route(path, methods=[spec.method], content_types=["application/json", "text/plain"])(handler)
        _ensure_preflight(router, path)
        return view

    return decorate


def _raise_with_rules(spec: RouteSpec, ctx: Ctx, error: ValidationFailed, data: Any) -> None:
    """Add the route's cross-field problems (on the fields that parsed) to a body's type errors."""
    fields = error.fields or {}
    rest = validation.rest_of(spec.body, data, fields) if spec.body is not None else None
    if rest is not None and spec.body_rules is not None:
        validation.merge(fields, {k: v for k, v in spec.body_rules(ctx, rest).items() if k not in fields})
    raise ValidationFailed(fields)


def _parse_input(spec: RouteSpec, ctx: Ctx, request: Any) -> None:
    """The body and query into `ctx` (400/422 when they do not parse or validate)."""
    invalid: tuple[ValidationFailed, Any] | None = None
    if spec.body is not None:
        data = parse_json_object(raw_body_bytes(request))
        try:
            ctx.body = validation.validate_model(spec.body, data)
        except ValidationFailed as exc:
            if spec.body_rules is None:
                raise
            invalid = (exc, data)  # the conference-dependent rules run below, on what parsed
    if spec.query is not None:
        ctx.query = validation.validate_model(spec.query, dict(request.query_params or {}))
    if invalid is not None:
        _raise_with_rules(spec, ctx, *invalid)


def _run(spec: RouteSpec, view: Callable[..., Any], request: Any, params: dict[str, str], load_conf: bool) -> Response:
    authorization = (request.headers or {}).get("authorization")
    principal: Principal | None = None
    if spec.auth == "required" or (spec.auth == "optional" and authorization):
        principal = verifier().verify(authorization)
        note_user(principal.sub)  # the access log line names the caller, hashed
    if spec.permissions:
        check_permission(principal, spec.permissions)  # type: ignore[arg-type]
    if spec.policy is not None and principal is not None:
        spec.policy(principal, params)
    ctx = Ctx(request=request, principal=principal)
    if spec.features or load_conf:  # before any input parsing: 404 for an unknown conference or a disabled feature
        ctx.conference = _load_conference(params.get("slug", ""), spec.features)
        if principal is not None and ctx.conference is not None:  # what the services keep for e-mails
            ctx.principal = principal._replace(locale=locale_rules.resolve(
                principal.locale, (request.headers or {}).get("accept-language"),
                ctx.conference.default_locale))
    try:
        _parse_input(spec, ctx, request)
    except (BadRequest, ValidationFailed):
        if spec.found is not None:
            spec.found(ctx, params)  # an unknown resource is 404 whatever the input
        raise
    result = view(ctx, **params)
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(body="", status_code=204)
    if isinstance(result, tuple):
        body, status = result
        return json_response(body, status)
    return json_response(result, spec.status)
