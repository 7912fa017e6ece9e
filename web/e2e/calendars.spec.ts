/**
 * Calendars: Cleo adds an activity to her calendar (.ics), is warned before joining one at an
 * overlapping time (and joins anyway), then subscribes to her activities, copies the private
 * link, and revokes it.
 */
import { ADMIN, api, createConference, expect, screenshot, signIn, test, tokenFor, type User } from "./support";

const CLEO: User = { sub: "e2e-cleo", name: "Cleo Calendar", email: "cleo@example.com", permissions: [] };

test("an attendee adds an activity to her calendar, sees a clash before joining, and subscribes to her activities",
  async ({ page, context }) => {
    const { slug, body } = await createConference("cal");
    const admin = await tokenFor(ADMIN);
    const day = String(body.start_date);
    const create = (name: string, start: string, end: string) =>
      api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, admin, {
        name, activity_type: "tutorial", room: "Room 3", start_time: `${day}T${start}:00Z`, end_time: `${day}T${end}:00Z`,
      });
    const morning = await create("Morning tutorial", "14:00", "17:00");
    const clash = await create("Typing workshop", "16:00", "18:00");

    await signIn(page, CLEO, `/c/${slug}/activities/${morning.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: "Morning tutorial" })).toBeVisible();
    const add = page.getByRole("link", { name: "Add to calendar: Morning tutorial (.ics file)" });
    const file = await page.request.get((await add.getAttribute("href")) ?? "");
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(await file.text()).toContain("BEGIN:VEVENT");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText("You're signed up: confirmed.")).toBeVisible();

    // The other activity overlaps: the warning names the clash, and joining stays possible.
    await page.goto(`/c/${slug}/activities/${clash.slug}`);
    const warning = page.getByRole("note", { name: "Time clash" });
    await expect(warning).toContainText("Morning tutorial (you are confirmed)");
    await screenshot(page, "activity-clash-warning");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText("You're signed up: confirmed.")).toBeVisible();
    await expect(warning).toHaveCount(0);

    // "Subscribe to my activities": the private link, copied, then revoked.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`/c/${slug}/my/activities`);
    await page.getByRole("button", { name: "Subscribe to my activities" }).click();
    const link = page.getByLabel("Your calendar link");
    await expect(link).toHaveValue(/\/calendar\/.+\.ics$/);
    const url = await link.inputValue();
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    expect((await feed.text()).match(/BEGIN:VEVENT/g)).toHaveLength(2);
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    await screenshot(page, "my-activities-calendar");
    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByRole("dialog", { name: "Revoke your calendar link?" }).getByRole("button", { name: "Revoke link" }).click();
    await expect(page.getByText(/The link is revoked/)).toBeVisible();
    expect((await page.request.get(url)).status()).toBe(404);
  });
