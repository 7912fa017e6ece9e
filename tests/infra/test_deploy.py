"""infra/deploy.py against the emulator: the web app upload, config.json, invalidation, bucket emptying."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra import deploy

REGION = "us-east-1"


@pytest.fixture
def aws(emulator_url: str) -> dict[str, Any]:
    session = boto3.session.Session(region_name=REGION)
    return {name: session.client(name, endpoint_url=emulator_url) for name in ("s3", "cloudfront")}


def new_bucket(s3: Any, versioned: bool = False) -> str:
    name = f"web-test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def new_distribution(cloudfront: Any, bucket: str) -> str:
    config = {
        "CallerReference": uuid.uuid4().hex, "Comment": "test", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": f"{bucket}.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    }
    return str(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def outputs(bucket: str, distribution: str) -> dict[str, str]:
    return {
        "EndpointURL": "https://abc123.execute-api.eu-west-1.amazonaws.com/api/",
        "AuthIssuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
        "UserPoolClientId": "client123",
        "AuthDomain": "https://grants-prod-1234.auth.eu-west-1.amazoncognito.com",
        "WebUrl": "https://d111.cloudfront.net",
        "WebBucketName": bucket,
        "WebDistributionId": distribution,
        "ReceiptsBucketName": "grants-prod-receiptsbucket-1a2b3c",
    }


def write_build(dist: Path) -> None:
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><html><head lang="en"><title>x</title>'
                                     '<script type="module" src="/assets/index-abc.js"></script></head></html>')
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    (dist / "assets" / "index-abc.css").write_text("body{}")
    (dist / "config.json").write_text('{"apiUrl": "http://127.0.0.1:8000", "auth": {"mode": "local"}}')


def test_web_config_has_the_agreed_shape() -> None:
    config = deploy.web_config(outputs("b", "d"))
    assert config == {
        "apiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com/api",
        "auth": {
            "mode": "cognito",
            "authority": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
            "clientId": "client123",
            "domain": "https://grants-prod-1234.auth.eu-west-1.amazoncognito.com",
            "redirectUri": "https://d111.cloudfront.net/auth/callback",
            "logoutUri": "https://d111.cloudfront.net/",
        },
    }
    with pytest.raises(deploy.DeployError, match="AuthDomain"):
        deploy.web_config({k: v for k, v in outputs("b", "d").items() if k != "AuthDomain"})


def test_publish_uploads_the_build_writes_config_and_invalidates(aws: dict[str, Any], tmp_path: Path) -> None:
    s3, cloudfront = aws["s3"], aws["cloudfront"]
    bucket = new_bucket(s3)
    distribution = new_distribution(cloudfront, bucket)
    s3.put_object(Bucket=bucket, Key="old-page.html", Body=b"stale")
    s3.put_object(Bucket=bucket, Key="assets/index-old.js", Body=b"previous release")
    write_build(tmp_path)

    summary = deploy.publish(s3, cloudfront, outputs(bucket, distribution), tmp_path)

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    # Old assets stay for tabs opened before the deploy; other stale files go.
    assert keys == {"index.html", "config.json", "assets/index-abc.js", "assets/index-abc.css", "assets/index-old.js"}
    assert summary["deleted"] == ["old-page.html"]
    config = json.loads(s3.get_object(Bucket=bucket, Key="config.json")["Body"].read())
    assert config["auth"]["mode"] == "cognito" and config["apiUrl"].endswith("/api")
    page = s3.get_object(Bucket=bucket, Key="index.html")["Body"].read().decode()
    # The page narrows the header's connect-src to this deployment's own origins, first thing in <head>.
    assert page.startswith('<!doctype html><html><head lang="en"><meta http-equiv="Content-Security-Policy" '
                           'content="connect-src \'self\' https://abc123.execute-api.eu-west-1.amazonaws.com '
                           'https://s3.eu-west-1.amazonaws.com/grants-prod-receiptsbucket-1a2b3c '
                           'https://s3.eu-west-1.amazonaws.com/grants-prod-receiptsbucket-1a2b3c/ '
                           'https://cognito-idp.eu-west-1.amazonaws.com '
                           'https://grants-prod-1234.auth.eu-west-1.amazoncognito.com"><title>')
    index = s3.head_object(Bucket=bucket, Key="index.html")
    assert index["CacheControl"] == "no-cache" and index["ContentType"].startswith("text/html")
    asset = s3.head_object(Bucket=bucket, Key="assets/index-abc.js")
    assert "immutable" in asset["CacheControl"] and "javascript" in asset["ContentType"]
    assert s3.head_object(Bucket=bucket, Key="config.json")["CacheControl"] == "no-cache"
    (invalidation,) = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
    assert invalidation["Id"] == summary["invalidation"]


def test_publish_refuses_a_missing_build_or_stack_outputs(aws: dict[str, Any], tmp_path: Path) -> None:
    s3, cloudfront = aws["s3"], aws["cloudfront"]
    bucket = new_bucket(s3)
    with pytest.raises(deploy.DeployError, match=r"index\.html"):
        deploy.publish(s3, cloudfront, outputs(bucket, "none"), tmp_path)
    write_build(tmp_path)
    with pytest.raises(deploy.DeployError, match="WebUrl"):
        deploy.publish(s3, cloudfront, {**outputs(bucket, "none"), "WebUrl": ""}, tmp_path)
    with pytest.raises(deploy.DeployError, match="API URL"):
        deploy.publish(s3, cloudfront, {**outputs(bucket, "none"), "EndpointURL": "https://evil.example/api/"}, tmp_path)
    with pytest.raises(deploy.DeployError, match="ReceiptsBucketName"):
        deploy.publish(s3, cloudfront, {**outputs(bucket, "none"), "ReceiptsBucketName": ""}, tmp_path)
    (tmp_path / "index.html").write_text("<!doctype html><body>no head</body>")
    with pytest.raises(deploy.DeployError, match="<head>"):
        deploy.publish(s3, cloudfront, outputs(bucket, "none"), tmp_path)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_the_page_policy_names_only_this_stacks_api_and_receipts_bucket() -> None:
    config = deploy.web_config(outputs("b", "d"))
    sources = deploy.exact_connect_policy(config, "grants-prod-receiptsbucket-1a2b3c").split()[1:]
    # No wildcard, no bare S3 host (which would admit every bucket), one API host.
    assert not any("*" in source for source in sources)
    s3 = [source for source in sources if ".amazonaws.com" in source and "s3" in source.split("/")[2]]
    assert s3 and all(source.split("/")[3] == "grants-prod-receiptsbucket-1a2b3c" for source in s3)
    assert [s for s in sources if "execute-api" in s] == ["https://abc123.execute-api.eu-west-1.amazonaws.com"]
    # Both spellings botocore may give a presigned URL in us-east-1.
    east = {**config, "apiUrl": "https://xyz.execute-api.us-east-1.amazonaws.com/api"}
    assert set(deploy.exact_connect_policy(east, "rcp").split()) >= {
        "https://s3.amazonaws.com/rcp", "https://s3.amazonaws.com/rcp/",
        "https://s3.us-east-1.amazonaws.com/rcp", "https://s3.us-east-1.amazonaws.com/rcp/"}
    with pytest.raises(deploy.DeployError, match="bucket"):
        deploy.exact_connect_policy(config, "evil.example/x y")


def test_empty_bucket_deletes_every_version_and_marker(aws: dict[str, Any]) -> None:
    s3 = aws["s3"]
    bucket = new_bucket(s3, versioned=True)
    for body in (b"v1", b"v2"):
        s3.put_object(Bucket=bucket, Key="receipts/a.pdf", Body=body)
    s3.put_object(Bucket=bucket, Key="receipts/b.pdf", Body=b"b")
    s3.delete_object(Bucket=bucket, Key="receipts/b.pdf")  # leaves a delete marker and a noncurrent version
    assert deploy.empty_bucket(s3, bucket) == 4  # a: 2 versions; b: 1 version + 1 marker
    listed = s3.list_object_versions(Bucket=bucket)
    assert not listed.get("Versions") and not listed.get("DeleteMarkers")
    s3.delete_bucket(Bucket=bucket)  # what CloudFormation does next: succeeds only on an empty bucket
