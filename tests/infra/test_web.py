"""The deployed web app: a private bucket behind CloudFront, security headers, Cognito sign-in."""

from __future__ import annotations

import re

from tests.support.package import Packaged
from tests.support.template import statements, sub_text


def csp(packaged: Packaged) -> dict[str, list[str]]:
    config = packaged.props("WebSecurityHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    policy = config["ContentSecurityPolicy"]
    assert policy["Override"] is True
    text, variables = policy["ContentSecurityPolicy"]["Fn::Sub"]
    assert set(variables) == {"Prefix"}
    directives = {}
    for part in text.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_web_bucket_is_private_and_read_only_by_the_distribution(packaged: Packaged) -> None:
    bucket = packaged.props("WebBucket")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
    }
    assert "WebsiteConfiguration" not in bucket and "AccessControl" not in bucket
    allows = [s for s in statements(packaged.props("WebBucketPolicy")["PolicyDocument"]) if s["Effect"] == "Allow"]
    (read,) = allows
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"} and read["Action"] == "s3:GetObject"
    source = sub_text(read["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert source.endswith(":distribution/${WebDistribution}")
    denies = [s for s in statements(packaged.props("WebBucketPolicy")["PolicyDocument"]) if s["Effect"] == "Deny"]
    assert any(s["Condition"]["Bool"]["aws:SecureTransport"] == "false" for s in denies)


def test_distribution_uses_origin_access_control_https_and_spa_fallback(packaged: Packaged) -> None:
    config = packaged.props("WebDistribution")["DistributionConfig"]
    (origin,) = config["Origins"]
    assert origin["DomainName"] == {"Fn::GetAtt": ["WebBucket", "RegionalDomainName"]}
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # OAC, not the legacy identity
    oac = packaged.props("WebOriginAccessControl")["OriginAccessControlConfig"]
    assert oac["SigningBehavior"] == "always" and oac["OriginAccessControlOriginType"] == "s3"
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] in ("redirect-to-https", "https-only")
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": "WebSecurityHeaders"}
    assert set(behavior["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS"}
    assert config["DefaultRootObject"] == "index.html"
    fallback = {r["ErrorCode"]: r for r in config["CustomErrorResponses"]}
    for code in (403, 404):
        assert fallback[code]["ResponseCode"] == 200 and fallback[code]["ResponsePagePath"] == "/index.html"


def test_security_headers_are_strict(packaged: Packaged) -> None:
    config = packaged.props("WebSecurityHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    hsts = config["StrictTransportSecurity"]
    assert hsts["Override"] is True and hsts["AccessControlMaxAgeSec"] >= 31536000 and hsts["IncludeSubdomains"]
    assert config["ContentTypeOptions"] == {"Override": True}
    assert config["FrameOptions"]["FrameOption"] == "DENY"
    directives = csp(packaged)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    text = " ".join(v for values in directives.values() for v in values)
    assert "unsafe-inline" not in text and "unsafe-eval" not in text and " * " not in f" {text} "
    connect = directives["connect-src"]
    cognito = "https://${Prefix}.auth.${AWS::Region}.amazoncognito.com"
    assert cognito in connect and "https://cognito-idp.${AWS::Region}.amazonaws.com" in connect
    assert "https://*.execute-api.${AWS::Region}.amazonaws.com" in connect  # the API (see resources.yaml)
    assert "https://s3.${AWS::Region}.amazonaws.com" in connect  # presigned POST uploads (path style)
    assert all(re.fullmatch(r"'self'|https://\S+", source) for source in connect), connect
    assert directives["form-action"] == ["'self'", cognito]
    # The receipt reviewer's inline preview: the file is fetched (connect-src) into a blob: URL.
    assert "blob:" in directives["img-src"] and directives["frame-src"] == ["blob:"]


def test_cognito_hosted_ui_code_flow_returns_to_the_distribution(packaged: Packaged) -> None:
    client = packaged.props("UserPoolClient")
    assert client["GenerateSecret"] is False  # a public client: PKCE, no secret in the browser
    assert client["AllowedOAuthFlows"] == ["code"] and client["AllowedOAuthFlowsUserPoolClient"] is True
    assert {"openid", "email", "profile"} <= set(client["AllowedOAuthScopes"])
    assert [sub_text(u) for u in client["CallbackURLs"]] == ["https://${WebDistribution.DomainName}/auth/callback"]
    assert [sub_text(u) for u in client["LogoutURLs"]] == ["https://${WebDistribution.DomainName}/"]
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    domain = packaged.props("UserPoolDomain")
    assert domain["UserPoolId"] == {"Ref": "UserPool"}
    outputs = packaged.template["Outputs"]
    assert {"WebBucketName", "WebDistributionId", "WebUrl", "AuthDomain", "UserPoolId", "UserPoolClientId",
            "EndpointURL"} <= set(outputs)


def test_the_api_and_the_receipts_bucket_allow_the_distribution(packaged: Packaged) -> None:
    origin = "https://${WebDistribution.DomainName}"
    env = packaged.props("APIHandler")["Environment"]["Variables"]
    assert sub_text(env["ALLOWED_ORIGINS"]).split(",")[0] == origin
    (cors,) = packaged.props("ReceiptsBucket")["CorsConfiguration"]["CorsRules"]
    assert sub_text(cors["AllowedOrigins"]["Fn::Split"][1]).split(",")[0] == origin
