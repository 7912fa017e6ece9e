import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { PayoutPanel, type PayoutGrant } from "./PayoutPanel";

const receipt = (id: string, status: string, amount: string, extra: Record<string, unknown> = {}) => ({
  id, status, amount, receipt_type: "airfare", description: `Receipt ${id}`, date: "2026-05-01", filename: `${id}.pdf`,
  flagged_reason: null, ...extra,
});

const grant: PayoutGrant = {
  id: "g1", status: "accepted", approved_amount: "1500.00", has_payment_info: true, ready_for_disbursement: true,
  approved_receipts_total: "320.00", payout_suggestion: "320.00",
  receipts: [
    receipt("r1", "approved", "320.00"),
    receipt("r2", "flagged", "1450.00", { flagged_reason: "The total is not legible." }),
    receipt("r3", "pending", "80.00", { receipt_type: "lodging" }),
    receipt("r4", "replaced", "999.00"),
  ],
};

const DETAILS = { payment_method: "paypal", legal_name: "Ada Lovelace", paypal_email: "ada@example.com" };
const PATH = "/manage/conferences/pycon/travel-grants/g1";

describe("the payer's panel", () => {
  it("lists the flagged and pending receipts beside the approved total and the suggestion", () => {
    renderWithApi(<PayoutPanel slug="pycon" grant={grant} />, {});
    const list = screen.getByRole("list", { name: "Receipts not in the approved total" });
    const items = within(list).getAllByRole("listitem").map((item) => item.textContent);
    expect(items).toEqual([
      "Flagged: Airfare $1,450.00, Receipt r2 (The total is not legible.)",
      "Waiting for review: Lodging $80.00, Receipt r3",
    ]);
    const facts = screen.getByLabelText("What to pay");
    expect(facts.textContent).toContain("Approved receipts$320.00");
    expect(facts.textContent).toContain("Suggested payout$320.00");
  });

  it("asks for a reason above the suggestion and confirms before recording, with the reference", async () => {
    const user = userEvent.setup();
    const { calls } = renderWithApi(<PayoutPanel slug="pycon" grant={grant} />, {
      [`POST ${PATH}/disburse`]: { body: { ...grant, status: "disbursed", disbursed_amount: "400.00" } },
    });
    await user.clear(screen.getByLabelText(/Amount paid/));
    await user.type(screen.getByLabelText(/Amount paid/), "400.00");
    await user.type(screen.getByLabelText("Payment reference"), "WIRE-42");
    await user.click(screen.getByRole("button", { name: "Record disbursement" }));
    expect(await screen.findByText("Say why you pay more than the approved receipts.")).toBeTruthy();
    await user.type(screen.getByLabelText(/Reason to pay more/), "The flagged airfare was checked by phone.");
    await user.click(screen.getByRole("button", { name: "Record disbursement" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Confirm the payment" });
    expect(confirm.textContent).toContain("Record $400.00 as paid?");
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual([]);
    await user.click(within(confirm).getByRole("button", { name: "Confirm payment" }));
    await waitFor(() => expect(calls).toContain(`POST ${PATH}/disburse`));
  });

  it("after payment_details_changed asks to reveal the details again", async () => {
    const user = userEvent.setup();
    renderWithApi(<PayoutPanel slug="pycon" grant={grant} />, {
      [`GET ${PATH}/payment-info`]: { body: DETAILS },
      [`POST ${PATH}/disburse`]: { status: 409, body: { error: { code: "payment_details_changed",
        message: "The payment details changed since you last read them: reveal them again, check them, then record the payment." } } },
    });
    await user.click(screen.getByRole("button", { name: "Reveal payment details" }));
    expect(await screen.findByLabelText("Payment details")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Record disbursement" }));
    await user.click(await screen.findByRole("button", { name: "Confirm payment" }));
    await screen.findByText(/The payment details changed after you revealed them/);
    // The old details are gone; the button to read them again is back.
    expect(screen.queryByLabelText("Payment details")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Reveal payment details" }));
    expect(await screen.findByLabelText("Payment details")).toBeTruthy();
    expect(screen.queryByText(/The payment details changed after you revealed them/)).toBeNull();
  });
});
