import { screen, waitFor } from "@testing-library/react";
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

  it("shows the ticket voucher and the shop link once issued", async () => {
    const issued = { ...grant("accepted", {}), promo_code: "TGABC123",
      ticket: { status: "issued", voucher_code: "TGABC123", shop_url: "https://shop.example/py/2027/redeem?voucher=TGABC123", error: null } };
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, { "GET /conferences/py/travel-grant": { body: issued } });
    expect(await screen.findByRole("heading", { name: "Your conference ticket" })).toBeTruthy();
    expect(screen.getAllByText("TGABC123").length).toBeGreaterThan(0);
    const link = screen.getByRole("link", { name: "Get your ticket in the shop" });
    expect(link.getAttribute("href")).toBe("https://shop.example/py/2027/redeem?voucher=TGABC123");
  });

  it("says a failed ticket is being retried, without pretix's words", async () => {
    const failed = { ...grant("accepted", {}), ticket: { status: "failed", voucher_code: null, shop_url: null, error: "pretix answered HTTP 503" } };
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, { "GET /conferences/py/travel-grant": { body: failed } });
    expect(await screen.findByText(/We could not create your ticket voucher yet/)).toBeTruthy();
    expect(screen.queryByText(/HTTP 503/)).toBeNull();
    expect(screen.queryByRole("link", { name: "Get your ticket in the shop" })).toBeNull();
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

  it("after offer_changed shows the new amount and asks again, sending the amount it shows", async () => {
    const user = userEvent.setup();
    const changed = { ...grant("offered", { accept: true, decline: true }), approved_amount: "700.00" };
    const { bodies } = renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" />, {
      "GET /conferences/py/travel-grant": [{ body: grant("offered", { accept: true, decline: true }) }, { body: changed }],
      "POST /conferences/py/travel-grant/accept": [
        { status: 409, body: { error: { code: "offer_changed", message: "The offer changed: it is now $700.00. Read it again before you accept." } } },
        { body: { ...changed, status: "accepted", actions: none } },
      ],
    });
    await user.click(await screen.findByRole("button", { name: "Accept" }));
    expect(await screen.findByRole("dialog", { name: "Accept $800.00?" })).toBeTruthy();
    await user.click(screen.getAllByRole("button", { name: "Accept" }).at(-1) as HTMLElement);
    const again = await screen.findByRole("dialog", { name: "Accept $700.00?" });
    expect((await screen.findByRole("alert")).textContent).toBe("The offer changed while you were deciding: it is now $700.00 (it was $800.00).");
    expect(again).toBeTruthy();
    await user.click(screen.getAllByRole("button", { name: "Accept" }).at(-1) as HTMLElement);
    await screen.findByRole("heading", { name: /Status: / });
    await waitFor(async () => expect(await bodies("POST /conferences/py/travel-grant/accept")).toEqual([
      { approved_amount: "800.00" }, { approved_amount: "700.00" },
    ]));
  });

  it("shows the arrival notice only while the grant is as it was then", async () => {
    const user = userEvent.setup();
    const submitted = grant("submitted", { withdraw: true });
    const withdrawn = { ...grant("withdrawn", {}), updated_at: "2026-01-03T00:00:00Z" };
    renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" notice="Your application is sent." />, {
      "GET /conferences/py/travel-grant": [{ body: submitted }, { body: withdrawn }],
      "POST /conferences/py/travel-grant/withdraw": { body: withdrawn },
    });
    expect(await screen.findByText("Your application is sent.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Withdraw" }));
    await user.click(screen.getAllByRole("button", { name: "Withdraw" }).at(-1) as HTMLElement);
    expect(await screen.findByRole("heading", { name: /Status: Withdrawn/ })).toBeTruthy();
    expect(screen.queryByText("Your application is sent.")).toBeNull();
  });

  it("says the programme is closed, and what happens to an application, without asking the API", async () => {
    const { calls } = renderWithApi(<GrantStatusPage slug="py" maxAmount="3000.00" open={false} />, {
      "GET /conferences/py/travel-grant": { body: grant("submitted", {}) },
    });
    expect(await screen.findByText(/The travel grant programme of this conference is closed/)).toBeTruthy();
    expect(screen.getByText(/If you applied, your application is kept as it is/)).toBeTruthy();
    expect(screen.queryByText(/You have not applied yet/)).toBeNull();
    expect(calls).toEqual([]);
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
