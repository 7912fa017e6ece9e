import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import type { GrantDetail } from "../api/grants";
import { ReviewForm } from "./ReviewForm";

const accepted = {
  id: "g1", status: "accepted", approved_amount: "1400.00", promo_code: null, reviewer_notes: null, version: 7,
  request_type: "ticket_and_grant", transitions: [], editable_fields: ["promo_code", "note", "message"],
} as unknown as GrantDetail; // the form reads only these fields

describe("the review form of an accepted grant", () => {
  it("shows what can still change and nothing that would only fail on save", async () => {
    const user = userEvent.setup();
    const { bodies } = renderWithApi(<ReviewForm slug="py" grant={accepted} />, {
      "PATCH /manage/conferences/py/travel-grants/g1": [{ body: { ...accepted, version: 8 } }],
    });
    expect(screen.queryByLabelText(/Decision/)).toBeNull();
    expect(screen.queryByLabelText(/Approved amount/)).toBeNull();
    expect(screen.getByText(/No further decision can be made/)).toBeTruthy();
    expect(screen.getByText("$1,400.00")).toBeTruthy();
    await user.type(screen.getByLabelText(/Add an internal note/), "Paid by wire next week.");
    await user.click(screen.getByRole("button", { name: "Save review" }));
    expect(await screen.findByText(/Review saved/)).toBeTruthy();
    expect(await bodies("PATCH /manage/conferences/py/travel-grants/g1")).toEqual([{ note: "Paid by wire next week." }]);
  });
});
