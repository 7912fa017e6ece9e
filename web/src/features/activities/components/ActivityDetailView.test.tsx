import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { ActivityDetailView } from "./ActivityDetailView";

const activity = {
  slug: "sprints", name: "Sprints", activity_type: "sprint", description: "Hack together.", location: "Hall B",
  room: null, start_time: "2026-05-18T13:00:00Z", end_time: "2026-05-19T21:00:00Z", max_participants: 2,
  spots_remaining: 0, signup_count: 2, waitlist_count: 3, talk_count: 3, requires_ticket: true, external_url: null,
  is_active: true, pretalx_submission_type: "Sprint", organizers: [], speakers: ["Ada", "Grace"],
  talks: [
    { code: "B", title: "Second day talk", submission_type: "Sprint", speakers: ["Grace"], room: "R2", start: "2026-05-19T14:00:00Z", end: "2026-05-19T15:00:00Z" },
    { code: "A", title: "Kick-off", submission_type: "Sprint", speakers: ["Ada"], room: "R1", start: "2026-05-18T13:30:00Z", end: "2026-05-18T14:00:00Z" },
    { code: "C", title: "Wrap-up", submission_type: "Sprint", speakers: ["Ada", "Grace"], room: "R1", start: "2026-05-19T20:00:00Z", end: null },
  ],
  schedule_by_day: [{ date: "2026-05-18", talks: ["A"] }, { date: "2026-05-19", talks: ["B", "C"] }],
  my_signup: { id: "s1", status: "waitlisted", note: "", created_at: "2026-01-01T00:00:00Z", waitlist_position: 2 },
};

describe("ActivityDetailView", () => {
  it("groups the talks by day, in the conference's timezone, and shows the waitlist position", async () => {
    renderWithApi(<ActivityDetailView slug="py" activitySlug="sprints" timeZone="America/New_York" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/sprints": { body: activity },
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Sprints" })).toBeTruthy();
    const first = screen.getByRole("region", { name: "Monday, May 18, 2026" });
    expect(within(first).getByText("Kick-off")).toBeTruthy();
    expect(within(first).getByText(/9:30 AM–10:00 AM/)).toBeTruthy(); // 13:30Z in New York (EDT)
    const second = screen.getByRole("region", { name: "Tuesday, May 19, 2026" });
    expect(within(second).getAllByRole("listitem").map((li) => li.querySelector("strong")?.textContent)).toEqual([
      "Second day talk",
      "Wrap-up",
    ]);
    expect(screen.getByText(/You're on the waitlist, position 2/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cancel signup" })).toBeTruthy();
    expect(screen.getByText("Full: waitlist (3 waiting)")).toBeTruthy();
  });

  it("offers sign-up to a signed-in caller with no signup", async () => {
    renderWithApi(<ActivityDetailView slug="py" activitySlug="sprints" timeZone="UTC" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/sprints": { body: { ...activity, my_signup: null } },
    });
    expect(await screen.findByRole("button", { name: "Join the waitlist" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Sign up" })).toBeNull();
    expect(screen.getByText(/This activity is full: joining the waitlist saves your turn to attend/)).toBeTruthy();
  });

  it("says that signing up means attending, and moves focus to the result of Sign up and Cancel signup", async () => {
    const user = userEvent.setup();
    const open = { ...activity, spots_remaining: 5, my_signup: null };
    const confirmed = { ...open, my_signup: { id: "s1", status: "confirmed", note: "", created_at: "2026-01-01T00:00:00Z", waitlist_position: null } };
    renderWithApi(<ActivityDetailView slug="py" activitySlug="sprints" timeZone="UTC" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/sprints": [{ body: open }, { body: confirmed }, { body: open }],
      "POST /conferences/py/activities/sprints/signup": { status: 201, body: confirmed.my_signup },
      "DELETE /conferences/py/activities/sprints/signup": { status: 204, body: null },
    });
    const button = await screen.findByRole("button", { name: "Sign up" });
    expect(button.getAttribute("aria-describedby")).toBe("signup-meaning");
    expect(screen.getByText("Signing up saves you a place to attend this activity (it is not a way to give a talk).")).toBeTruthy();
    await user.click(button);
    await screen.findByText(/You're signed up: confirmed/);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("status")));
    await user.click(screen.getByRole("button", { name: "Cancel signup" }));
    await user.click(screen.getAllByRole("button", { name: "Cancel signup" }).at(-1) as HTMLElement);
    await screen.findByText("Your signup is cancelled. You can sign up again.");
    await waitFor(() => expect(document.activeElement?.textContent).toContain("Your signup is cancelled."));
  });
});
