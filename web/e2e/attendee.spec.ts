/**
 * Attendees: an activity is full, Amy signs up and is waitlisted; Bob (who holds the place)
 * cancels from his own browser, and Amy's page shows "confirmed" without a reload. In English
 * and in Spanish (the browser's language; every word from the app's catalogs), with axe-core on
 * each page and screenshots (es-*.png) to read.
 */
import { BROWSER_LOCALE, LANGUAGES } from "./i18n";
import { ADMIN, api, createConference, expect, screenshot, signIn, test, tokenFor, type User } from "./support";

const AMY: User = { sub: "e2e-amy", name: "Amy Attendee", email: "amy@example.com", permissions: [] };
const BOB: User = { sub: "e2e-bob", name: "Bob Attendee", email: "bob@example.com", permissions: [] };

for (const lang of LANGUAGES) test.describe(lang, () => {
test.use({ lang });

test("a waitlisted attendee sees the promotion when another attendee cancels", async ({ page, browser, problems, t }) => {
  const { slug, body } = await createConference("acts");
  const admin = await tokenFor(ADMIN);
  const day = String(body.start_date);
  const activity = await api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, admin, {
    name: "Tiny packaging workshop",
    activity_type: "workshop",
    max_participants: 1,
    room: "Room 7",
    description: "Build and publish a package, one laptop at a time.",
    start_time: `${day}T18:00:00Z`,
    end_time: `${day}T21:00:00Z`,
  });
  await api("POST", `/manage/conferences/${slug}/activities`, admin, {
    name: "Evening social", activity_type: "social", start_time: `${day}T23:00:00Z`, end_time: `${day}T23:30:00Z`,
  });
  const detailPath = `/c/${slug}/activities/${activity.slug}`;

  // Bob takes the only place, from his own browser.
  const bobContext = await browser.newContext({ locale: BROWSER_LOCALE[lang] });
  const bobPage = await bobContext.newPage();
  problems.watch(bobPage);
  await signIn(bobPage, BOB, detailPath);
  await expect(bobPage.getByRole("heading", { level: 1, name: "Tiny packaging workshop" })).toBeVisible();
  await bobPage.getByRole("button", { name: t("signupPanel.signUp") }).click();
  await expect(bobPage.getByText(t.strong("signupPanel.confirmed"))).toBeVisible();

  // Amy: sign-in page, conference home, the list (filter by type), the full activity.
  await signIn(page, AMY);
  await page.goto(`/c/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "E2E acts conference" })).toBeVisible();
  await screenshot(page, "conference-home");
  await page.getByRole("navigation", { name: t("header.navLabel") }).getByRole("link", { name: t("header.activities"), exact: true }).click();
  const list = page.getByRole("list", { name: t("activities.title") });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel(t("activities.type")).selectOption("workshop");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText(t("activity.places.full"));
  // Times are shown in the conference's timezone, whatever the browser's.
  const local = new Intl.DateTimeFormat(lang, { timeZone: "America/New_York", hour: "numeric", minute: "2-digit" });
  await expect(list).toContainText(local.format(new Date(`${day}T18:00:00Z`)));
  await screenshot(page, "activities");
  await list.getByRole("link", { name: "Tiny packaging workshop" }).click();

  await page.getByLabel(t("signupPanel.note")).fill("Happy to share a table.");
  // Full: the button says what it does; afterwards focus is on the result.
  await expect(page.getByRole("button", { name: t("signupPanel.signUp") })).toHaveCount(0);
  await page.getByRole("button", { name: t("signupPanel.joinWaitlist") }).click();
  await expect(page.getByText(t.strong("signupPanel.waitlistedAt", { position: 1 }))).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: t.strong("signupPanel.waitlistedAt", { position: 1 }) })).toBeFocused();
  await screenshot(page, "activity-waitlisted");

  // Bob cancels (with the confirm step); Amy's page changes by itself (polling while waitlisted).
  await bobPage.getByRole("button", { name: t("signupPanel.cancel") }).click();
  const dialog = bobPage.getByRole("dialog", { name: t("signupPanel.cancelTitle") });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: t("signupPanel.cancel") }).click();
  await expect(bobPage.getByText(t("signupPanel.cancelled"))).toBeVisible();

  await expect(page.getByText(t.strong("signupPanel.confirmed"))).toBeVisible({ timeout: 25_000 });
  await screenshot(page, "activity-confirmed");

  // Bob signs up again after his cancel: the place is Amy's now, so he waits (his page may
  // not know yet that the activity is full again: either label).
  await bobPage.getByRole("button", { name: new RegExp(`^(${t("signupPanel.signUp")}|${t("signupPanel.joinWaitlist")})$`) }).click();
  await expect(bobPage.getByText(t.strong("signupPanel.waitlistedAt", { position: 1 }))).toBeVisible();
  await bobContext.close();

  // The list shows Amy's own signup clearly (from the caller's signups, GET .../my/signups).
  await page.getByRole("link", { name: t("activity.all") }).click();
  await expect(page.getByRole("list", { name: t("activities.title") })).toContainText(t("signupBadge.confirmed"));

  // "My activities": Amy's signups, confirmed here; she cancels from the list.
  await page.getByRole("navigation", { name: t("header.navLabel") }).getByRole("link", { name: t("header.myActivities") }).click();
  await expect(page.getByRole("heading", { level: 1, name: t("myActivities.title") })).toBeVisible();
  const mine = page.getByRole("list", { name: t("myActivities.list") });
  await expect(mine.getByRole("listitem")).toHaveCount(1);
  await expect(mine).toContainText("Tiny packaging workshop");
  await expect(mine).toContainText(t("myActivities.confirmed"));
  await screenshot(page, "my-activities");
  await mine.getByRole("button", { name: t("myActivities.cancelFor", { activity: "Tiny packaging workshop" }) }).click();
  await page.getByRole("dialog", { name: t("myActivities.cancelTitle", { activity: "Tiny packaging workshop" }) }).getByRole("button", { name: t("myActivities.cancel") }).click();
  await expect(page.getByText(t("myActivities.cancelled", { activity: "Tiny packaging workshop" }))).toBeVisible();
  await expect(page.getByText(t("myActivities.none"))).toBeVisible();
});
});
