import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { GrantStatusPage } from "./GrantStatusPage";

const none = { edit: false, withdraw: false, accept: false, decline: false, request_more: false, provide_info: false, upload_receipts: false, payment_info: false };
const grant = (status: string, actions: Partial<typeof none>) => ({
  id: "g1", status, request_type: "ticket_and_grant", application_type: "general", travel_from: "Porto", international: true,
  first_time: null, days_attending: [], travel_plans_airfare_description: "", travel_plans_airfare_amount: "0.00",
  travel_plans_lodging_description: "", travel_plans_lodging_amount: "0.00", requested_amount: "900.00",
  sharing_expenses: false, traveling_with: "", experience_level: "beginner", occupation: "x", involvement: "x", reason: "x",
  approved_amount: status === "offered" ? "800.00" : null, promo_code: null, travel_plans_total: "0.00",
  created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z",
  messages: [{ id: "m1", author: "reviewer", message: "Please confirm your dates.", created_at: "2026-01-02T00:00:00Z" }],
  actions: { ...none, ...actions },
});

const buttons = () => screen.getAllByRole("button").map((b) => b.textContent);

describe("GrantStatusPage", () => {
  it("shows exactly the actions the API allows", async () => {
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": { body: grant("offered", { accept: true, decline: true, request_more: true }) },
    });
    expect(await screen.findByRole("heading", { name: "Status: You have an offer" })).toBeTruthy();
    expect(buttons()).toEqual(["Accept", "Decline", "Request more", "Send message"]);
    expect(screen.getByText("$800.00")).toBeTruthy();
    expect(screen.getByText("Please confirm your dates.")).toBeTruthy();
  });

  it("has no buttons of its own for a state the API allows nothing in", async () => {
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": { body: grant("submitted", {}) },
    });
    expect(await screen.findByRole("heading", { name: "Status: Submitted: waiting for review" })).toBeTruthy();
    expect(buttons()).toEqual(["Send message"]);
  });

  it("offers to apply when there is no grant, and words a refused action", async () => {
    const first = renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {});
    expect(await screen.findByRole("link", { name: "Apply for a travel grant" })).toBeTruthy();
    first.unmount();
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": { body: grant("submitted", { withdraw: true }) },
      "POST /conferences/py/travel-grant/withdraw": {
        status: 409,
        body: { error: { code: "invalid_state", message: "The application can no longer be withdrawn." } },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Withdraw" }));
    await userEvent.click(screen.getAllByRole("button", { name: "Withdraw" }).at(-1) as HTMLElement);
    expect((await screen.findByRole("alert")).textContent).toBe("The application can no longer be withdrawn.");
  });

  it("shows the deadline of an offer in the conference's timezone", async () => {
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" timeZone="America/New_York" />, {
      "GET /conferences/py/travel-grant": { body: { ...grant("offered", { accept: true }), respond_by: "2026-06-16T03:59:59Z" } },
    });
    expect(await screen.findByText("Respond by Monday, June 15, 2026.")).toBeTruthy();
  });

  it("says an expired offer expired and what to do, and a waitlisted applicant is on the waitlist", async () => {
    const first = renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" timeZone="UTC" />, {
      "GET /conferences/py/travel-grant": { body: { ...grant("expired", {}), respond_by: "2026-06-15T23:59:59Z" } },
    });
    expect(await screen.findByRole("heading", { name: "Status: This offer expired" })).toBeTruthy();
    expect(screen.getByText(/write to the reviewers below/)).toBeTruthy();
    first.unmount();
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": { body: grant("waitlisted", { withdraw: true }) },
    });
    expect(await screen.findByRole("heading", { name: "Status: On the waitlist" })).toBeTruthy();
  });

  it("lets an accepted grantee withdraw with \"I can no longer attend\" after a confirmation", async () => {
    const { calls } = renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": [{ body: grant("accepted", { withdraw: true }) }, { body: grant("withdrawn", {}) }],
      "POST /conferences/py/travel-grant/withdraw": { body: grant("withdrawn", {}) },
    });
    await userEvent.click(await screen.findByRole("button", { name: "I can no longer attend" }));
    expect(screen.getByText(/receipts and payment details stay on record/)).toBeTruthy();
    expect(calls).not.toContain("POST /conferences/py/travel-grant/withdraw");
    await userEvent.click(screen.getByRole("button", { name: "Withdraw my grant" }));
    await screen.findByRole("heading", { name: "Status: Withdrawn" });
    expect(calls).toContain("POST /conferences/py/travel-grant/withdraw");
  });
});
