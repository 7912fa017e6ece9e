"""The contract's error shape, checked the same way by the fuzzer and the authorization matrix."""

from __future__ import annotations

from typing import Any


def error_shape_problems(status: int, body: Any) -> list[str]:
    """What is wrong with a non-2xx body: `{"error": {"code": str, "message": str, "fields"?}}`.

    `fields` ({field: [message, ...]}) belongs to 422 only. Other top-level keys are allowed
    next to `error` (the contract adds e.g. `signup` to 409 `already_signed_up`).
    """
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return [f"{status}: body is not {{'error': {{...}}}}: {body!r:.200}"]
    error = body["error"]
    problems = []
    if not isinstance(error.get("code"), str) or not error["code"]:
        problems.append(f"{status}: error.code is not a non-empty string")
    if not isinstance(error.get("message"), str) or not error["message"]:
        problems.append(f"{status}: error.message is not a non-empty string")
    if set(error) - {"code", "message", "fields"}:
        problems.append(f"{status}: unexpected keys in error: {sorted(set(error) - {'code', 'message', 'fields'})}")
    if "fields" in error:
        fields = error["fields"]
        if status != 422:
            problems.append(f"{status}: error.fields outside a 422")
        if not (isinstance(fields, dict) and fields and all(
                isinstance(k, str) and isinstance(v, list) and v and all(isinstance(m, str) for m in v)
                for k, v in fields.items())):
            problems.append(f"{status}: error.fields is not {{str: [str, ...]}}: {fields!r:.200}")
    elif status == 422:
        problems.append("422 without error.fields")
    return problems
