import { describe, expect, it } from "vitest";

import { changeFrom } from "./ReviewForm";

const base: Parameters<typeof changeFrom>[1] = {
  status: "submitted", approved_amount: null, promo_code: null, reviewer_notes: "Old note", version: 3,
  request_type: "ticket_and_grant", transitions: ["info_needed", "offered", "rejected"],
  editable_fields: ["status", "approved_amount", "respond_by", "promo_code", "note", "message"],
};

describe("the review form", () => {
  it("sends only what the reviewer changed", () => {
    expect(changeFrom({ status: "", approved_amount: "", promo_code: "", note: "", message: "" }, base)).toEqual({});
    expect(changeFrom({ status: "offered", approved_amount: "1000", promo_code: " CODE ", note: "", message: "" }, base)).toEqual({
      status: "offered", approved_amount: "1000", promo_code: "CODE",
    });
    // A deadline goes with an offer only.
    expect(changeFrom({ status: "offered", approved_amount: "10", promo_code: "", note: "", message: "", respond_by: "2027-01-31" }, base)).toEqual({
      status: "offered", approved_amount: "10", respond_by: "2027-01-31",
    });
    expect(changeFrom({ status: "rejected", approved_amount: "", promo_code: "", note: "", message: "", respond_by: "2027-01-31" }, base)).toEqual({
      status: "rejected",
    });
    // The same amount written differently is no change.
    expect(changeFrom({ status: "", approved_amount: "1000.0", promo_code: "", note: "", message: "" }, { ...base, approved_amount: "1000.00" })).toEqual({});
    // The question goes with the move to information needed.
    expect(changeFrom({ status: "info_needed", approved_amount: "", promo_code: "", note: "", message: " Which airport? " }, base)).toEqual({
      status: "info_needed", message: "Which airport?",
    });
  });

  it("adds a note as an entry, and never sends what can no longer change", () => {
    expect(changeFrom({ status: "", approved_amount: "", promo_code: "", note: " Strong essay. ", message: "" }, base)).toEqual({
      note: "Strong essay.",
    });
    const accepted = { ...base, status: "accepted" as const, approved_amount: "1000.00", transitions: [],
      editable_fields: ["promo_code", "note", "message"] };
    expect(changeFrom({ status: "rejected", approved_amount: "5000", promo_code: "P2", note: "", message: "" }, accepted)).toEqual({
      promo_code: "P2",
    });
  });
});
