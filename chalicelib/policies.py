"""Who may do and read what: every authorisation rule beyond "has one of these permissions".

Routes declare them (`endpoint(permissions=…, policy=…)`, run before the body is read) and
services call them where the answer depends on what was read (the grant's readiness, an
activity's organisers). Each rule that a write must also hold comes with its DynamoDB
condition beside its predicate, like the rules in `domain/`.

* separation of duties: nobody reviews, scores, pays or reads the reviewer view of a grant
  they applied for (`not_own_grant`);
* grant readers: `view_travel_grant`/`review_travel_grant` read every grant; a payer
  (`disburse_travel_grant` alone) lists only the grants ready for disbursement and reads only
  those and the ones they paid (`can_list_grants`, `can_read_grant`);
* payment details: the applicant reads their own, masked (their routes derive the grant from
  the token); a payer reads them decrypted only while `can_read_payment_details`, enforced
  by `payer_may_read_condition` in the read's audit transaction;
* organiser scope: `manage_activity` manages every activity, an organiser only their own
  (`can_manage_activity`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from .auth import Principal
from .domain.grants import paid_by, paid_by_condition, ready_condition, ready_for_disbursement
from .domain.receipts import grant_of_receipt
from .errors import Forbidden
from .store.keys import grant_id_for

#: Read every grant (list, detail, stats); `review_travel_grant` implies `view_travel_grant`.
GRANT_READERS = ("view_travel_grant", "review_travel_grant")
#: Change grants: review, message, score, declare conflicts.
GRANT_REVIEWERS = ("review_travel_grant",)
#: Pay grants and read their decrypted payment details (within `can_read_payment_details`).
PAYER = "disburse_travel_grant"
RECEIPT_REVIEWER = "review_receipt"
ACTIVITY_MANAGER = "manage_activity"

#: A route's policy: given the caller and the path parameters, raise Forbidden or return.
Policy = Callable[[Principal, Mapping[str, str]], None]


# -- separation of duties ----------------------------------------------------------------------
# A grant's id is derived from (conference, applicant sub) (store.keys.grant_id_for), so "is
# this the caller's own grant?" needs no read: the caller's would-be grant id is computed and
# compared with the one the request names (directly, or inside a receipt id).


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


def not_own_grant(action: str) -> Policy:
    """A route policy: `action` (e.g. "review") is refused on the caller's own grant (403)."""

    def policy(principal: Principal, path_params: Mapping[str, str]) -> None:
        ensure_not_own_grant(path_params.get("slug", ""), path_params, principal, action)

    policy.__doc__ = f"Refused on a grant the caller applied for: {action}."
    return policy


# -- grant readers -------------------------------------------------------------------------------


def reads_every_grant(principal: Principal) -> bool:
    return principal.has_any(*GRANT_READERS)


def can_list_grants(principal: Principal, ready_only: bool) -> bool:
    """Grant readers list every grant; a payer alone only the ready ones (`?ready=true`)."""
    return reads_every_grant(principal) or (ready_only and principal.has(PAYER))


def ensure_can_list_grants(principal: Principal, ready_only: bool) -> None:
    if not can_list_grants(principal, ready_only):
        raise Forbidden("With disburse_travel_grant alone you may list the grants ready for disbursement "
                        "(ready=true).")


def can_read_grant(principal: Principal, *, ready: bool, disbursed_by: str | None) -> bool:
    """The reviewer view of a grant: grant readers always; a payer alone while the grant is
    ready for disbursement, or once they disbursed it themselves."""
    return reads_every_grant(principal) or (principal.has(PAYER) and (ready or paid_by(disbursed_by, principal.sub)))


def ensure_can_read_grant(principal: Principal, *, ready: bool, disbursed_by: str | None) -> None:
    if not can_read_grant(principal, ready=ready, disbursed_by=disbursed_by):
        raise Forbidden("With disburse_travel_grant alone you may read grants ready for disbursement "
                        "and the ones you disbursed only.")


def can_read_internal_notes(principal: Principal) -> bool:
    """Internal notes (messages with `visible: false`, the shared `reviewer_notes`) are the
    reviewers' deliberation: grant readers see them; a payer alone does not, since paying needs
    the decision, the amount, the receipts and the payment details, not why it was decided."""
    return reads_every_grant(principal)


# -- payment details ----------------------------------------------------------------------------


def can_read_payment_details(principal: Principal, *, status: str, has_payment_info: bool, approved_receipts: int,
                             disbursed_by: str | None) -> bool:
    """A payer reads decrypted payment details of a grant ready for disbursement, or of one
    they paid (their record of the payment); nobody else does."""
    return principal.has(PAYER) and (ready_for_disbursement(status, has_payment_info, approved_receipts)
                                     or paid_by(disbursed_by, principal.sub))


def payer_may_read_condition(grant: Any, sub: str) -> Any:
    """`can_read_payment_details` (for a caller holding the permission) as the condition on the
    grant item of the read's audit transaction: the grant cannot stop being ready in between."""
    return ready_condition(grant) | paid_by_condition(grant, sub)


# -- organiser scope ----------------------------------------------------------------------------


def manages_every_activity(principal: Principal) -> bool:
    return principal.has(ACTIVITY_MANAGER)


def can_manage_activity(principal: Principal, organizers: Collection[str] | None) -> bool:
    """`manage_activity` manages every activity; an organiser the ones that name them."""
    return manages_every_activity(principal) or principal.sub in (organizers or ())
