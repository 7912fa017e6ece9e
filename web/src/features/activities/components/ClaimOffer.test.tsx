import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { activate } from "@/lib/i18n";
import en from "@/lib/i18n/messages/en.json";
import es from "@/lib/i18n/messages/es.json";
import { renderWithApi } from "@/test-utils";

import { ActivityDetailView } from "./ActivityDetailView";
import { ClaimOffer, timeLeftText } from "./ClaimOffer";
import { MyActivities } from "./MyActivities";

const CLAIM = "POST /conferences/py/activities/sprints/signup/claim";
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const confirmed = { id: "s1", status: "confirmed", note: "", created_at: "2026-01-01T00:00:00Z", waitlist_position: null, claim_by: null };

afterEach(() => {
  vi.useRealTimers();
  activate("en", en);
});

describe("timeLeftText", () => {
  it("reads at a glance", () => {
    expect(timeLeftText((2 * 3600 + 5 * 60 + 30) * 1000)).toBe("2 h 05 min");
    expect(timeLeftText((4 * 60 + 9) * 1000)).toBe("4 min 09 s");
    expect(timeLeftText(12_400)).toBe("12 s");
    expect(timeLeftText(-5)).toBe("0 s");
  });
});

describe("ClaimOffer", () => {
  it("shows the deadline with a countdown and claims the place with one button", async () => {
    const user = userEvent.setup();
    const claimed = vi.fn();
    const { calls } = renderWithApi(
      <ClaimOffer slug="py" activitySlug="sprints" claimBy={inMs((2 * 3600 + 5 * 60 + 30) * 1000)} onClaimed={claimed} />,
      { [CLAIM]: { body: confirmed } },
    );
    // The clock time names its timezone (the reader's own), so it cannot be read in another one.
    const zone = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value ?? "";
    expect(screen.getByText(/^A place is yours: claim it by /).textContent).toContain(` ${zone}.`);
    expect(screen.getByTestId("claim-countdown").textContent).toBe("2 h 05 min");
    await user.click(screen.getByRole("button", { name: "Claim my place" }));
    await vi.waitFor(() => expect(claimed).toHaveBeenCalledTimes(1));
    expect(calls.filter((c) => c === CLAIM)).toHaveLength(1);
  });

  it("counts down and turns into the expired state when the deadline passes", async () => {
    vi.useFakeTimers();
    renderWithApi(<ClaimOffer slug="py" activitySlug="sprints" claimBy={inMs(3_000)} />, {});
    expect(screen.getByTestId("claim-countdown").textContent).toBe("3 s");
    await act(async () => {
      vi.advanceTimersByTime(1_000);
      await Promise.resolve();
    });
    expect(screen.getByTestId("claim-countdown").textContent).toBe("2 s");
    await act(async () => {
      vi.advanceTimersByTime(3_000);
      await Promise.resolve();
    });
    expect(screen.queryByRole("button", { name: "Claim my place" })).toBeNull();
    expect(screen.getByText("The time to claim this place has passed")).toBeTruthy();
  });

  it("says in words why a late claim was refused", async () => {
    const user = userEvent.setup();
    renderWithApi(<ClaimOffer slug="py" activitySlug="sprints" claimBy={inMs(60_000)} />, {
      [CLAIM]: { status: 409, body: { error: { code: "claim_expired", message: "The time to claim this place has passed." } } },
    });
    await user.click(screen.getByRole("button", { name: "Claim my place" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The time to claim this place has passed.");
  });

  it("shows on My activities for an offered signup, named by its activity", async () => {
    const offered = {
      id: "s-sprints", activity_slug: "sprints", activity_name: "Sprints", status: "offered", note: "",
      created_at: "2026-01-01T00:00:00Z", waitlist_position: null, claim_by: inMs(3_600_000),
    };
    renderWithApi(<MyActivities slug="py" />, { "GET /conferences/py/my/signups": { body: { signups: [offered] } } });
    expect(await screen.findByRole("button", { name: "Claim my place in Sprints" })).toBeTruthy();
    expect(screen.getByText(/^A place is yours: claim it by /)).toBeTruthy();
  });

  it("shows on the activity page and, once claimed, the page shows the place confirmed", async () => {
    const user = userEvent.setup();
    const base = {
      slug: "sprints", name: "Sprints", activity_type: "sprint", description: "", location: null, room: null,
      start_time: null, end_time: null, max_participants: 1, spots_remaining: 0, signup_count: 1, waitlist_count: 0,
      talk_count: 0, requires_ticket: false, external_url: null, is_active: true, pretalx_submission_type: null,
      organizers: [], speakers: [], talks: [], schedule_by_day: [], claim_hours: 2,
    };
    const offer = { ...confirmed, status: "offered", claim_by: inMs(90 * 60_000) };
    renderWithApi(<ActivityDetailView slug="py" activitySlug="sprints" timeZone="UTC" signedIn apiUrl="http://api" />, {
      "GET /conferences/py/activities/sprints": [{ body: { ...base, my_signup: offer } }, { body: { ...base, my_signup: confirmed } }],
      [CLAIM]: { body: confirmed },
    });
    await user.click(await screen.findByRole("button", { name: "Claim my place" }));
    expect(await screen.findByText(/You're signed up: confirmed/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Claim my place" })).toBeNull();
  });

  it("speaks Spanish with the words the e-mails use", () => {
    activate("es", es);
    renderWithApi(<ClaimOffer slug="py" activitySlug="sprints" claimBy={inMs((4 * 60 + 9) * 1000 + 400)} activityName="Sprints" />, {});
    expect(screen.getByRole("button", { name: "Reclamar mi lugar en Sprints" }).textContent).toBe("Reclamar mi lugar");
    expect(screen.getByText(/^Tienes un lugar: reclámalo a más tardar el /)).toBeTruthy();
    expect(screen.getByTestId("claim-countdown").textContent).toBe("4 min 09 s");
  });
});
