import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import type { ManagedActivity } from "../api/activities";

import { ActivityForm } from "./ActivityForm";

const activity: ManagedActivity = {
  slug: "sprint", name: "Sprint", activity_type: "sprint", description: "", location: null, room: null,
  start_time: null, end_time: null, max_participants: null, spots_remaining: null, signup_count: 0, waitlist_count: 0,
  talk_count: 0, requires_ticket: false, external_url: null, is_active: true, pretalx_submission_type: null,
  organizers: ["old-sub"], claim_hours: null,
};
const people = [
  { sub: "sub-jose", name: "José Núñez", email: "jn@example.org" },
  { sub: "sub-josefa", name: "Josefa Ruiz", email: "josefa@example.org" },
];
const PEOPLE = "GET /manage/conferences/py/people";
const PATCH = "PATCH /manage/conferences/py/activities/sprint";

describe("the organiser picker", () => {
  it("searches after 2 characters, picks by name with the keyboard or mouse, removes chips and sends subs", async () => {
    const user = userEvent.setup();
    const view = renderWithApi(<ActivityForm slug="py" timeZone="UTC" activity={activity} onSaved={() => undefined} />, {
      [PEOPLE]: { body: { people } },
      [PATCH]: { body: { ...activity, organizers: ["old-sub", "sub-josefa"] } },
    });
    const chosen = screen.getByRole("list", { name: "Chosen organisers" });
    expect(within(chosen).getByText("old-sub")).toBeTruthy(); // a name never seen shows its id
    const box = screen.getByRole("combobox", { name: "Organisers" });

    await user.type(box, "j");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(view.calls).not.toContain(PEOPLE);
    expect(box.getAttribute("aria-expanded")).toBe("false");

    await user.type(box, "o");
    const list = await screen.findByRole("listbox", { name: "People found" });
    expect(box.getAttribute("aria-expanded")).toBe("true");
    const options = within(list).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["José Núñezjn@example.org", "Josefa Ruizjosefa@example.org"]);
    expect(screen.getByRole("status").textContent).toBe("2 people found.");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[1]?.id);
    await user.keyboard("{Enter}"); // picks, does not submit
    expect(view.calls).not.toContain(PATCH);
    expect(within(chosen).getByText("Josefa Ruiz")).toBeTruthy();
    expect((box as HTMLInputElement).value).toBe("");

    await user.type(box, "jo");
    const again = await screen.findByRole("listbox", { name: "People found" });
    expect(within(again).getAllByRole("option").map((o) => o.textContent)).toEqual(["José Núñezjn@example.org"]);
    await user.click(within(again).getByRole("option"));
    expect(within(chosen).getByText("José Núñez")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Remove José Núñez" }));
    expect(within(chosen).queryByText("José Núñez")).toBeNull();

    await user.click(screen.getByRole("button", { name: /save/i }));
    await waitFor(() => expect(view.calls).toContain(PATCH));
    const [body] = await view.bodies(PATCH);
    expect((body as { organizers: string[] }).organizers).toEqual(["old-sub", "sub-josefa"]);
  });

  it("says when no one is chosen and when the search fails", async () => {
    const user = userEvent.setup();
    renderWithApi(<ActivityForm slug="py" timeZone="UTC" onSaved={() => undefined} />, {
      [PEOPLE]: { status: 500, body: { error: { code: "internal", message: "Boom." } } },
    });
    expect(screen.getByText("No organisers yet.")).toBeTruthy();
    await user.type(screen.getByRole("combobox", { name: "Organisers" }), "ad");
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("The search failed. Try again."));
  });
});
