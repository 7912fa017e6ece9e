/**
 * A freed place to claim: the activity holds a place for the first person waiting for two
 * hours. Dan (who had the place) cancels; Amy sees "A place is yours: claim it by …" with a
 * countdown and one button, in "My activities" and on the activity, and claims it. In English
 * and in Spanish, with axe-core on each page.
 *
 * (The offer running out is the API tests' and the schedule's: a run of the expiry here would
 * touch the other journeys' offers, since every conference shares the one stack.)
 */
import { escape, LANGUAGES } from "./i18n";
import { ADMIN, api, createConference, expect, person, screenshot, signIn, test, tokenFor } from "./support";

type Signup = { activity_slug: string; status: string; claim_by: string | null };

for (const lang of LANGUAGES) test.describe(lang, () => {
test.use({ lang });

test("a waitlisted attendee is offered a freed place and claims it before the deadline", async ({ page, t }) => {
  const { slug, body } = await createConference("claim");
  const day = String(body.start_date);
  const name = "Sprint dinner";
  const activity = await api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, await tokenFor(ADMIN), {
    name, activity_type: "social", max_participants: 1, claim_hours: 2, room: "Terrace",
    start_time: `${day}T22:00:00Z`, end_time: `${day}T23:59:00Z`,
  });
  const holder = person("holder");
  const amy = person("amy");
  const signupPath = `/conferences/${slug}/activities/${activity.slug}/signup`;
  await api("POST", signupPath, await tokenFor(holder), {});
  const amyToken = await tokenFor(amy);
  expect((await api<Signup>("POST", signupPath, amyToken, {})).status).toBe("waitlisted");

  // The holder cancels: the place is offered to Amy (not given), with a deadline.
  await api("DELETE", signupPath, await tokenFor(holder));
  await expect.poll(async () => {
    const mine = await api<{ signups: Signup[] }>("GET", `/conferences/${slug}/my/signups`, amyToken);
    return mine.signups[0]?.status;
  }).toBe("offered");

  // "My activities": the offer, its deadline, the time left, and one button naming the activity.
  await signIn(page, amy, `/c/${slug}/my/activities`);
  await expect(page.getByRole("heading", { level: 1, name: t("myActivities.title") })).toBeVisible();
  const lead = t.strong("claim.offer", { deadline: "\u0000" }).split("\u0000")[0] ?? "";
  await expect(page.getByText(new RegExp(`^${escape(lead)}`)).first()).toBeVisible();
  const countdown = page.getByTestId("claim-countdown");
  // Two hours held: "1 h 59 min" (words and units from the catalog).
  const hours = escape(t("claim.timeLeft.hours", { hours: "\u0001", minutes: "\u0002" }))
    .replace("\u0001", "1").replace("\u0002", "\\d\\d");
  await expect(countdown).toHaveText(new RegExp(`^${hours}$`));
  await expect(page.getByRole("button", { name: t("claim.buttonIn", { activity: name }) })).toBeVisible();
  await screenshot(page, "my-activities-claim");

  // The activity's page says the same; Amy claims her place there.
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(new RegExp(`^${escape(lead)}`)).first()).toBeVisible();
  await expect(page.getByTestId("claim-countdown")).toHaveText(new RegExp(`^${hours}$`));
  await screenshot(page, "activity-claim");
  await page.getByRole("button", { name: t("claim.button"), exact: true }).click();
  await expect(page.getByText(t.strong("signupPanel.confirmed"))).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: t.strong("signupPanel.confirmed") })).toBeFocused();
  await expect(page.getByRole("button", { name: t("claim.button"), exact: true })).toHaveCount(0);
  await screenshot(page, "activity-claimed");
});
});
