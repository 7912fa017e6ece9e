"""The packaged prod template carries what operating it needs: logs, tracing, alarms, concurrency."""

from __future__ import annotations

import json
from typing import Any

from tests.support.package import Packaged
from tests.support.template import FUNCTIONS, XRAY_WRITE_ACTIONS, as_list, resolve, role_statements, sub_text

#: Functions the API cannot starve: each has concurrency of its own.
BACKGROUND = {"StreamHandler": "StreamReservedConcurrency", "UploadVerifier": "UploadsReservedConcurrency",
              "PretalxSync": "SyncReservedConcurrency", "TicketSync": "TicketSyncReservedConcurrency",
              "OfferDeadlines": "DeadlinesReservedConcurrency", "ClaimDeadlines": "ClaimsReservedConcurrency",
              "MessageDigest": "DigestReservedConcurrency"}


def alarms(packaged: Packaged) -> list[dict[str, Any]]:
    return [v["Properties"] for v in packaged.resources.values() if v["Type"] == "AWS::CloudWatch::Alarm"]


def test_every_function_is_traced_and_so_is_the_api_stage(packaged: Packaged) -> None:
    for fn, role in FUNCTIONS.items():
        assert packaged.props(fn)["Tracing"] == "Active", fn
        (xray,) = [s for s in role_statements(packaged, role) if set(as_list(s["Action"])) & XRAY_WRITE_ACTIONS]
        assert set(as_list(xray["Action"])) == XRAY_WRITE_ACTIONS and xray["Resource"] == "*", role
    assert packaged.props("RestAPI")["TracingEnabled"] is True
    expanded = json.loads((packaged.directory / "cloudformation.json").read_text())["Resources"]
    (stage,) = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::ApiGateway::Stage"]
    assert stage["TracingEnabled"] is True
    assert all(r["Properties"]["TracingConfig"] == {"Mode": "Active"}
               for r in expanded.values() if r["Type"] == "AWS::Lambda::Function")


def test_functions_log_json_at_the_configured_level_into_their_own_group(packaged: Packaged) -> None:
    groups = {"APIHandler": "ApiLogGroup", "StreamHandler": "StreamLogGroup", "UploadVerifier": "UploadsLogGroup",
              "PretalxSync": "SyncLogGroup", "TicketSync": "TicketsLogGroup",
              "OfferDeadlines": "DeadlinesLogGroup", "ClaimDeadlines": "ClaimsLogGroup", "MessageDigest": "DigestLogGroup"}
    for fn, group in groups.items():
        props = packaged.props(fn)
        logging = props["LoggingConfig"]
        assert logging["LogFormat"] == "JSON" and logging["LogGroup"] == {"Ref": group}, fn
        assert resolve(logging["ApplicationLogLevel"], packaged.template) == "INFO"
        assert logging["SystemLogLevel"] == "INFO"  # keeps the REPORT records (duration, memory)
        # The app reads LOG_LEVEL (chalicelib/observability/logging.py): the same parameter drives both.
        assert sub_text(props["Environment"]["Variables"]["LOG_LEVEL"]) == "${LogLevel}", fn
        # The access log's user hash is salted per stack: not comparable across stacks or systems.
        assert sub_text(props["Environment"]["Variables"]["LOG_USER_SALT"]) == "${AWS::StackId}", fn
        name = sub_text(props["FunctionName"])
        assert sub_text(packaged.props(group)["LogGroupName"]) == f"/aws/lambda/{name}"
    assert packaged.template["Parameters"]["LogLevel"]["Default"] == "INFO"


def test_api_gateway_writes_json_access_logs_without_caller_identity(packaged: Packaged) -> None:
    setting = packaged.props("RestAPI")["AccessLogSetting"]
    assert setting["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(setting["Format"])
    assert {"requestId", "resourcePath", "status", "responseLatency"} <= set(fields)
    assert not any("sourceIp" in v or "userAgent" in v or "authorizer" in v for v in fields.values())
    assert packaged.props("ApiAccessLogGroup")["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert "ApiGatewayAccount" in as_list(packaged.resources["RestAPI"]["DependsOn"])


def test_background_functions_have_reserved_concurrency(packaged: Packaged) -> None:
    for fn, parameter in BACKGROUND.items():
        assert packaged.props(fn)["ReservedConcurrentExecutions"] == {"Ref": parameter}
        assert resolve({"Ref": parameter}, packaged.template) >= 1
    assert "ReservedConcurrentExecutions" not in packaged.props("APIHandler")
    assert resolve({"Ref": "SyncReservedConcurrency"}, packaged.template) == 1  # runs never overlap


def test_every_function_alarms_on_errors_and_throttles(packaged: Packaged) -> None:
    watched: dict[str, set[str]] = {}
    for alarm in alarms(packaged):
        if alarm.get("Namespace") == "AWS/Lambda":
            (dimension,) = alarm["Dimensions"]
            watched.setdefault(dimension["Value"]["Ref"], set()).add(alarm["MetricName"])
            if alarm["MetricName"] in ("Errors", "Throttles"):  # one crash or throttle is one too many
                assert alarm["Threshold"] == 0 and alarm["ComparisonOperator"] == "GreaterThanThreshold"
            assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}] and alarm["OKActions"] == [{"Ref": "AlarmTopic"}]
    assert {fn: {"Errors", "Throttles"} for fn in FUNCTIONS} == {fn: watched[fn] - {"IteratorAge"} for fn in FUNCTIONS}
    assert "IteratorAge" in watched["StreamHandler"]
    queues = {a["Dimensions"][0]["Value"]["Fn::GetAtt"][0] for a in alarms(packaged)
              if a.get("MetricName") == "ApproximateNumberOfMessagesVisible"}
    failure_queues = {k for k, v in packaged.resources.items() if v["Type"] == "AWS::SQS::Queue"}
    assert queues == failure_queues == {"StreamFailureQueue", "EventFailureQueue"}
