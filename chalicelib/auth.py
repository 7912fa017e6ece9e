"""Bearer-token verification and the caller's identity.

Verification happens inside the app, not in an API Gateway authorizer, because some
routes accept anonymous callers (activity detail), every 401 must use the API's error
shape, and the laptop and Lambda should run exactly the same code path.
Local stage: HS256 with AUTH_DEV_SECRET. Deployed stages: RS256 against the issuer's
JWKS (PyJWT's PyJWKClient caches the keys for the life of the container).
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple, Protocol

from .config import Settings
from .domain.text import clean_display_text, forbidden_characters
from .errors import Unauthorized

log = logging.getLogger(__name__)
#: Longest `sub` accepted (Cognito's are 36-character UUIDs): bounds every key built from it.
MAX_SUB_LENGTH = 256
MAX_NAME_LENGTH = 256
MAX_EMAIL_LENGTH = 320

PERMISSIONS = (
    "manage_conference",
    "manage_activity",
    "view_travel_grant",
    "review_travel_grant",
    "disburse_travel_grant",
    "review_receipt",
)
#: A permission also grants the ones listed here (reviewers can do what viewers can).
IMPLIED = {"review_travel_grant": ("view_travel_grant",)}


class Principal(NamedTuple):
    """Who is calling: the token's subject, contact details and permissions."""

    sub: str
    email: str = ""
    name: str = ""
    permissions: frozenset[str] = frozenset()

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def has_any(self, *permissions: str) -> bool:
        return any(p in self.permissions for p in permissions)


def permissions_from_claims(claims: dict[str, Any]) -> frozenset[str]:
    """Permissions from `permissions` and from Cognito groups named like a permission."""
    granted: set[str] = set()
    for claim in ("permissions", "cognito:groups"):
        value = claims.get(claim) or []
        if isinstance(value, str):
            value = value.split()
        if isinstance(value, list):
            granted.update(v for v in value if isinstance(v, str) and v in PERMISSIONS)
    for perm in list(granted):
        granted.update(IMPLIED.get(perm, ()))
    return frozenset(granted)


def valid_sub(sub: object) -> bool:
    """A subject we can key data by: 1-256 characters, none of them control or invisible."""
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUB_LENGTH:
        return False
    return not forbidden_characters(sub)


_reported: set[str] = set()


def report_configuration(settings: Settings) -> str | None:
    """Log, once per process (the cold start), why dev tokens are refused; returns the reason."""
    problem = settings.dev_auth_problem
    if problem and problem not in _reported:
        _reported.add(problem)
        log.error("auth_misconfigured: %s; every authenticated request answers 401", problem)
    return problem


class SigningKeySource(Protocol):
    def get_signing_key_from_jwt(self, token: str) -> Any: ...


class TokenVerifier:
    """Turns an Authorization header value into a Principal, or raises 401."""

    def __init__(self, settings: Settings, jwks: SigningKeySource | None = None) -> None:
        self._settings = settings
        self._jwks = jwks
        if not settings.is_local and jwks is None and settings.jwks_url:
            import jwt  # PyJWT and cryptography load on first use: the event functions never need them

            self._jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=3600, timeout=5)

    def _key_and_algorithms(self, token: str) -> tuple[Any, list[str]]:
        import jwt

        if self._settings.is_local:
            problem = report_configuration(self._settings)
            if problem:
                raise Unauthorized("Token verification is not configured.")
            return self._settings.auth_dev_secret, ["HS256"]
        if self._jwks is None:
            raise Unauthorized("Token verification is not configured.")
        try:
            return self._jwks.get_signing_key_from_jwt(token).key, ["RS256"]
        except jwt.PyJWKClientError as exc:
            raise Unauthorized("The token's signing key is unknown.") from exc

    def _decode(self, token: str, key: Any, algorithms: list[str]) -> dict[str, Any]:
        """PyJWT's checks: signature, expiry, issuer and audience.

        Cognito *access* tokens carry no `aud`; they name the app client in `client_id`
        instead. Such a token (`token_use` = `access`) is accepted when its `client_id` is
        the configured audience; every other check stays PyJWT's.
        """
        import jwt

        audience = self._settings.auth_audience
        options: dict[str, Any] = {"require": ["sub", "exp"]}
        kwargs: dict[str, Any] = {
            "algorithms": algorithms, "issuer": None if self._settings.is_local else self._settings.auth_issuer,
            "leeway": 30,
        }
        if not audience:
            return jwt.decode(token, key, options={**options, "verify_aud": False}, **kwargs)
        try:
            return jwt.decode(token, key, audience=audience, options=options, **kwargs)
        except jwt.MissingRequiredClaimError as exc:
            if exc.claim != "aud":
                raise
            claims = jwt.decode(token, key, options={**options, "verify_aud": False}, **kwargs)
            if claims.get("token_use") == "access" and claims.get("client_id") == audience:
                return claims
            raise jwt.InvalidAudienceError("Audience doesn't match") from None

    def verify(self, authorization: str | None) -> Principal:
        if not authorization:
            raise Unauthorized()
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("Use 'Authorization: Bearer <token>'.")
        import jwt

        try:
            key, algorithms = self._key_and_algorithms(token)
            claims = self._decode(token, key, algorithms)
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The token has expired.") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthorized("The token is not valid.") from exc
        sub = claims.get("sub")
        if not valid_sub(sub):
            raise Unauthorized("The token's subject is missing, longer than 256 characters or not printable.")
        return Principal(
            sub=sub,
            # Shown to reviewers and organisers: the same display-text rule as request fields,
            # applied by cleaning (a token cannot answer 422).
            email=clean_display_text(str(claims.get("email") or ""), max_length=MAX_EMAIL_LENGTH),
            name=clean_display_text(str(claims.get("name") or claims.get("cognito:username") or ""),
                                    max_length=MAX_NAME_LENGTH),
            permissions=permissions_from_claims(claims),
        )


def mint_dev_token(
    secret: str,
    sub: str,
    *,
    name: str = "",
    email: str = "",
    permissions: list[str] | tuple[str, ...] = (),
    ttl_seconds: int = 12 * 3600,
    now: float | None = None,
) -> str:
    """An HS256 token the local stage accepts (for the CLI, the demo and the tests)."""
    import jwt

    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "name": name,
        "email": email,
        "permissions": list(permissions),
        "iat": issued,
        "exp": issued + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm="HS256")
