"""Bearer-token verification and the caller's identity.

Verification happens inside the app, not in an API Gateway authorizer, because some
routes accept anonymous callers (activity detail), every 401 must use the API's error
shape, and the laptop and Lambda should run exactly the same code path.
Local stage: HS256 with AUTH_DEV_SECRET. Deployed stages: RS256 against the issuer's
JWKS (PyJWT's PyJWKClient caches the keys for the life of the container), and only for
the configured issuer and app client (audience): a stage missing either refuses every
token (Settings.auth_problem) rather than trusting every app client of the pool.

An e-mail address counts only when the token says it is verified (`email_verified`):
anyone can type any address into a self-service sign-up or attribute change, so an
unverified one is never mailed and reviewers see it marked unverified.
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple, Protocol

from .config import Settings
from .domain.locale import supported
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
    #: The identity provider checked that `email` belongs to this user.
    email_verified: bool = False
    #: The person's language: the token's claim as verified; once the request's conference
    #: is known the router replaces it with the resolved one (domain.locale.resolve).
    locale: str = ""

    @property
    def contact_email(self) -> str:
        """The address we may send mail to: the e-mail only when it was verified."""
        return self.email if self.email_verified else ""

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
    """Log, once per process (the cold start), why tokens are refused; returns the reason."""
    problem = settings.auth_problem
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

        if report_configuration(self._settings):
            raise Unauthorized("Token verification is not configured.")
        if self._settings.is_local:
            return self._settings.auth_dev_secret, ["HS256"]
        if self._jwks is None:
            raise Unauthorized("Token verification is not configured.")
        try:
            return self._jwks.get_signing_key_from_jwt(token).key, ["RS256"]
        except jwt.PyJWKClientError as exc:
            raise Unauthorized("The token's signing key is unknown.") from exc

    def _decode(self, token: str, key: Any, algorithms: list[str]) -> dict[str, Any]:
        """PyJWT's checks: signature, expiry, and on deployed stages issuer and audience.

        The audience is always checked on deployed stages (`_key_and_algorithms` refused the
        token already when it is not configured). Cognito *ID* tokens name the app client in
        `aud`; Cognito *access* tokens carry no `aud` and name it in `client_id` instead. Such
        a token (`token_use` = `access`) is accepted when its `client_id` is the configured
        audience; every other check stays PyJWT's.
        """
        import jwt

        options: dict[str, Any] = {"require": ["sub", "exp"]}
        kwargs: dict[str, Any] = {"algorithms": algorithms, "leeway": 30}
        if self._settings.is_local:  # dev tokens name no issuer or audience; the secret is the check
            return jwt.decode(token, key, options={**options, "verify_aud": False}, **kwargs)
        audience = self._settings.auth_audience
        kwargs["issuer"] = self._settings.auth_issuer
        try:
            return jwt.decode(token, key, audience=audience, options=options, **kwargs)
        except jwt.MissingRequiredClaimError as exc:
            if exc.claim != "aud":
                raise
            claims = jwt.decode(token, key, options={**options, "verify_aud": False}, **kwargs)
            if claims.get("token_use") == "access" and audience and claims.get("client_id") == audience:
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
            email_verified=email_verified(claims),
            locale=locale_claim(claims),
        )


def locale_claim(claims: dict[str, Any]) -> str:
    """The language the token names: OIDC's standard `locale` claim (Cognito's ID token carries
    the user pool's standard `locale` attribute under it), else a `custom:locale` attribute."""
    return supported(claims.get("locale")) or supported(claims.get("custom:locale")) or ""


def email_verified(claims: dict[str, Any]) -> bool:
    """Cognito writes a JSON boolean; some providers the string "true". Absent: not verified."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def mint_dev_token(
    secret: str,
    sub: str,
    *,
    name: str = "",
    email: str = "",
    email_verified: bool = True,
    permissions: list[str] | tuple[str, ...] = (),
    ttl_seconds: int = 12 * 3600,
    now: float | None = None,
    locale: str | None = None,
) -> str:
    """An HS256 token the local stage accepts (for the CLI, the demo and the tests).

    Its e-mail is verified unless `email_verified=False` (to try what an unverified
    address does, as a self-service sign-up's changed e-mail would be on Cognito).
    """
    import jwt

    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "name": name,
        "email": email,
        "email_verified": email_verified,
        "permissions": list(permissions),
        "iat": issued,
        "exp": issued + ttl_seconds,
    }
    if locale:  # as an identity provider does: only when the person chose a language
        claims["locale"] = locale
    return jwt.encode(claims, secret, algorithm="HS256")
