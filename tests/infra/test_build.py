"""infra/build.py's rewrites, and the stage configuration, checked without running Chalice."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from infra import build

#: Logical ids Chalice generates for this app (the merge template deep-merges into them).
CHALICE_RESOURCES = ("APIHandler", "RestAPI", "StreamHandler", "UploadVerifier", "PretalxSync", "TicketSync",
                     "OfferDeadlines", "ClaimDeadlines", "ApiHandlerRole", "StreamHandlerRole", "UploadVerifierRole",
                     "PretalxSyncRole", "TicketSyncRole", "OfferDeadlinesRole", "ClaimDeadlinesRole", "MessageDigest",
                     "MessageDigestRole")


def chalice_config() -> dict[str, Any]:
    return json.loads((build.ROOT / ".chalice" / "config.json").read_text())


def test_placeholders_become_sub_and_intrinsics_are_kept() -> None:
    node = {
        "A": "${Table}",
        "B": ["plain", "arn:${AWS::Partition}:x:${Table.Arn}"],
        "C": {"Fn::Sub": "${Keep}"},
        "D": {"Ref": "Thing"},
        "E": "${AllowedOrigins}",
        "F": "${!Literal}",
    }
    assert build.to_intrinsics(node) == {
        "A": {"Fn::Sub": "${Table}"},
        "B": ["plain", {"Fn::Sub": "arn:${AWS::Partition}:x:${Table.Arn}"}],
        "C": {"Fn::Sub": "${Keep}"},
        "D": {"Ref": "Thing"},
        "E": {"Fn::Sub": "${AllowedOrigins}"},
        "F": "${!Literal}",
    }


def test_a_typo_in_a_reference_is_reported() -> None:
    template = {
        "Parameters": {"SesSender": {}},
        "Resources": {"Table": {}, "Fn": {"Properties": {"X": {"Fn::Sub": "${Tabel.Arn}/${SesSender}/${AWS::Region}"},
                                                          "Y": {"Fn::Sub": ["${Local}", {"Local": "v"}]}}}},
    }
    assert build.unresolved_references(template) == ["Tabel.Arn"]


def test_apply_stage_rejects_undeclared_parameters_and_sets_defaults() -> None:
    template = {"Parameters": {"Stage": {}, "SesSender": {}}, "Resources": {"Table": {"Properties": {}}}}
    with pytest.raises(build.BuildError, match="Nope"):
        build.apply_stage(json.loads(json.dumps(template)), "dev", {"Nope": "x"}, "app")
    done = build.apply_stage(template, "prod", {"SesSender": "a@example.org"}, "app")
    assert done["Parameters"]["Stage"]["Default"] == "prod"
    assert done["Parameters"]["SesSender"]["Default"] == "a@example.org"
    assert done["Resources"]["Table"]["DeletionPolicy"] == "Retain"
    assert build.apply_stage(template, "dev", {}, "app")["Resources"]["Table"]["DeletionPolicy"] == "Delete"


@pytest.mark.parametrize("stage", build.STAGES)
def test_stage_config_and_policies_reference_only_what_the_stack_defines(stage: str) -> None:
    merge = build.load_merge_template()
    config = chalice_config()["stages"][stage]
    policies = [json.loads((build.ROOT / ".chalice" / spec["iam_policy_file"]).read_text())
                for spec in config["lambda_functions"].values()]
    fake = {
        "Parameters": merge["Parameters"],
        "Resources": {**merge["Resources"], **{key: {} for key in CHALICE_RESOURCES}},
        "Env": build.to_intrinsics(config["environment_variables"]),
        "Policies": build.to_intrinsics(policies),
    }
    assert build.unresolved_references(fake) == []
    assert set(build.load_stage_parameters(stage)) <= set(merge["Parameters"])
    required = {name for name, spec in merge["Parameters"].items() if "Default" not in spec and name != "Stage"}
    assert required <= set(build.load_stage_parameters(stage)), "every parameter without a default has a stage value"


def test_each_deployed_function_has_its_own_policy_file() -> None:
    for stage in build.STAGES:
        functions = chalice_config()["stages"][stage]["lambda_functions"]
        assert set(functions) == {"api_handler", "stream_handler", "upload_verifier", "pretalx_sync", "ticket_sync",
                                  "offer_deadlines", "claim_deadlines", "message_digest"}
        files = [spec["iam_policy_file"] for spec in functions.values()]
        assert len(set(files)) == len(files)
    assert chalice_config()["autogen_policy"] is False


def test_local_stage_stays_a_plain_local_configuration() -> None:
    local = chalice_config()["stages"]["local"]["environment_variables"]
    assert local["STAGE"] == "local"
    assert not any("${" in value for value in local.values())


def test_runtime_provided_sdk_is_stripped_from_the_zip(tmp_path: Path) -> None:
    path = tmp_path / "deployment.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("app.py", "chalicelib/__init__.py", "boto3/__init__.py", "boto3-1.43.11.dist-info/RECORD",
                     "botocore/data/x.json", "dateutil/tz.py", "python_dateutil-2.9.0.dist-info/RECORD", "six.py",
                     "urllib3/__init__.py", "pynamodb/__init__.py"):
            archive.writestr(name, "x" * 100)
    removed = build.strip_runtime_provided(path)
    with zipfile.ZipFile(path) as archive:
        left = sorted(archive.namelist())
    assert left == ["app.py", "chalicelib/__init__.py", "pynamodb/__init__.py", "urllib3/__init__.py"]
    assert {"boto3", "botocore", "dateutil", "six"} <= set(removed)
