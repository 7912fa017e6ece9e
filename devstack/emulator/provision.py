"""Create the table, the receipts bucket and the KMS key in the emulator (idempotent)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.config import Settings
from chalicelib.store.base import table_definition


def _client(service: str, s: Settings) -> Any:
    return boto3.session.Session().client(service, region_name=s.region, endpoint_url=s.aws_endpoint_url)


def ensure_table(s: Settings) -> str:
    """Create the single table (with its stream) unless it exists; returns the stream ARN."""
    ddb = _client("dynamodb", s)
    try:
        ddb.create_table(**table_definition(s.table_name))
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceInUseException":
            raise
    ddb.get_waiter("table_exists").wait(TableName=s.table_name)
    ensure_indexes(ddb, s.table_name)
    return ddb.describe_table(TableName=s.table_name)["Table"]["LatestStreamArn"]


def ensure_indexes(ddb: Any, table_name: str) -> list[str]:
    """Add the indexes a table kept from an earlier release lacks (a restored local state);
    returns the names added. DynamoDB backfills a new GSI from the items already there."""
    wanted = table_definition(table_name)
    have = {i["IndexName"] for i in ddb.describe_table(TableName=table_name)["Table"].get("GlobalSecondaryIndexes", [])}
    added = []
    for index in wanted["GlobalSecondaryIndexes"]:
        if index["IndexName"] in have:
            continue
        names = {part["AttributeName"] for part in index["KeySchema"]}
        ddb.update_table(
            TableName=table_name,
            AttributeDefinitions=[d for d in wanted["AttributeDefinitions"] if d["AttributeName"] in names],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        added.append(index["IndexName"])
    return added


def ensure_bucket(s: Settings) -> None:
    s3 = _client("s3", s)
    try:
        s3.create_bucket(Bucket=s.bucket_name)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    s3.put_public_access_block(
        Bucket=s.bucket_name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_cors(
        Bucket=s.bucket_name,
        CORSConfiguration={"CORSRules": [{
            "AllowedOrigins": list(s.allowed_origins),
            "AllowedMethods": ["POST", "GET", "HEAD"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 600,
        }]},
    )


def ensure_key(s: Settings) -> str:
    """The KMS key behind `s.kms_key_id` (an alias), created with rotation on."""
    kms = _client("kms", s)
    alias = s.kms_key_id
    if not alias.startswith("alias/"):
        return alias
    for page in kms.get_paginator("list_aliases").paginate():
        for entry in page["Aliases"]:
            if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                return entry["TargetKeyId"]
    key_id = kms.create_key(Description="conference payment info and secrets")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id)
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    return key_id


def ensure_sender(s: Settings) -> None:
    """SES refuses to send from unverified addresses, in moto as in the sandbox."""
    _client("ses", s).verify_email_identity(EmailAddress=s.ses_sender)


def provision(s: Settings) -> str:
    """Everything the app needs; returns the table's stream ARN."""
    stream_arn = ensure_table(s)
    ensure_bucket(s)
    ensure_key(s)
    ensure_sender(s)
    return stream_arn
