"""Sign-in as deployed: who may create an account, which sign-in flows exist, and that an
e-mail address is verified before it (or a change to it) counts."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.support.package import Packaged
from tests.support.template import resolve, sub_text


def _with_parameter(packaged: Packaged, name: str, value: str) -> dict[str, Any]:
    template = copy.deepcopy(packaged.template)
    template["Parameters"][name]["Default"] = value
    return template


def test_self_sign_up_is_a_parameter_on_by_default(packaged: Packaged) -> None:
    parameter = packaged.template["Parameters"]["SelfSignUp"]
    assert parameter["Default"] == "true" and set(parameter["AllowedValues"]) == {"true", "false"}
    admin_only = packaged.props("UserPool")["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"]
    assert resolve(admin_only, packaged.template) is False  # attendees sign themselves up
    assert resolve(admin_only, _with_parameter(packaged, "SelfSignUp", "false")) is True


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_stage_states_its_self_sign_up(stage: str) -> None:
    from infra.build import load_stage_parameters

    assert load_stage_parameters(stage)["SelfSignUp"] in ("true", "false")


def test_e_mail_is_verified_at_sign_up_and_again_when_changed(packaged: Packaged) -> None:
    pool = packaged.props("UserPool")
    assert pool["AutoVerifiedAttributes"] == ["email"]
    # Until the new address is verified Cognito keeps the old (verified) one in the token.
    assert pool["UserAttributeUpdateSettings"] == {"AttributesRequireVerificationBeforeUpdate": ["email"]}
    assert pool["UsernameAttributes"] == ["email"]
    assert {"Name": "verified_email", "Priority": 1} in pool["AccountRecoverySetting"]["RecoveryMechanisms"]


def test_the_web_client_signs_in_only_with_the_code_flow_and_pkce(packaged: Packaged) -> None:
    client = packaged.props("UserPoolClient")
    assert client["GenerateSecret"] is False  # public client: PKCE is its proof, no secret in the browser
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    # No direct sign-in around the hosted UI (USER_PASSWORD_AUTH, USER_SRP_AUTH, custom, admin flows).
    assert client["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["EnableTokenRevocation"] is True  # sign-out revokes the refresh token
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    assert client["UserPoolId"] == {"Ref": "UserPool"}


def test_the_api_verifies_tokens_for_this_client_only(packaged: Packaged) -> None:
    for fn in ("APIHandler", "StreamHandler", "UploadVerifier", "PretalxSync", "TicketSync", "OfferDeadlines",
               "ClaimDeadlines", "MessageDigest"):
        env = packaged.props(fn)["Environment"]["Variables"]
        assert sub_text(env["AUTH_AUDIENCE"]) == "${UserPoolClient}"
        assert sub_text(env["AUTH_ISSUER"]) == "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"
    alarm = packaged.props("AuthMisconfiguredAlarm")
    assert "AUTH_AUDIENCE" in alarm["AlarmDescription"]


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_build_refuses_a_stage_without_issuer_or_audience(stage: str) -> None:
    import json

    from infra.build import ROOT, BuildError, check_auth_settings

    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    check_auth_settings(config, stage)  # the shipped config names both
    for name in ("AUTH_AUDIENCE", "AUTH_ISSUER"):
        broken = copy.deepcopy(config)
        broken["stages"][stage]["environment_variables"][name] = ""
        with pytest.raises(BuildError, match=name):
            check_auth_settings(broken, stage)
