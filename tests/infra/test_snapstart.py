"""SnapStart on the API function: a template parameter (on for prod), published versions and
an alias the API invokes (infra/resources.yaml, infra/build.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from infra.build import API_FUNCTION_ALIAS, route_api_to_alias
from tests.support.package import Packaged
from tests.support.template import resolve, sub_text

#: Lambda offers SnapStart for Python from python3.12 on.
SNAPSTART_PYTHONS = ("python3.12", "python3.13", "python3.14")


def _integration_uris(body: dict[str, Any]) -> list[Any]:
    return [operation["x-amazon-apigateway-integration"]["uri"]
            for operations in body["paths"].values() for operation in operations.values()
            if isinstance(operation, dict) and "x-amazon-apigateway-integration" in operation]


def test_snapstart_is_a_parameter_on_for_prod(packaged: Packaged) -> None:
    parameter = packaged.template["Parameters"]["SnapStart"]
    assert parameter["AllowedValues"] == ["on", "off"] and parameter["Default"] == "on"
    snapstart = packaged.props("APIHandler")["SnapStart"]
    assert resolve(snapstart["ApplyOn"], packaged.template) == "PublishedVersions"


def test_the_api_function_publishes_versions_behind_an_alias(packaged: Packaged) -> None:
    assert packaged.props("APIHandler")["AutoPublishAlias"] == "live"
    assert packaged.props("APIHandlerInvokePermission")["FunctionName"] == {"Ref": "APIHandler.Alias"}


def test_every_api_integration_invokes_the_alias_not_latest(packaged: Packaged) -> None:
    uris = _integration_uris(packaged.props("RestAPI")["DefinitionBody"])
    assert len(uris) >= 40
    for uri in uris:
        text = sub_text(uri)
        assert f"functions/{API_FUNCTION_ALIAS}/invocations" in text, text


def test_the_sam_expansion_wires_version_alias_permission_and_integrations(packaged: Packaged) -> None:
    expanded = json.loads((packaged.directory / "cloudformation.json").read_text())["Resources"]
    alias_id = API_FUNCTION_ALIAS.strip("${}")
    alias = expanded[alias_id]
    assert alias["Type"] == "AWS::Lambda::Alias" and alias["Properties"]["Name"] == "live"
    version = alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]
    assert expanded[version]["Type"] == "AWS::Lambda::Version"
    function = expanded["APIHandler"]["Properties"]
    assert function["SnapStart"]["ApplyOn"] == {"Fn::If": ["SnapStartOn", "PublishedVersions", "None"]}
    assert expanded["APIHandlerInvokePermission"]["Properties"]["FunctionName"] == {"Ref": alias_id}
    (api,) = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::ApiGateway::RestApi"]
    targets = set(re.findall(r"functions/(.*?)/invocations", json.dumps(api["Body"])))
    assert targets == {API_FUNCTION_ALIAS}


def test_snapstart_runs_on_a_runtime_that_offers_it(packaged: Packaged) -> None:
    runtime = packaged.props("APIHandler")["Runtime"]
    if runtime not in SNAPSTART_PYTHONS and int(runtime.removeprefix("python3.")) < 12:
        pytest.skip(f"packaging still emits {runtime}; SnapStart needs python3.12+ (the runtime change is separate)")
    assert runtime in SNAPSTART_PYTHONS


def test_route_api_to_alias_rewrites_only_the_api_functions_integrations() -> None:
    arn = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/%s/invocations"
    body = {"paths": {
        "/a": {"get": {"x-amazon-apigateway-integration": {"uri": {"Fn::Sub": arn % "${APIHandler.Arn}"}}},
               "parameters": [{"name": "x"}]},
        "/b": {"post": {"x-amazon-apigateway-integration": {"uri": {"Fn::Sub": arn % "${Other.Arn}"}}}},
        "/c": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
    }}
    assert route_api_to_alias(body) == 1
    assert body["paths"]["/a"]["get"]["x-amazon-apigateway-integration"]["uri"] == {
        "Fn::Sub": arn % API_FUNCTION_ALIAS}
    assert body["paths"]["/b"]["post"]["x-amazon-apigateway-integration"]["uri"] == {
        "Fn::Sub": arn % "${Other.Arn}"}
