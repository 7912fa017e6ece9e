"""After `cloudformation deploy`: publish the web app; before `delete-stack`: empty the buckets.

    python -m infra.deploy web --stack conference-grants-dev [--dist web/dist]
    python -m infra.deploy empty --stack conference-grants-dev [--keep-data]

`web` uploads the Vite build (web/dist) to the stack's web bucket, writes `/config.json`
from the stack outputs (the API URL and the Cognito ids the app signs in with; shape in
`web_config`), and invalidates the CloudFront distribution. Hashed assets (`assets/`) are
cached for a year; `index.html` and `config.json` are revalidated on every load, so a
deploy shows at once. Old assets are kept: a tab opened before the deploy still loads its
chunks. `index.html` gets a `<meta>` Content-Security-Policy whose `connect-src` names this
deployment's API, receipts bucket and Cognito origins exactly (the header policy can only
name the API's regional wildcard and the region's S3 host). `empty` deletes every object version of the web bucket and, unless `--keep-data`
(prod), of the versioned receipts bucket: CloudFormation cannot delete a non-empty bucket.

Uses boto3 from the dev venv and the caller's AWS credentials (AWS_PROFILE, AWS_REGION...).
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CONFIG_KEY = "config.json"
NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


class DeployError(RuntimeError):
    """The stack lacks an output the web app needs, or the build is missing."""


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    (described,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def web_config(outputs: dict[str, str]) -> dict[str, Any]:
    """The deployed web app's `/config.json` (the shape the web app and the local stack share)."""
    needed = ("EndpointURL", "AuthIssuer", "UserPoolClientId", "AuthDomain", "WebUrl")
    missing = [name for name in needed if not outputs.get(name)]
    if missing:
        raise DeployError(f"the stack has no output {', '.join(missing)}: deploy the current template first")
    web = outputs["WebUrl"].rstrip("/")
    return {
        "apiUrl": outputs["EndpointURL"].rstrip("/"),
        "auth": {
            "mode": "cognito",
            "authority": outputs["AuthIssuer"],
            "clientId": outputs["UserPoolClientId"],
            "domain": outputs["AuthDomain"].rstrip("/"),
            "redirectUri": f"{web}/auth/callback",
            "logoutUri": f"{web}/",
        },
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def s3_bucket_sources(region: str, bucket: str) -> list[str]:
    """CSP sources naming one bucket, as the API's presigned URLs spell it (path-style).

    A presigned POST goes to `https://<s3 host>/<bucket>` and a presigned GET to
    `https://<s3 host>/<bucket>/<key>`: a source path without a trailing slash matches
    only itself, one with it matches what lies below, so both are named. In us-east-1
    botocore may use the global host or the regional one, so both hosts are named there.
    """
    hosts = ["s3.amazonaws.com", "s3.us-east-1.amazonaws.com"] if region == "us-east-1" \
        else [f"s3.{region}.amazonaws.com"]
    return [f"https://{host}/{bucket}{suffix}" for host in hosts for suffix in ("", "/")]


def exact_connect_policy(config: dict[str, Any], receipts_bucket: str) -> str:
    """`connect-src` naming this deployment's own API, receipts bucket and Cognito origins, nothing wider.

    The distribution's header policy can only name the API and S3 by their regional hosts
    (infra/resources.yaml says why); a second policy in the page, known only after the
    deploy, narrows it: browsers enforce every policy, so a request must pass both.
    """
    api = urlsplit(config["apiUrl"])
    match = re.fullmatch(r"[^.]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com", api.netloc)
    if match is None:
        raise DeployError(f"unexpected API URL {config['apiUrl']!r}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", receipts_bucket):
        raise DeployError(f"unexpected receipts bucket name {receipts_bucket!r}")
    region = match.group(1)
    sources = ["'self'", _origin(config["apiUrl"]), *s3_bucket_sources(region, receipts_bucket),
               _origin(config["auth"]["authority"]), _origin(config["auth"]["domain"])]
    return "connect-src " + " ".join(dict.fromkeys(sources))


def with_policy(page: str, policy: str) -> str:
    """index.html with a CSP <meta> as the first element of <head> (before any script runs)."""
    content = html.escape(policy, quote=False).replace('"', "&quot;")  # the attribute is double-quoted
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    updated, count = re.subn(r"<head(\s[^>]*)?>", lambda m: m.group(0) + meta, page, count=1, flags=re.IGNORECASE)
    if count != 1:
        raise DeployError("index.html has no <head>: cannot add the deployment's Content-Security-Policy")
    return updated


def cache_control(key: str) -> str:
    if key == "index.html" or key == CONFIG_KEY:
        return NO_CACHE
    if key.startswith("assets/"):
        return IMMUTABLE  # Vite names them by content hash
    return SHORT


def content_type(key: str) -> str:
    guessed, _ = mimetypes.guess_type(key)
    if guessed in ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                   "image/svg+xml", "text/plain"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


def _keys(s3: Any, bucket: str) -> set[str]:
    keys: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys


def publish(s3: Any, cloudfront: Any, outputs: dict[str, str], dist: Path) -> dict[str, Any]:
    """Upload `dist`, write config.json, drop stale non-asset files, invalidate; returns a summary."""
    if not (dist / "index.html").is_file():
        raise DeployError(f"{dist}/index.html not found: build the web app first (make package)")
    # Everything that can refuse, before any upload: a failed deploy changes nothing.
    config = web_config(outputs)
    if not outputs.get("ReceiptsBucketName"):
        raise DeployError("the stack has no output ReceiptsBucketName: deploy the current template first")
    policy = exact_connect_policy(config, outputs["ReceiptsBucketName"])
    index = with_policy((dist / "index.html").read_text(), policy)
    bucket = outputs["WebBucketName"]
    uploaded: list[str] = []
    files = sorted(p for p in dist.rglob("*") if p.is_file())
    # index.html last: it must never name an asset that is not there yet.
    for path in sorted(files, key=lambda p: p.name == "index.html"):
        key = path.relative_to(dist).as_posix()
        if key == CONFIG_KEY:
            continue  # the build's own config.json is the local one; the stack's replaces it
        body = index.encode() if key == "index.html" else path.read_bytes()
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(key),
                      CacheControl=cache_control(key))
        uploaded.append(key)
    s3.put_object(Bucket=bucket, Key=CONFIG_KEY, Body=json.dumps(config, indent=2).encode(),
                  ContentType=content_type(CONFIG_KEY), CacheControl=NO_CACHE)
    stale = sorted(k for k in _keys(s3, bucket) - {*uploaded, CONFIG_KEY} if not k.startswith("assets/"))
    for batch in _batches(({"Key": k} for k in stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
    invalidation = cloudfront.create_invalidation(
        DistributionId=outputs["WebDistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"deploy-{time.time_ns()}"},
    )["Invalidation"]["Id"]
    return {"bucket": bucket, "uploaded": len(uploaded), "deleted": stale, "invalidation": invalidation,
            "url": outputs["WebUrl"], "config": config}


def _batches(items: Iterable[dict[str, str]], size: int) -> Iterable[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every version and delete marker in `bucket`; returns how many were deleted.

    Lists the first page again after each delete instead of paginating while deleting
    (a continuation token over a shrinking listing can skip entries).
    """
    deleted = 0
    while True:
        page = s3.list_object_versions(Bucket=bucket, MaxKeys=1000)
        entries = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                   for v in (*page.get("Versions", []), *page.get("DeleteMarkers", []))]
        if not entries:
            return deleted
        for batch in _batches(entries, 1000):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
            deleted += len(batch)


def main(argv: list[str] | None = None) -> int:
    import boto3  # dev dependency: the deploy runs from the operator's venv, never in Lambda

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    web = sub.add_parser("web", help="upload web/dist, write config.json, invalidate CloudFront")
    web.add_argument("--stack", required=True)
    web.add_argument("--dist", default="web/dist")
    empty = sub.add_parser("empty", help="empty the stack's buckets before deleting it")
    empty.add_argument("--stack", required=True)
    empty.add_argument("--keep-data", action="store_true", help="leave the receipts bucket alone (prod)")
    args = parser.parse_args(argv)
    session = boto3.session.Session()
    try:
        outputs = stack_outputs(session.client("cloudformation"), args.stack)
        s3 = session.client("s3")
        if args.command == "web":
            summary = publish(s3, session.client("cloudfront"), outputs, Path(args.dist))
            print(f"web app: {summary['uploaded']} files to s3://{summary['bucket']}, config.json written, "
                  f"invalidation {summary['invalidation']}\n{summary['url']}")
        else:
            names = ["WebBucketName"] + ([] if args.keep_data else ["ReceiptsBucketName"])
            for name in names:
                if outputs.get(name):
                    print(f"s3://{outputs[name]}: {empty_bucket(s3, outputs[name])} object versions deleted")
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
