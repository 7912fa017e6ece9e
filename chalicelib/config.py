"""Every setting the functions read, in one place.

Values come from environment variables, which Chalice sets per stage from
`.chalice/config.json` (and the local stack sets from its own command line), so the
same code runs on the laptop and in Lambda. Read once per container: Lambda reuses a
warm container, and reading the environment on every request would buy nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

LOCAL_STAGE = "local"
FEATURES = ("programs", "travel_grants", "public_ui")
ALL_FEATURES_ON: Mapping[str, bool] = MappingProxyType(dict.fromkeys(FEATURES, True))
#: Documented default for the local stage only; deployed stages verify RS256 via JWKS.
DEFAULT_DEV_SECRET = "local-dev-secret-not-for-production-use"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


class Settings(NamedTuple):
    """Deployment settings; a conference may override the feature flags and grant cap."""

    stage: str = LOCAL_STAGE
    region: str = "us-east-1"
    table_name: str = "conference-local"
    bucket_name: str = "conference-receipts-local"
    kms_key_id: str = "alias/conference-local"
    #: Emulator endpoint (moto server) on the local stage; None in AWS.
    aws_endpoint_url: str | None = None
    auth_dev_secret: str = DEFAULT_DEV_SECRET
    auth_issuer: str | None = None
    auth_audience: str | None = None
    auth_jwks_url: str | None = None
    feature_defaults: Mapping[str, bool] = ALL_FEATURES_ON
    max_grant_amount: Decimal = Decimal("3000.00")
    allowed_origins: tuple[str, ...] = ("http://localhost:3000",)
    ses_sender: str = "grants@example.com"
    pretalx_sync_minutes: int = 60
    ticket_sync_minutes: int = 15
    #: How long an e-mail claim stays "in progress" when no Lambda deadline is known
    #: (Lambda's longest timeout: no send can still be running after it).
    email_claim_seconds: int = 900
    table_stream_arn: str | None = None
    #: The web app's base URL (e.g. https://grants.example.org); e-mails link to its pages.
    #: Empty: e-mails name the page instead of linking to it.
    frontend_url: str | None = None
    #: False when STAGE was absent from the environment (then no dev token is ever accepted).
    stage_explicit: bool = True
    #: True inside AWS Lambda (AWS_LAMBDA_FUNCTION_NAME set): never the local stack.
    in_lambda: bool = False
    #: PRETALX_ALLOW_LOOPBACK=1: the local stack's demo Pretalx (and tests' fakes) run on loopback.
    pretalx_allow_loopback: bool = False

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @property
    def dev_auth_problem(self) -> str | None:
        """Why HS256 dev tokens must be refused here, or None on the real local stack.

        Fails closed: dev tokens only when STAGE=local was set explicitly and we are not in
        Lambda, so a deployment that forgot STAGE (or copied the local config) does not
        accept tokens anyone can sign with the published default secret.
        """
        if not self.is_local:
            return None  # deployed stages verify RS256 tokens; HS256 is never tried there
        if self.in_lambda:
            return "STAGE=local inside AWS Lambda: dev tokens are refused; set STAGE to the deployed stage"
        if not self.stage_explicit:
            return "STAGE is not set: dev tokens are refused; set STAGE=local for the local stack"
        if not self.auth_dev_secret:
            return "AUTH_DEV_SECRET is empty: dev tokens are refused"
        return None

    @property
    def auth_problem(self) -> str | None:
        """Why this process must refuse every token, or None when verification is configured.

        Fails closed on deployed stages too: without an issuer PyJWT would accept any
        issuer's tokens signed by a key it can fetch, and without an audience (the app
        client id) it would accept tokens minted for any other app client of the same pool.
        """
        if self.is_local:
            return self.dev_auth_problem
        missing = [name for name, value in (("AUTH_ISSUER", self.auth_issuer), ("AUTH_AUDIENCE", self.auth_audience))
                   if not value]
        if missing:
            return (f"{' and '.join(missing)} not set on stage {self.stage}: RS256 tokens are refused; "
                    "set the issuer and the app client id")
        return None

    @property
    def pretalx_loopback_allowed(self) -> bool:
        """Loopback Pretalx URLs: only on the local stack that asked for them, never deployed."""
        return self.pretalx_allow_loopback and self.is_local and self.stage_explicit and not self.in_lambda

    @property
    def jwks_url(self) -> str | None:
        if self.auth_jwks_url:
            return self.auth_jwks_url
        if self.auth_issuer:
            return self.auth_issuer.rstrip("/") + "/.well-known/jwks.json"
        return None


def load_settings(env: dict[str, str] | os._Environ[str] | None = None) -> Settings:
    """Build settings from an environment mapping (os.environ by default)."""
    env = os.environ if env is None else env
    stage = env.get("STAGE") or LOCAL_STAGE
    defaults = Settings()
    features = {
        name: _flag(env.get(f"FEATURE_{name.upper()}"), True) for name in FEATURES
    }
    from .domain.money import parse_money  # the one money parser, also for deployment settings

    try:
        max_grant = parse_money(env.get("MAX_GRANT_AMOUNT", "3000"))
    except ValueError as exc:
        raise ValueError(f"MAX_GRANT_AMOUNT {exc}") from exc
    if max_grant <= 0:
        raise ValueError("MAX_GRANT_AMOUNT must be positive")
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or defaults.region,
        table_name=env.get("TABLE_NAME", f"conference-{stage}"),
        bucket_name=env.get("BUCKET_NAME", f"conference-receipts-{stage}"),
        kms_key_id=env.get("KMS_KEY_ID", f"alias/conference-{stage}"),
        aws_endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        auth_dev_secret=env.get("AUTH_DEV_SECRET", defaults.auth_dev_secret),
        auth_issuer=env.get("AUTH_ISSUER") or None,
        auth_audience=env.get("AUTH_AUDIENCE") or None,
        auth_jwks_url=env.get("AUTH_JWKS_URL") or None,
        feature_defaults=features,
        max_grant_amount=max_grant,
        allowed_origins=_csv(env.get("ALLOWED_ORIGINS")) or defaults.allowed_origins,
        ses_sender=env.get("SES_SENDER", defaults.ses_sender),
        pretalx_sync_minutes=int(env.get("PRETALX_SYNC_MINUTES", "60")),
        ticket_sync_minutes=int(env.get("TICKET_SYNC_MINUTES", "15")),
        email_claim_seconds=int(env.get("EMAIL_CLAIM_SECONDS", "900")),
        table_stream_arn=env.get("TABLE_STREAM_ARN") or None,
        frontend_url=_frontend_url(env.get("FRONTEND_URL")),
        stage_explicit=bool(env.get("STAGE")),
        in_lambda=bool(env.get("AWS_LAMBDA_FUNCTION_NAME")),
        pretalx_allow_loopback=_flag(env.get("PRETALX_ALLOW_LOOPBACK"), False),
    )


def _frontend_url(value: str | None) -> str | None:
    """An http(s) base URL without a trailing slash; None when unset or not an http(s) URL.

    Not fatal when wrong: e-mails then name the page instead of linking to it, which beats an
    API that will not start (and packaging reads the stage's `${FrontendUrl}` placeholder).
    """
    value = (value or "").strip().rstrip("/")
    if not value.startswith(("https://", "http://")) or any(c.isspace() for c in value):
        return None
    return value


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings (cached; tests call `settings.cache_clear()`)."""
    return load_settings()
