"""Reading the packaged CloudFormation template: references resolved, policy statements, role actions, Fn::Sub text."""

from __future__ import annotations

from typing import Any

from tests.support.package import Packaged

FUNCTIONS = {
    "APIHandler": "ApiHandlerRole",
    "StreamHandler": "StreamHandlerRole",
    "UploadVerifier": "UploadVerifierRole",
    "PretalxSync": "PretalxSyncRole",
    "TicketSync": "TicketSyncRole",
    "OfferDeadlines": "OfferDeadlinesRole",
    "MessageDigest": "MessageDigestRole",
    "ClaimDeadlines": "ClaimDeadlinesRole",
}


#: X-Ray's write actions support no resource-level permissions: "*" is their only resource.
XRAY_WRITE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}


def resolve(value: Any, template: dict[str, Any]) -> Any:
    """Evaluate Fn::If / Fn::Equals / Fn::Not / Ref-to-parameter with parameter defaults."""
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and arg in template.get("Parameters", {}):
            return template["Parameters"][arg].get("Default")
        if key == "Fn::If":
            name, when_true, when_false = arg
            chosen = when_true if resolve(template["Conditions"][name], template) else when_false
            return resolve(chosen, template)
        if key == "Fn::Equals":
            return resolve(arg[0], template) == resolve(arg[1], template)
        if key == "Fn::Not":
            return not resolve(arg[0], template)
    return value


def statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    found = policy["Statement"]
    return found if isinstance(found, list) else [found]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_statements(packaged: Packaged, role: str) -> list[dict[str, Any]]:
    return [s for p in packaged.props(role).get("Policies", []) for s in statements(p["PolicyDocument"])]


def allowed_actions(packaged: Packaged, role: str) -> set[str]:
    return {a for s in role_statements(packaged, role) if s["Effect"] == "Allow" for a in as_list(s["Action"])}


def sub_text(value: Any) -> str:
    """The text of an Fn::Sub (either form), or '' for anything else."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        arg = value["Fn::Sub"]
        return arg if isinstance(arg, str) else arg[0]
    return ""
