import { describe as suite, expect, it } from "vitest";

import { auditActor, auditWords, describe, detailsBesidesActor } from "./AuditTimeline";

suite("audit trail in words", () => {
  it("words a change of status, money in cents and a plain value", () => {
    expect(describe("status", { from: "submitted", to: "offered" })).toBe("Submitted → Offered");
    expect(describe("approved_cents", { from: null, to: 100000 })).toBe("none → $1,000.00");
    expect(describe("promo_code", { from: null, to: "GRANT" })).toBe("none → GRANT");
    expect(describe("disbursed_cents", 90000)).toBe("$900.00");
    expect(describe("to", "accepted")).toBe("Accepted");
  });

  it("names the actions the API records", () => {
    expect(auditWords("read_payment_info")).toBe("Read the payment details");
    expect(auditWords("disburse")).toBe("Recorded the disbursement");
    expect(auditWords("something_new")).toBe("Something new");
  });

  it("names who acted by the name the entry recorded, else by account id", () => {
    const applicant = { sub: "ada", name: "Ada L" };
    expect(auditActor({ actor_sub: "rita", actor_name: "Rita Reviewer" }, applicant)).toBe("Rita Reviewer");
    expect(auditActor({ actor_sub: "rita", actor_name: null }, applicant)).toBe("rita"); // entries from before names
    expect(auditActor({ actor_sub: "ada", actor_name: "Ada" }, applicant)).toBe("Ada L (applicant)");
    expect(auditActor({ actor_sub: "ada", actor_name: null }, { sub: "ada", name: "" })).toBe("ada (applicant)");
  });

  it("does not repeat the actor's name that older entries also kept in their details", () => {
    const paid = { actor_name: "Pat Payer", details: { disbursed_cents: 90000, payer_name: "Pat Payer" } };
    expect(detailsBesidesActor(paid)).toEqual({ disbursed_cents: 90000 });
    const unnamed = { actor_name: null, details: { payment_method: "wise", reader_name: "Pat Payer" } };
    expect(detailsBesidesActor(unnamed)).toEqual(unnamed.details); // the only place the name is
    const other = { actor_name: "Rita", details: { promo_code: "Rita" } };
    expect(detailsBesidesActor(other)).toEqual(other.details); // only *_name keys are the actor's
  });
});
