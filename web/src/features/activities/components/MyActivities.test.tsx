import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { MyActivities } from "./MyActivities";

const signup = (slug: string, name: string, status: string, position: number | null) => ({
  id: `s-${slug}`, activity_slug: slug, activity_name: name, status, note: "", created_at: "2026-01-01T00:00:00Z",
  waitlist_position: position,
});

describe("My activities", () => {
  it("lists confirmed and waitlisted signups with the position, and cancels one", async () => {
    const user = userEvent.setup();
    const both = { signups: [signup("sprints", "Sprints", "confirmed", null), signup("tutorial", "Async tutorial", "waitlisted", 3)] };
    const { calls } = renderWithApi(<MyActivities slug="py" />, {
      "GET /conferences/py/my/signups": [{ body: both }, { body: { signups: [both.signups[1]] } }],
      "DELETE /conferences/py/activities/sprints/signup": { status: 204, body: null },
    });
    const list = await screen.findByRole("list", { name: "Your signups" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => item.querySelector("strong")?.textContent)).toEqual([
      "Confirmed: you have a place.", "On the waitlist, position 3.",
    ]);
    await user.click(screen.getByRole("button", { name: "Cancel signup for Sprints" }));
    await user.click(within(screen.getByRole("dialog", { name: "Cancel your signup for Sprints?" })).getByRole("button", { name: "Cancel signup" }));
    expect(await screen.findByText("Your signup for Sprints is cancelled.")).toBeTruthy();
    expect(calls).toContain("DELETE /conferences/py/activities/sprints/signup");
    expect(await screen.findByText("On the waitlist, position 3.")).toBeTruthy();
  });

  it("says so when there is no signup", async () => {
    renderWithApi(<MyActivities slug="py" />, { "GET /conferences/py/my/signups": { body: { signups: [] } } });
    expect(await screen.findByText(/You have not signed up for any activity/)).toBeTruthy();
  });
});
