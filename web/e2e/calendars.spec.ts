/**
 * Calendars: Cleo adds an activity to her calendar (.ics), is warned before joining one at an
 * overlapping time (and joins anyway), then subscribes to her activities, copies the private
 * link, and revokes it. In English and in Spanish.
 */
import { LANGUAGES } from "./i18n";
import { ADMIN, api, createConference, expect, screenshot, signIn, test, tokenFor, type User } from "./support";

const CLEO: User = { sub: "e2e-cleo", name: "Cleo Calendar", email: "cleo@example.com", permissions: [] };

for (const lang of LANGUAGES) test.describe(lang, () => {
test.use({ lang });

test("an attendee adds an activity to her calendar, sees a clash before joining, and subscribes to her activities",
  async ({ page, context, t }) => {
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
    const add = page.getByRole("link", { name: t("activity.calendar.addNamed", { name: "Morning tutorial" }) });
    const file = await page.request.get((await add.getAttribute("href")) ?? "");
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(await file.text()).toContain("BEGIN:VEVENT");
    await page.getByRole("button", { name: t("signupPanel.signUp") }).click();
    await expect(page.getByText(t.strong("signupPanel.confirmed"))).toBeVisible();

    // The other activity overlaps: the warning names the clash, and joining stays possible.
    await page.goto(`/c/${slug}/activities/${clash.slug}`);
    const warning = page.getByRole("note", { name: t("overlap.label") });
    await expect(warning).toContainText(t("overlap.item", { name: "Morning tutorial", status: "confirmed" }));
    await screenshot(page, "activity-clash-warning");
    await page.getByRole("button", { name: t("signupPanel.signUp") }).click();
    await expect(page.getByText(t.strong("signupPanel.confirmed"))).toBeVisible();
    await expect(warning).toHaveCount(0);

    // "Subscribe to my activities": the private link, copied, then revoked.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`/c/${slug}/my/activities`);
    await page.getByRole("button", { name: t("calendarFeed.subscribe") }).click();
    const link = page.getByLabel(t("calendarFeed.link"));
    await expect(link).toHaveValue(/\/calendar\/.+\.ics$/);
    const url = await link.inputValue();
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    expect((await feed.text()).match(/BEGIN:VEVENT/g)).toHaveLength(2);
    await page.getByRole("button", { name: t("calendarFeed.copy") }).click();
    await expect(page.getByText(t("calendarFeed.copied"))).toBeVisible();
    await screenshot(page, "my-activities-calendar");
    await page.getByRole("button", { name: t("calendarFeed.revoke") }).click();
    await page.getByRole("dialog", { name: t("calendarFeed.revokeTitle") }).getByRole("button", { name: t("calendarFeed.revoke") }).click();
    await expect(page.getByText(t("calendarFeed.revoked"))).toBeVisible();
    expect((await page.request.get(url)).status()).toBe(404);
  });
});
