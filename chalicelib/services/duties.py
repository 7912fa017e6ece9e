"""Separation of duties: nobody acts as reviewer or payer on a grant they applied for.

A grant's id is derived from (conference, applicant sub) (store.keys.grant_id_for), so
"is this the caller's own grant?" needs no read: the caller's would-be grant id is
computed and compared with the one the request names (directly, or inside a receipt id).
The routing layer runs this before reading the body, like a permission check.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..auth import Principal
from ..domain.receipts import grant_of_receipt
from ..errors import Forbidden
from ..store.keys import grant_id_for


def named_grant(path_params: Mapping[str, str]) -> str | None:
    """The grant a request acts on: `{grant_id}`, or the grant of `{receipt_id}`."""
    if path_params.get("grant_id"):
        return path_params["grant_id"]
    if path_params.get("receipt_id"):
        return grant_of_receipt(path_params["receipt_id"])
    return None


def is_own_grant(conf: str, grant_id: str | None, principal: Principal) -> bool:
    return bool(grant_id) and grant_id == grant_id_for(conf, principal.sub)


def ensure_not_own_grant(conf: str, path_params: Mapping[str, str], principal: Principal, action: str) -> None:
    """403 `forbidden` when `principal` applied for the grant this request acts on."""
    if is_own_grant(conf, named_grant(path_params), principal):
        raise Forbidden(f"You cannot {action} a travel grant you applied for.")
