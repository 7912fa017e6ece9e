"""The payers' `?ready=true` list reads readiness from the grant items themselves.

Each grant counts its approved receipts and notes its payment details in the same
transactions that change them, so the list is its Query of accepted grants (and the stats
read) however many grants it holds; a grant from before those facts were kept is judged
from its partition. The counters must equal the items, also when reviewers race.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from chalicelib.config import settings
from chalicelib.store import grants as grant_store
from chalicelib.store import receipts as receipt_store
from chalicelib.store.keys import GRANT_SK, grant_pk
from tests.support.receipts import ACH, accepted_grant, manage, mine, uploaded_receipt
from tests.support.request_count import counting, this_thread


def facts(conference: str, grant_id: str) -> tuple[int | None, bool | None, bool | None]:
    grant = grant_store.get_grant_item(conference, grant_id)
    assert grant is not None
    return grant.approved_receipts, grant.has_payment_info, grant.readiness_tracked


def approved_items(conference: str, grant_id: str) -> int:
    part = receipt_store.grant_partition(conference, grant_id)
    return receipt_store.approved_count(receipt_store.receipts_of(part))


def ready_ids(api: Any, conference: str, payer: str) -> list[str]:
    listed = api.get(manage(conference, "/travel-grants?ready=true"), token=payer)
    assert listed.status == 200, listed.body
    return [g["id"] for g in listed.body["grants"]]


def decide(api: Any, conference: str, receipt_id: str, token: str, approve: bool) -> Any:
    if approve:
        return api.post(manage(conference, f"/receipts/{receipt_id}/approve"), token=token)
    return api.post(manage(conference, f"/receipts/{receipt_id}/flag"), {"reason": "Unreadable"}, token=token)


def test_the_facts_follow_decisions_and_payment_details(api, conference, make_token, reviewer, checker, payer):
    applicant = make_token("rosa")
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="800")
    assert facts(conference, grant_id) == (0, False, True)  # kept from the grant's first write
    first, second = (uploaded_receipt(api, conference, applicant) for _ in range(2))

    assert decide(api, conference, first["id"], checker, approve=True).status == 200
    assert facts(conference, grant_id)[0] == 1
    assert ready_ids(api, conference, payer) == []  # no payment details yet
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    assert facts(conference, grant_id) == (1, True, True)
    assert ready_ids(api, conference, payer) == [grant_id]

    assert decide(api, conference, second["id"], checker, approve=False).status == 200  # pending -> flagged: 0
    assert decide(api, conference, second["id"], checker, approve=True).status == 200   # flagged -> approved: +1
    assert facts(conference, grant_id)[0] == 2 == approved_items(conference, grant_id)
    for receipt in (first, second):  # approved -> flagged: -1 each
        assert decide(api, conference, receipt["id"], checker, approve=False).status == 200
    assert facts(conference, grant_id)[0] == 0 == approved_items(conference, grant_id)
    assert ready_ids(api, conference, payer) == []
    detail = api.get(manage(conference, f"/travel-grants/{grant_id}"), token=reviewer).body
    assert detail["ready_for_disbursement"] is False  # the detail, read from the partition, agrees


def test_the_list_costs_the_same_requests_for_one_ready_grant_or_many(api, conference, make_token, reviewer,
                                                                      checker, payer):
    def requests_for_the_list() -> Counter[str]:
        # The in-process API answers on this thread; a stream pump another test left running
        # in this worker polls from its own thread, and is not the list's cost.
        with counting(this_thread()) as sent:
            ready_ids(api, conference, payer)
        return Counter({key.split(":", 1)[1]: n for key, n in sent.counts.items()})  # every service's

    made: list[str] = []
    for n in range(4):
        applicant = make_token(f"ready-{n}")
        made.append(accepted_grant(api, conference, applicant, reviewer, approved="300"))
        receipt = uploaded_receipt(api, conference, applicant)
        assert decide(api, conference, receipt["id"], checker, approve=True).status == 200
        assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
        if n == 0:
            one = requests_for_the_list()
    assert sorted(ready_ids(api, conference, payer)) == sorted(made)
    many = requests_for_the_list()
    # the accepted grants' Query and the counters' GetItem; no partition Query per grant
    assert one == many == Counter({"Query": 1, "GetItem": 1})


def test_a_grant_from_before_the_facts_is_judged_from_its_partition(api, conference, make_token, reviewer,
                                                                    checker, payer):
    applicant = make_token("olga")
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="300")
    receipt = uploaded_receipt(api, conference, applicant)
    assert decide(api, conference, receipt["id"], checker, approve=True).status == 200
    assert api.put(mine(conference, "/payment-info"), ACH, token=applicant).status == 200
    from chalicelib.aws import client

    client("dynamodb").update_item(  # as a grant written before readiness facts were kept looks
        TableName=settings().table_name, Key={"pk": {"S": grant_pk(conference, grant_id)}, "sk": {"S": GRANT_SK}},
        UpdateExpression="REMOVE approved_receipts, has_payment_info, readiness_tracked")
    assert facts(conference, grant_id) == (None, None, None)
    assert ready_ids(api, conference, payer) == [grant_id]


def test_racing_decisions_keep_the_count_equal_to_the_approved_receipts(api, conference, make_token, reviewer,
                                                                        checker, payer):
    applicant = make_token("rick")
    grant_id = accepted_grant(api, conference, applicant, reviewer, approved="900")
    receipts = [uploaded_receipt(api, conference, applicant)["id"] for _ in range(4)]
    statuses: list[int] = []
    lock = threading.Lock()

    def reviewer_thread(approve: bool) -> None:
        for _ in range(3):
            for receipt_id in receipts:
                status = decide(api, conference, receipt_id, checker, approve).status
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=reviewer_thread, args=(n % 2 == 0,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {200, 409}, Counter(statuses)  # 409: the receipt moved since it was read
    assert 200 in statuses
    assert facts(conference, grant_id)[0] == approved_items(conference, grant_id)


def _as_an_earlier_release_wrote_it(conference: str, grant_id: str, **leftovers: Any) -> None:
    """The grant item without the readiness facts (or with counts ADDed since, untrusted)."""
    from chalicelib.aws import client

    key = {"pk": {"S": grant_pk(conference, grant_id)}, "sk": {"S": GRANT_SK}}
    client("dynamodb").update_item(TableName=settings().table_name, Key=key,
                                   UpdateExpression="REMOVE approved_receipts, has_payment_info, readiness_tracked")
    if leftovers:
        client("dynamodb").update_item(
            TableName=settings().table_name, Key=key, UpdateExpression="SET " + ", ".join(f"{k} = :{k}" for k in leftovers),
            ExpressionAttributeValues={f":{k}": {"N": str(v)} for k, v in leftovers.items()})


def test_the_backfill_counts_old_grants_and_refuses_to_count_a_moving_one(api, conference, make_token, reviewer,
                                                                          checker, payer, monkeypatch, capsys):
    from chalicelib.cli import main as cli
    from chalicelib.store import backfill

    paid, moving = make_token("pam"), make_token("moe")
    paid_grant = accepted_grant(api, conference, paid, reviewer, approved="300")
    assert decide(api, conference, uploaded_receipt(api, conference, paid)["id"], checker, approve=True).status == 200
    assert api.put(mine(conference, "/payment-info"), ACH, token=paid).status == 200
    moving_grant = accepted_grant(api, conference, moving, reviewer, approved="300")
    pending = uploaded_receipt(api, conference, moving)
    _as_an_earlier_release_wrote_it(conference, paid_grant, approved_receipts=5)  # an untrusted leftover count
    _as_an_earlier_release_wrote_it(conference, moving_grant)

    assert backfill.readiness_facts(dry_run=True).updated >= 2
    assert facts(conference, paid_grant) == (5, None, None)  # a dry run writes nothing

    # The moving grant's receipt is approved right after the backfill read its partition:
    # the backfill's transaction must be refused, and its next read count the approval.
    reads: list[str] = []
    real_partition = backfill.receipt_store.grant_partition

    def partition_then_a_decision(conf: str, grant_id: str, **kwargs: Any) -> Any:
        part = real_partition(conf, grant_id, **kwargs)
        reads.append(grant_id)
        if grant_id == moving_grant and reads.count(grant_id) == 1:
            assert decide(api, conference, pending["id"], checker, approve=True).status == 200
        return part

    monkeypatch.setattr(backfill.receipt_store, "grant_partition", partition_then_a_decision)
    assert cli(["backfill"]) == 0
    assert "readiness facts:" in capsys.readouterr().out
    assert reads.count(moving_grant) == 2  # refused once, then counted again
    assert facts(conference, paid_grant) == (1, True, True)
    assert facts(conference, moving_grant) == (1, False, True) and approved_items(conference, moving_grant) == 1
    assert ready_ids(api, conference, payer) == [paid_grant]
    before_rerun = len(reads)
    backfill.readiness_facts()
    rerun_reads = reads[before_rerun:]
    assert paid_grant not in rerun_reads and moving_grant not in rerun_reads  # re-running leaves them alone
    assert facts(conference, paid_grant) == (1, True, True)
