/**
 * The demo conference at 375 px (this spec runs in the phone project only; every other journey
 * runs there too): the demo attendee's pages, a custom sign-in from a phone, and the pages that
 * were wider than a phone (receipts, the console's activities and signups, the payer's grant)
 * with long names and notes. Every page fits the width and passes axe-core.
 */
import type { Page } from "@playwright/test";

import {
  ADMIN, acceptedGrant, api, createConference, expect, person, savePaymentDetails, screenshot, signIn, test, tokenFor,
  uploadReceipt,
} from "./support";

async function fitsTheWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
}

test("the demo attendee's pages are usable at 375 px", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Ada Attendee/ })).toBeVisible();
  await screenshot(page, "mobile-sign-in");
  await fitsTheWidth(page);
  await page.getByRole("radio", { name: /Ada Attendee/ }).check();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "PyCon Demo" })).toBeVisible();
  await fitsTheWidth(page);
  // Ada has not given payment details yet: a quiet "none yet" (no 404), the page offers the form.
  for (const [path, heading, name] of [
    ["/c/pycon-demo/activities", "Activities", "mobile-activities"],
    ["/c/pycon-demo/grant", "Your travel grant", "mobile-grant"],
    ["/c/pycon-demo/grant/receipts", "Receipts", "mobile-receipts"],
    ["/c/pycon-demo/grant/payment", "Payment details", "mobile-payment"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await screenshot(page, name);
    await fitsTheWidth(page);
  }
});

test("signing in as a custom user from a phone", async ({ page }) => {
  await signIn(page, { sub: "e2e-phone", name: "Phil Phone", email: "phil@example.com", permissions: [] }, "/c/pycon-demo");
  await expect(page.getByText("Phil Phone")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("receipts, the console's activities and signups, and the payer's grant fit 375 px", async ({ page }) => {
  const { slug } = await createConference("mobile");
  const applicant = person("applicant");
  const grant = await acceptedGrant(slug, applicant, "1450.00");
  const approved = await uploadReceipt(slug, applicant, "pdf", "Round trip flight Lisbon to Pittsburgh, economy");
  await uploadReceipt(slug, applicant, "png", "Hotel near the convention centre, three nights");
  await api("POST", `/manage/conferences/${slug}/receipts/${approved}/approve`, await tokenFor(ADMIN), {});
  await savePaymentDetails(slug, applicant);
  const activity = await api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, await tokenFor(ADMIN), {
    name: "Django Girls workshop for first-time contributors", activity_type: "workshop", max_participants: 1,
    start_time: "2026-05-18T13:00:00Z", end_time: "2026-05-18T21:00:00Z",
  });
  for (const attendee of [person("first"), person("second")]) {
    await api("POST", `/conferences/${slug}/activities/${activity.slug}/signup`, await tokenFor(attendee),
      { note: `A long note from ${attendee.email} about dietary needs and arrival times` });
  }

  const visit = async (path: string, heading: RegExp | string, name: string) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await screenshot(page, name);
    await fitsTheWidth(page);
  };
  await signIn(page, applicant, `/c/${slug}/grant/receipts`);
  await expect(page.getByText("Round trip flight Lisbon to Pittsburgh, economy")).toBeVisible();
  await visit(`/c/${slug}/grant/receipts`, "Receipts", "mobile-receipts-list");
  await signIn(page, { demo: "Olga Organiser" }, `/c/${slug}/manage/activities`);
  await visit(`/c/${slug}/manage/activities`, "Activities", "mobile-console-activities");
  await visit(`/c/${slug}/manage/activities/${activity.slug}`, /^Signups: /, "mobile-console-signups");
  await signIn(page, { demo: "Pat Payer" }, `/c/${slug}/manage/grants/${grant.id}`);
  await visit(`/c/${slug}/manage/grants/${grant.id}`, new RegExp(applicant.name), "mobile-console-payer-grant");
});
