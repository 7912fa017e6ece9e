from decimal import Decimal

import pytest

from chalicelib.config import DEFAULT_DEV_SECRET, load_settings


def test_defaults_for_local_stage():
    s = load_settings({})
    assert s.stage == "local" and s.is_local
    assert s.max_grant_amount == Decimal("3000.00")
    assert s.feature_defaults == {"programs": True, "travel_grants": True, "public_ui": True}
    assert s.auth_dev_secret == DEFAULT_DEV_SECRET
    assert s.aws_endpoint_url is None
    assert s.table_name == "conference-local"


def test_environment_overrides():
    s = load_settings({
        "STAGE": "prod", "TABLE_NAME": "t", "BUCKET_NAME": "b", "KMS_KEY_ID": "alias/k",
        "FEATURE_PROGRAMS": "false", "MAX_GRANT_AMOUNT": "2500", "ALLOWED_ORIGINS": "https://a.example, https://b.example",
        "AUTH_ISSUER": "https://issuer.example/pool", "AUTH_AUDIENCE": "client",
    })
    assert not s.is_local
    assert (s.table_name, s.bucket_name, s.kms_key_id) == ("t", "b", "alias/k")
    assert s.feature_defaults["programs"] is False and s.feature_defaults["travel_grants"] is True
    assert s.max_grant_amount == Decimal("2500.00")
    assert s.allowed_origins == ("https://a.example", "https://b.example")
    assert s.jwks_url == "https://issuer.example/pool/.well-known/jwks.json"


def test_stage_names_resources_by_default():
    s = load_settings({"STAGE": "dev"})
    assert s.table_name == "conference-dev" and s.bucket_name == "conference-receipts-dev"


@pytest.mark.parametrize("value", ["abc", "-1", "0", "NaN"])
def test_bad_max_grant_amount_is_refused(value):
    with pytest.raises(ValueError):
        load_settings({"MAX_GRANT_AMOUNT": value})


def test_explicit_jwks_url_wins():
    s = load_settings({"AUTH_ISSUER": "https://i.example", "AUTH_JWKS_URL": "https://keys.example/jwks"})
    assert s.jwks_url == "https://keys.example/jwks"


def test_deployed_stage_needs_issuer_and_audience():
    full = {"STAGE": "prod", "AUTH_ISSUER": "https://issuer.example/pool", "AUTH_AUDIENCE": "client"}
    assert load_settings(full).auth_problem is None
    assert "AUTH_AUDIENCE" in load_settings({**full, "AUTH_AUDIENCE": ""}).auth_problem
    assert "AUTH_ISSUER" in load_settings({k: v for k, v in full.items() if k != "AUTH_ISSUER"}).auth_problem
    assert load_settings({"STAGE": "local"}).auth_problem is None  # dev tokens: no audience needed
