import { describe as suite, expect, it } from "vitest";

import { auditActor, auditWords, describe } from "./AuditTimeline";

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
});
