"""The packaged prod template, validated offline: cfn-lint plus the security properties.

A regression in infra/resources.yaml, .chalice/config.json, .chalice/policy-*.json or
infra/build.py (a public bucket, encryption off, a wildcard policy, a stream mapping
that can lose records, a table that drifts from the code's definition) fails here.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from typing import Any

import pytest

from chalicelib.auth import PERMISSIONS
from chalicelib.store.base import table_definition
from infra.build import TOOLS_PYTHON
from tests.support.package import Packaged, package
from tests.support.template import (
    FUNCTIONS,
    XRAY_WRITE_ACTIONS,
    allowed_actions,
    as_list,
    resolve,
    role_statements,
    statements,
    sub_text,
)

# ------------------------------------------------------------------ validation


def test_cfn_lint_finds_nothing_before_or_after_the_sam_transform(packaged: Packaged) -> None:
    cfn_lint = TOOLS_PYTHON.with_name("cfn-lint")
    files = [str(packaged.directory / "sam.json"), str(packaged.directory / "cloudformation.json")]
    result = subprocess.run([str(cfn_lint), *files], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sam_expands_the_stream_mapping_with_its_failure_handling(packaged: Packaged) -> None:
    expanded = json.loads((packaged.directory / "cloudformation.json").read_text())["Resources"]
    assert "Transform" not in expanded and all(not r["Type"].startswith("AWS::Serverless") for r in expanded.values())
    (mapping,) = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["Table", "StreamArn"]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["StreamFailureQueue", "Arn"]}
    (api,) = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::ApiGateway::RestApi"]
    not_found = api["Body"]["x-amazon-apigateway-gateway-responses"]["MISSING_AUTHENTICATION_TOKEN"]
    assert not_found["statusCode"] == "404"
    rules = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::Events::Rule"]
    # the upload verifier's S3 pattern; the Pretalx and ticket syncs', the offer and claim deadlines' and the digest's
    # schedules
    assert sorted("ScheduleExpression" in r for r in rules) == [False, True, True, True, True, True]


def test_every_reference_names_something_in_the_template(packaged: Packaged) -> None:
    from infra.build import unresolved_references

    assert unresolved_references(packaged.template) == []
    leftover = re.findall(r'"[^"]*\$\{[^"]*"', json.dumps(packaged.template))
    # Every ${...} left is inside an Fn::Sub, never a literal string a function would see.
    assert all("${" in text for text in leftover)
    for name in FUNCTIONS:
        for value in packaged.props(name)["Environment"]["Variables"].values():
            assert isinstance(value, dict) or "${" not in value


# ------------------------------------------------------------------ table


def test_table_matches_the_code_definition(packaged: Packaged) -> None:
    expected = table_definition("ignored")
    table = packaged.props("Table")
    assert table["BillingMode"] == expected["BillingMode"] == "PAY_PER_REQUEST"
    assert table["KeySchema"] == expected["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=str) == sorted(expected["AttributeDefinitions"], key=str)
    assert table["GlobalSecondaryIndexes"] == expected["GlobalSecondaryIndexes"]
    assert table["StreamSpecification"]["StreamViewType"] == expected["StreamSpecification"]["StreamViewType"]
    assert expected["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"


def test_table_has_pitr_encryption_ttl_and_prod_protection(packaged: Packaged) -> None:
    table = packaged.props("Table")
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    # Encrypted with the stack's own key (the table holds PII), which DynamoDB may use.
    assert table["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS",
                                         "KMSMasterKeyId": {"Fn::GetAtt": ["DataKey", "Arn"]}}
    (ddb,) = [s for s in statements(packaged.props("DataKey")["KeyPolicy"]) if s.get("Sid") == "DynamoDbUsesTheKeyForThisAccount"]
    assert ddb["Condition"]["StringEquals"]["kms:ViaService"] == {"Fn::Sub": "dynamodb.${AWS::Region}.amazonaws.com"}
    assert ddb["Condition"]["StringEquals"]["kms:CallerAccount"] == {"Ref": "AWS::AccountId"}
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert resolve(table["DeletionProtectionEnabled"], packaged.template) is True
    for name in ("Table", "ReceiptsBucket", "DataKey", "UserPool"):
        assert packaged.resources[name]["DeletionPolicy"] == "Retain"
    assert resolve(packaged.props("UserPool")["DeletionProtection"], packaged.template) == "ACTIVE"


# ------------------------------------------------------------------ bucket and key


def test_receipts_bucket_is_private_and_encrypted_with_the_key(packaged: Packaged) -> None:
    bucket = packaged.props("ReceiptsBucket")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
    }
    assert "AccessControl" not in bucket and "WebsiteConfiguration" not in bucket
    assert bucket["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced"
    (rule,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms",
                                                     "KMSMasterKeyID": {"Fn::GetAtt": ["DataKey", "Arn"]}}
    assert packaged.props("DataKey")["EnableKeyRotation"] is True
    policy = packaged.props("ReceiptsBucketPolicy")["PolicyDocument"]
    for statement in statements(policy):
        assert statement["Effect"] == "Deny", "the bucket policy only denies; access comes from the roles"
    assert any(s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false" for s in statements(policy))


def test_bucket_cors_lifecycle_and_eventbridge(packaged: Packaged) -> None:
    bucket = packaged.props("ReceiptsBucket")
    (cors,) = bucket["CorsConfiguration"]["CorsRules"]
    assert cors["AllowedOrigins"] == {"Fn::Split": [",", {"Fn::Sub": "https://${WebDistribution.DomainName},${AllowedOrigins}"}]}
    assert set(cors["AllowedMethods"]) == {"POST", "GET", "HEAD"}
    assert bucket["NotificationConfiguration"]["EventBridgeConfiguration"]["EventBridgeEnabled"] is True
    rules = {r["Id"]: r for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert rules["abort-incomplete-multipart-uploads"]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 1
    # No rule may expire objects the app still relies on (nothing tags uploads): only the
    # signup exports, handed out by a short presigned link, expire...
    exports = rules.pop("expire-signup-exports")
    assert exports["Prefix"] == "exports/" and exports["ExpirationInDays"] == 1
    assert all("ExpirationInDays" not in rule and "ExpirationDate" not in rule for rule in rules.values())
    # ...but a deleted or overwritten receipt stays recoverable for a configured, short time.
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    noncurrent = rules["expire-noncurrent-versions"]
    assert noncurrent["NoncurrentVersionExpiration"] == {"NoncurrentDays": {"Ref": "ReceiptsNoncurrentVersionDays"}}
    assert 1 <= resolve({"Ref": "ReceiptsNoncurrentVersionDays"}, packaged.template) <= 30
    assert packaged.template["Parameters"]["AllowedOrigins"]["Default"].startswith("https://")


# ------------------------------------------------------------------ events


def test_stream_mapping_reports_item_failures_bisects_and_parks_failures(packaged: Packaged) -> None:
    (event,) = packaged.props("StreamHandler")["Events"].values()
    assert event["Type"] == "DynamoDB"
    mapping = event["Properties"]
    assert mapping["Stream"] == {"Fn::GetAtt": ["Table", "StreamArn"]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    retries = resolve(mapping["MaximumRetryAttempts"], packaged.template)
    assert isinstance(retries, int) and 0 <= retries <= 10
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["StreamFailureQueue", "Arn"]}
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
    # The function's role must be able to write to that destination.
    sends = [s for s in role_statements(packaged, "StreamHandlerRole") if "sqs:SendMessage" in as_list(s["Action"])]
    assert [s["Resource"] for s in sends] == [{"Fn::GetAtt": ["StreamFailureQueue", "Arn"]}]


def test_upload_verifier_listens_to_the_receipts_bucket_via_eventbridge(packaged: Packaged) -> None:
    (event,) = packaged.props("UploadVerifier")["Events"].values()
    assert event["Type"] == "CloudWatchEvent"
    pattern = event["Properties"]["Pattern"]
    assert pattern["source"] == ["aws.s3"] and pattern["detail-type"] == ["Object Created"]
    assert [sub_text(v) for v in pattern["detail"]["bucket"]["name"]] == ["${ReceiptsBucket}"]
    for name in ("UploadVerifier", "PretalxSync", "TicketSync", "OfferDeadlines", "ClaimDeadlines", "MessageDigest"):
        failure = packaged.props(name)["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
        assert failure["Destination"] == {"Fn::GetAtt": ["EventFailureQueue", "Arn"]}


def test_ticket_sync_schedule_follows_the_stage_config(packaged: Packaged) -> None:
    from infra.build import ROOT

    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    minutes = config["stages"]["prod"]["environment_variables"]["TICKET_SYNC_MINUTES"]
    (event,) = packaged.props("TicketSync")["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": f"rate({minutes} minutes)"}}


def test_pretalx_sync_schedule_follows_the_stage_config(packaged: Packaged) -> None:
    from infra.build import ROOT

    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    minutes = config["stages"]["prod"]["environment_variables"]["PRETALX_SYNC_MINUTES"]
    (event,) = packaged.props("PretalxSync")["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": f"rate({minutes} minutes)"}}


def test_offer_deadlines_run_hourly_with_a_role_that_cannot_read_secrets(packaged: Packaged) -> None:
    (event,) = packaged.props("OfferDeadlines")["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)"}}
    actions = {a for s in role_statements(packaged, "OfferDeadlinesRole") for a in as_list(s["Action"])}
    assert not any(a.startswith(("kms:", "s3:", "ses:")) for a in actions)


def test_message_digest_runs_daily_and_may_send_mail_but_not_read_secrets(packaged: Packaged) -> None:
    (event,) = packaged.props("MessageDigest")["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}
    actions = {a for s in role_statements(packaged, "MessageDigestRole") for a in as_list(s["Action"])}
    assert not any(a.startswith(("kms:", "s3:")) for a in actions)
    (ses,) = [s for s in role_statements(packaged, "MessageDigestRole") if "ses:SendEmail" in as_list(s["Action"])]
    assert ses["Condition"] == {"StringEquals": {"ses:FromAddress": {"Ref": "SesSender"}}}


def test_claim_deadlines_run_every_five_minutes_with_a_role_that_cannot_read_secrets(packaged: Packaged) -> None:
    (event,) = packaged.props("ClaimDeadlines")["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}}
    actions = {a for s in role_statements(packaged, "ClaimDeadlinesRole") for a in as_list(s["Action"])}
    assert not any(a.startswith(("kms:", "s3:", "ses:")) for a in actions)


# ------------------------------------------------------------------ IAM


def test_each_function_has_its_own_hand_written_role(packaged: Packaged) -> None:
    roles = {packaged.props(fn)["Role"]["Fn::GetAtt"][0] for fn in FUNCTIONS}
    assert roles == set(FUNCTIONS.values())
    iam_roles = [k for k, v in packaged.resources.items() if v["Type"] == "AWS::IAM::Role"]
    # Besides the functions' roles, only API Gateway's CloudWatch role (access logs).
    assert sorted(iam_roles) == sorted([*FUNCTIONS.values(), "ApiGatewayLogsRole"])
    (trust,) = statements(packaged.props("ApiGatewayLogsRole")["AssumeRolePolicyDocument"])
    assert trust["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert packaged.props("ApiGatewayAccount")["CloudWatchRoleArn"] == {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}
    for role in FUNCTIONS.values():
        props = packaged.props(role)
        assert "ManagedPolicyArns" not in props
        (trust,) = statements(props["AssumeRolePolicyDocument"])
        assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_no_wildcard_actions_or_resources_in_any_role(packaged: Packaged) -> None:
    for role in FUNCTIONS.values():
        for statement in role_statements(packaged, role):
            assert statement["Effect"] == "Allow"
            if set(as_list(statement["Action"])) <= XRAY_WRITE_ACTIONS:
                continue  # X-Ray accepts no resource but "*" (checked in the tracing test)
            for action in as_list(statement["Action"]):
                assert "*" not in action, f"{role}: wildcard action {action}"
            for resource in as_list(statement["Resource"]):
                assert resource != "*" and isinstance(resource, dict), f"{role}: literal resource {resource!r}"
                text = sub_text(resource)
                if text:
                    assert not text.endswith(":*:*") and text != "*"


def test_nothing_in_the_template_allows_every_action(packaged: Packaged) -> None:
    for name, resource in packaged.resources.items():
        text = json.dumps(resource)
        assert '"Action": "*"' not in text and '"Action": ["*"]' not in text, name


def test_roles_get_only_what_their_function_does(packaged: Packaged) -> None:
    api = allowed_actions(packaged, "ApiHandlerRole")
    stream = allowed_actions(packaged, "StreamHandlerRole")
    uploads = allowed_actions(packaged, "UploadVerifierRole")
    sync = allowed_actions(packaged, "PretalxSyncRole")
    # Only the stream handler reads the stream and sends e-mail.
    assert "dynamodb:GetRecords" in stream and not {"dynamodb:GetRecords"} & (api | uploads | sync)
    assert "ses:SendEmail" in stream and not {"ses:SendEmail", "ses:SendRawEmail"} & (api | uploads | sync)
    # Only the API signs uploads and creates data keys; nobody scans the table.
    assert "s3:PutObject" in api and "s3:PutObject" not in stream | uploads | sync
    assert "kms:GenerateDataKey" in api and "kms:GenerateDataKey" not in stream | uploads | sync
    assert not {a for a in api | stream | uploads | sync if a.startswith("dynamodb:Scan")}
    assert not {a for a in stream | sync if a.startswith("s3:")}
    # The stream opens pretix tokens (to issue vouchers), and nothing else sealed.
    (stream_decrypt,) = [s for s in role_statements(packaged, "StreamHandlerRole") if "kms:Decrypt" in as_list(s["Action"])]
    assert stream_decrypt["Condition"]["StringEquals"] == {"kms:EncryptionContext:purpose": "pretix_token"}
    assert {a for a in stream if a.startswith("kms:")} == {"kms:Decrypt"}
    # The upload verifier can decrypt only through S3 (reading receipt objects), not envelopes.
    (decrypt,) = [s for s in role_statements(packaged, "UploadVerifierRole") if "kms:Decrypt" in as_list(s["Action"])]
    assert "kms:ViaService" in decrypt["Condition"]["StringEquals"]
    # SES is limited to the configured sender.
    (send,) = [s for s in role_statements(packaged, "StreamHandlerRole") if "ses:SendEmail" in as_list(s["Action"])]
    assert send["Condition"]["StringEquals"]["ses:FromAddress"] == {"Ref": "SesSender"}
    # Logs: each role writes only its own log group (no CreateLogGroup: the stack creates them).
    for fn, role in FUNCTIONS.items():
        (logs,) = [s for s in role_statements(packaged, role) if "logs:PutLogEvents" in as_list(s["Action"])]
        group = sub_text(packaged.props(fn)["FunctionName"])
        assert f"log-group:/aws/lambda/{group}:*" in sub_text(logs["Resource"])
        assert "logs:CreateLogGroup" not in allowed_actions(packaged, role)


# ------------------------------------------------------------------ configuration


def test_functions_are_wired_to_the_stacks_resources(packaged: Packaged) -> None:
    for fn in FUNCTIONS:
        env = packaged.props(fn)["Environment"]["Variables"]
        assert env["STAGE"] == "prod"
        assert sub_text(env["TABLE_NAME"]) == "${Table}"
        assert sub_text(env["BUCKET_NAME"]) == "${ReceiptsBucket}"
        assert sub_text(env["KMS_KEY_ID"]) == "${DataKey.Arn}"
        assert sub_text(env["TABLE_STREAM_ARN"]) == "${Table.StreamArn}"
        assert sub_text(env["AUTH_ISSUER"]) == "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"
        assert sub_text(env["AUTH_AUDIENCE"]) == "${UserPoolClient}"
        assert sub_text(env["SES_SENDER"]) == "${SesSender}"
        # The deployed web app's origin first, then the stage's other frontends.
        assert sub_text(env["ALLOWED_ORIGINS"]) == "https://${WebDistribution.DomainName},${AllowedOrigins}"
        assert not {"AUTH_DEV_SECRET", "AWS_ENDPOINT_URL"} & set(env)


def test_cognito_groups_are_the_permissions(packaged: Packaged) -> None:
    groups = {r["Properties"]["GroupName"] for r in packaged.resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == set(PERMISSIONS)
    assert packaged.props("UserPoolClient")["GenerateSecret"] is False
    assert packaged.props("SenderIdentity")["EmailIdentity"] == {"Ref": "SesSender"}


def test_gateway_responses_use_the_error_shape_and_unknown_routes_are_404(packaged: Packaged) -> None:
    responses = packaged.props("RestAPI")["GatewayResponses"]
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == 404
    assert {"MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX", "DEFAULT_5XX"} <= set(responses)
    for name, response in responses.items():
        rendered = response["ResponseTemplates"]["application/json"].replace(
            "$context.error.messageString", '"Some message"')
        error = json.loads(rendered)["error"]
        assert set(error) == {"code", "message"} and re.fullmatch(r"[a-z_]+", error["code"]), name
        assert "Access-Control-Allow-Origin" in response["ResponseParameters"]["Headers"], name
    assert json.loads(responses["MISSING_AUTHENTICATION_TOKEN"]["ResponseTemplates"]["application/json"])[
        "error"]["code"] == "not_found"


def test_cors_preflights_are_answered_by_the_api_function(packaged: Packaged) -> None:
    """Every path's OPTIONS goes to the API function (which knows every allowed origin), not to a mock."""
    paths = packaged.props("RestAPI")["DefinitionBody"]["paths"]
    for path, methods in paths.items():
        options = methods.get("options")
        assert options is not None, path
        integration = options["x-amazon-apigateway-integration"]
        assert integration["type"] == "aws_proxy", path
        assert integration == methods[next(m for m in methods if m != "options")]["x-amazon-apigateway-integration"]
        assert "security" not in options or options["security"] == [], path


def test_alarms_watch_the_stream_queues_api_and_table(packaged: Packaged) -> None:
    alarms = {k: v["Properties"] for k, v in packaged.resources.items() if v["Type"] == "AWS::CloudWatch::Alarm"}

    def watching(metric: str) -> list[dict[str, Any]]:
        found = [a for a in alarms.values() if a.get("MetricName") == metric]
        found += [a for a in alarms.values()
                  if any(m.get("MetricStat", {}).get("Metric", {}).get("MetricName") == metric for m in a.get("Metrics", []))]
        return found

    (iterator_age,) = watching("IteratorAge")
    assert iterator_age["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": "StreamHandler"}}]
    queues = {a["Dimensions"][0]["Value"]["Fn::GetAtt"][0] for a in watching("ApproximateNumberOfMessagesVisible")}
    assert queues == {"StreamFailureQueue", "EventFailureQueue"}
    (api_5xx,) = watching("5XXError")
    dims = {d["Name"]: d["Value"] for d in api_5xx["Dimensions"]}
    title = packaged.props("RestAPI")["DefinitionBody"]["info"]["title"]
    assert sub_text(dims["ApiName"]).replace("${Stage}", "prod") == title == "conference-grants-prod"
    assert dims["Stage"] == packaged.props("RestAPI")["StageName"]
    assert watching("ReadThrottleEvents") and watching("WriteThrottleEvents")
    # The failure log markers are metrics with alarms: a failure nobody is paged for is lost.
    filters = {v["Properties"]["MetricTransformations"][0]["MetricName"]: v["Properties"]
               for v in packaged.resources.values() if v["Type"] == "AWS::Logs::MetricFilter"}
    assert filters["EmailSendFailed"]["FilterPattern"] == '"email_send_failed"'
    assert filters["EmailSendFailed"]["LogGroupName"] == {"Ref": "StreamLogGroup"}
    assert filters["AuthMisconfigured"]["FilterPattern"] == '"auth_misconfigured"'
    assert watching("EmailSendFailed") and watching("AuthMisconfigured")
    # A ticket pretix did not issue alarms, from the stream and from the ticket sync.
    ticket_filters = [v["Properties"] for v in packaged.resources.values() if v["Type"] == "AWS::Logs::MetricFilter"
                      and v["Properties"]["MetricTransformations"][0]["MetricName"] == "TicketIssueFailed"]
    assert {f["FilterPattern"] for f in ticket_filters} == {'"ticket_issue_failed"'}
    assert {f["LogGroupName"]["Ref"] for f in ticket_filters} == {"StreamLogGroup", "TicketsLogGroup"}
    assert watching("TicketIssueFailed")
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


# ------------------------------------------------------------------ the zip


def test_zip_ships_the_app_with_linux_wheels_and_without_the_runtime_sdk(packaged: Packaged) -> None:
    path = packaged.directory / "deployment.zip"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        unzipped = sum(i.file_size for i in archive.infolist())
    tops = {n.split("/", 1)[0] for n in names}
    assert {"app.py", "chalicelib", "pynamodb", "pydantic", "jwt", "cryptography"} <= tops
    assert not {"tests", "devstack", "bench", "infra", "boto3", "botocore", "s3transfer"} & tops
    # The target's native code (tests/infra/test_runtime.py checks every module of it).
    core = [n for n in names if n.startswith("pydantic_core/") and n.endswith(".so")]
    assert core and all("aarch64-linux-gnu" in n and "cpython-313" in n for n in core), core
    assert path.stat().st_size < 50 * 2**20 and unzipped < 250 * 2**20
    assert packaged.manifest["zip_bytes"] == path.stat().st_size < packaged.manifest["zip_bytes_as_built"]
    assert "app.py" in names


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_handlers_exist_in_the_app(packaged: Packaged, fn: str, app_module: Any) -> None:
    handler = packaged.props(fn)["Handler"]
    module, _, attribute = handler.partition(".")
    assert module == "app" and hasattr(app_module, attribute)


@pytest.mark.slow
def test_dev_stage_packages_and_lints_clean() -> None:
    dev = package("dev")
    cfn_lint = TOOLS_PYTHON.with_name("cfn-lint")
    files = [str(dev.directory / "sam.json"), str(dev.directory / "cloudformation.json")]
    result = subprocess.run([str(cfn_lint), *files], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    table = dev.props("Table")
    assert resolve(table["DeletionProtectionEnabled"], dev.template) is False
    assert dev.resources["Table"]["DeletionPolicy"] == "Delete"
    assert dev.props("APIHandler")["Environment"]["Variables"]["STAGE"] == "dev"
    # dev publishes versions behind the same alias, without SnapStart's charges
    assert dev.props("APIHandler")["AutoPublishAlias"] == "live"
    assert resolve(dev.props("APIHandler")["SnapStart"]["ApplyOn"], dev.template) == "None"
