import { describe, expect, it } from "vitest";

import { reviewerTransitions } from "../api/transitions";
import { changeFrom } from "./ReviewForm";

const base = { status: "submitted", approved_amount: null, promo_code: null, reviewer_notes: "Old note", version: 3, request_type: "ticket_and_grant" } as const;

describe("the review form", () => {
  it("sends only what the reviewer changed", () => {
    expect(changeFrom({ status: "", approved_amount: "", promo_code: "", reviewer_notes: "Old note", message: "" }, base)).toEqual({});
    expect(changeFrom({ status: "offered", approved_amount: "1000", promo_code: " CODE ", reviewer_notes: "Old note", message: "" }, base)).toEqual({
      status: "offered", approved_amount: "1000", promo_code: "CODE",
    });
    // A deadline goes with an offer only.
    expect(changeFrom({ status: "offered", approved_amount: "10", promo_code: "", reviewer_notes: "Old note", message: "", respond_by: "2027-01-31" }, base)).toEqual({
      status: "offered", approved_amount: "10", respond_by: "2027-01-31",
    });
    expect(changeFrom({ status: "rejected", approved_amount: "", promo_code: "", reviewer_notes: "Old note", message: "", respond_by: "2027-01-31" }, base)).toEqual({
      status: "rejected",
    });
    // The same amount written differently is no change.
    expect(changeFrom({ status: "", approved_amount: "1000.0", promo_code: "", reviewer_notes: "Old note", message: "" }, { ...base, approved_amount: "1000.00" })).toEqual({});
    // The question goes with the move to information needed.
    expect(changeFrom({ status: "info_needed", approved_amount: "", promo_code: "", reviewer_notes: "Old note", message: " Which airport? " }, base)).toEqual({
      status: "info_needed", message: "Which airport?",
    });
  });

  it("offers only the contract's reviewer transitions", () => {
    expect(reviewerTransitions("submitted")).toEqual(["info_needed", "offered", "waitlisted", "rejected"]);
    expect(reviewerTransitions("waitlisted")).toEqual(["offered", "rejected"]);
    expect(reviewerTransitions("expired")).toEqual(["offered"]);
    expect(reviewerTransitions("offered")).toEqual(["rejected"]);
    expect(reviewerTransitions("accepted")).toEqual([]);
    expect(reviewerTransitions("disbursed")).toEqual([]);
  });
});
