import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithApi } from "@/test-utils";

import { clashingSignups } from "../api/calendars";
import { ActivityDetailView } from "./ActivityDetailView";
import { CalendarSubscription } from "./CalendarSubscription";

const base = {
  slug: "tutorial", name: "Async tutorial", activity_type: "tutorial", description: "", location: null, room: null,
  start_time: "2026-05-14T09:00:00Z", end_time: "2026-05-14T12:00:00Z", max_participants: 20, spots_remaining: 5,
  signup_count: 15, waitlist_count: 0, talk_count: 0, requires_ticket: false, external_url: null, is_active: true,
  pretalx_submission_type: null, organizers: [],
};
const detail = { ...base, speakers: [], talks: [], schedule_by_day: [], my_signup: null };
const at = (start: string, end: string) => ({ start_time: `2026-05-14T${start}:00Z`, end_time: `2026-05-14T${end}:00Z` });
const mine = (slug: string, name: string, status: "confirmed" | "waitlisted") => ({
  id: `s-${slug}`, activity_slug: slug, activity_name: name, status, note: "", created_at: "2026-01-01T00:00:00Z",
  waitlist_position: status === "waitlisted" ? 1 : null,
});
const list = [
  base,
  { ...base, slug: "sprint", name: "Sprint", ...at("11:00", "13:00") },
  { ...base, slug: "lunch", name: "Lunch talk", ...at("12:00", "13:00") },
  { ...base, slug: "summit", name: "Summit", ...at("08:00", "09:30") },
  { ...base, slug: "social", name: "Social", start_time: null, end_time: null },
];

describe("clashes", () => {
  it("are half-open overlaps with confirmed or waitlisted signups, never with unscheduled activities", () => {
    const signups = [mine("sprint", "Sprint", "confirmed"), mine("lunch", "Lunch talk", "confirmed"),
      mine("summit", "Summit", "waitlisted"), mine("social", "Social", "confirmed"), mine("tutorial", "Async tutorial", "confirmed")];
    expect(clashingSignups(base, list, signups).map((s) => s.activity_slug)).toEqual(["sprint", "summit"]);
    expect(clashingSignups({ ...base, start_time: null }, list, signups)).toEqual([]);
  });
});

describe("ActivityDetailView calendars", () => {
  it("links the activity's .ics and warns before joining an activity that clashes, still letting you join", async () => {
    renderWithApi(<ActivityDetailView slug="py" activitySlug="tutorial" timeZone="UTC" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/tutorial": { body: detail },
      "GET /conferences/py/activities": { body: { activities: list } },
      "GET /conferences/py/my/signups": { body: { signups: [mine("sprint", "Sprint", "confirmed"), mine("summit", "Summit", "waitlisted")] } },
    });
    const link = await screen.findByRole("link", { name: "Add to calendar: Async tutorial (.ics file)" });
    expect(link.getAttribute("href")).toBe("http://api/conferences/py/activities/tutorial/calendar.ics");
    const warning = await screen.findByRole("note", { name: "Time clash" });
    expect(within(warning).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Sprint (you are confirmed)", "Summit (you are on the waitlist)",
    ]);
    expect(screen.getByRole("button", { name: "Sign up" })).toBeTruthy();
  });

  it("shows no link nor warning for an activity without a time, and no warning once signed up", async () => {
    renderWithApi(<ActivityDetailView slug="py" activitySlug="tutorial" timeZone="UTC" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/tutorial": { body: { ...detail, start_time: null, end_time: null } },
      "GET /conferences/py/activities": { body: { activities: list } },
      "GET /conferences/py/my/signups": { body: { signups: [mine("sprint", "Sprint", "confirmed")] } },
    });
    expect(await screen.findByRole("button", { name: "Sign up" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Add to calendar/ })).toBeNull();
    expect(screen.queryByRole("note", { name: "Time clash" })).toBeNull();
  });
});

describe("CalendarSubscription", () => {
  it("gets the feed URL on demand, copies it, and revokes it after a confirmation", async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const url = "http://api/conferences/py/calendar/secret.ics";
    const { calls } = renderWithApi(<CalendarSubscription slug="py" />, {
      "GET /conferences/py/my/calendar": { body: { url } },
      "DELETE /conferences/py/my/calendar": { status: 204, body: null },
    });
    expect(calls).not.toContain("GET /conferences/py/my/calendar"); // nothing is made until asked
    await user.click(screen.getByRole("button", { name: "Subscribe to my activities" }));
    const field = await screen.findByLabelText<HTMLInputElement>("Your calendar link");
    expect(field.value).toBe(url);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(await screen.findByText("Link copied.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Revoke link" }));
    await user.click(within(screen.getByRole("dialog", { name: "Revoke your calendar link?" })).getByRole("button", { name: "Revoke link" }));
    expect(await screen.findByText(/The link is revoked/)).toBeTruthy();
    await waitFor(() => expect(calls).toContain("DELETE /conferences/py/my/calendar"));
    expect(screen.getByRole("button", { name: "Subscribe to my activities" })).toBeTruthy();
  });
});
