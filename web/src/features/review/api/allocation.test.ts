import { describe, expect, it } from "vitest";

import { offersFor, resultWords, type ProposalRow } from "./allocation";

const row = (over: Partial<ProposalRow>): ProposalRow =>
  ({
    grant_id: "g1",
    amount: "1000.00",
    scores: { count: 2, mean: "4.50", calibrated: "0.500" },
    funded: true,
    reason: null,
    status: "submitted",
    request_type: "ticket_and_grant",
    version: 3,
    first_time: true,
    international: false,
    application_type: "general",
    ...over,
  }) as ProposalRow;

describe("offersFor", () => {
  it("offers the funded rows at their amount and version; tickets without an amount", () => {
    expect(
      offersFor([row({}), row({ grant_id: "g2", funded: false }), row({ grant_id: "g3", request_type: "ticket_only", amount: "0.00" })]),
    ).toEqual([
      { grant_id: "g1", status: "offered", approved_amount: "1000.00", version: 3 },
      { grant_id: "g3", status: "offered", version: 3 },
    ]);
  });
});

describe("resultWords", () => {
  it("explains 409 and 412 and lets them be retried", () => {
    expect(resultWords({ grant_id: "g", status: 200 })).toEqual({ text: "Offered", retryable: false });
    expect(resultWords({ grant_id: "g", status: 412, error: { code: "version_conflict", message: "x" } }).retryable).toBe(true);
    const conflict = resultWords({ grant_id: "g", status: 409, error: { code: "over_budget", message: "Over the budget." } });
    expect(conflict).toEqual({ text: "Over the budget. Retry once the conflict is resolved.", retryable: true });
    expect(resultWords({ grant_id: "g", status: 422, error: { code: "validation_error", message: "Bad." } }).retryable).toBe(false);
  });
});
