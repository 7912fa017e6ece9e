/**
 * The console's journeys, from the sign-in page, against the real local stack and
 * the fake Pretalx server. Each journey sets up its own conference through the API (so they
 * never see each other's grants or receipts), then does its work in the browser like a person:
 * by roles and visible labels. Screenshots (checked with axe-core first) are console-*.png.
 */
import { readFileSync } from "node:fs";

import {
  ADMIN, PRETALX, acceptedGrant, api, apply, atPhoneWidth, createConference, expect, expectAccessible, person, savePaymentDetails,
  screenshot, signIn, test, tokenFor, uploadReceipt,
} from "./support";

// A fixed calendar (May 2026, no sections yet, a $20,000 budget): the journeys check activity
// times, the budget and the first section added against it.
const MAY_2026 = { start_date: "2026-05-13", end_date: "2026-05-19", sections: [], grant_budget: "20000.00" };

async function newConference(): Promise<string> {
  return (await createConference("console", MAY_2026)).slug;
}

type ReviewerGrant = {
  status: string; approved_amount: string | null; promo_code: string | null; reviewer_notes: string | null;
  messages: { message: string; visible: boolean; author_name: string | null }[];
};

test("a reviewer filters, opens a grant, writes an internal note and a visible message, and offers an amount", async ({ page }) => {
  const slug = await newConference();
  const applicant = person("applicant");
  const other = person("rejected");
  await apply(slug, applicant, "1200.00");
  const rejected = await apply(slug, other, "500.00");
  await api("PATCH", `/manage/conferences/${slug}/travel-grants/${rejected.id}`, await tokenFor(ADMIN), { status: "rejected" });

  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/grants`);
  await expect(page.getByRole("heading", { name: "Travel grants", level: 1 })).toBeVisible();
  const filters = page.getByRole("navigation", { name: "Filter by status" });
  await expect(filters.getByRole("button", { name: "All 2" })).toBeVisible();
  await expect(filters.getByRole("button", { name: "Submitted 1" })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Applications by status \(2 in all\)/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Budget: \$20,000\.00/ })).toBeVisible();
  await screenshot(page, "console-grants");

  // 375 px: the list and its charts fit the width (tables scroll inside their own box).
  await atPhoneWidth(page, async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, "console-grants-375px");
  });

  await filters.getByRole("button", { name: /^Rejected/ }).click();
  await expect(page.getByRole("link", { name: other.name })).toBeVisible();
  await expect(page.getByRole("link", { name: applicant.name })).toHaveCount(0);
  await filters.getByRole("button", { name: /^Submitted/ }).click();
  await expect(page).toHaveURL(/status=submitted/);
  await page.getByRole("link", { name: applicant.name }).click();

  await expect(page.getByRole("heading", { name: `Grant of ${applicant.name}` })).toBeVisible();
  await expect(page.getByText("Lisbon, Portugal")).toBeVisible();
  await expect(page.getByText("Not visible to the applicant: saved as an internal note for reviewers.")).toBeVisible();
  await page.getByRole("textbox", { name: /^Message/ }).fill("Internal: check the airfare quote.");
  await page.getByRole("button", { name: "Send message" }).click();
  const thread = page.getByRole("list", { name: "Messages" });
  await expect(thread.getByRole("listitem").filter({ hasText: "Internal: check the airfare quote." })).toContainText("Internal note: reviewers only");

  await page.getByRole("textbox", { name: /^Message/ }).fill("Could you send us the flight quote?");
  await page.getByLabel("Visible to applicant").check();
  await expect(page.getByText("The applicant will see this message.")).toBeVisible();
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(thread.getByRole("listitem").filter({ hasText: "Could you send us the flight quote?" })).toContainText("Visible to applicant");

  const decision = page.getByLabel("Decision");
  await expect(decision.getByRole("option")).toHaveText([
    "Keep the status (Submitted)", "Ask the applicant for information", "Offer a grant", "Reject", "Put on the waitlist",
  ]);
  await decision.selectOption({ label: "Offer a grant" });
  await page.getByLabel("Approved amount (USD)").fill("1000");
  await page.getByLabel("Promo code").fill("GRANT-E2E");
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByText("Review saved: Offered.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText("Reviewed");
  await screenshot(page, "console-grant");

  const seen = await api<{ status: string; approved_amount: string; promo_code: string; messages: { message: string }[] }>(
    "GET", `/conferences/${slug}/travel-grant`, await tokenFor(applicant),
  );
  expect([seen.status, seen.approved_amount, seen.promo_code]).toEqual(["offered", "1000.00", "GRANT-E2E"]);
  const texts = seen.messages.map((m) => m.message);
  expect(texts).toContain("Could you send us the flight quote?");
  expect(texts).not.toContain("Internal: check the airfare quote.");

  // The demo conference's queue (several states, seeded by `make run`): the README's picture.
  await page.goto("/c/pycon-demo/manage/grants");
  await expect(page.getByRole("figure", { name: /Applications by status/ })).toBeVisible();
  await screenshot(page, "console-grants-demo");
});

test("a second reviewer's stale save is refused (412), shows the new values and re-applies", async ({ page, browser, problems }) => {
  const slug = await newConference();
  const grant = await apply(slug, person("applicant"));
  const second = person("reviewer", ["review_travel_grant"]);

  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/grants/${grant.id}`);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  problems.watch(other);
  await signIn(other, second, `/c/${slug}/manage/grants/${grant.id}`);
  await expect(other.getByRole("button", { name: "Save review" })).toBeVisible();

  // Both opened the same version; the second reviewer starts typing first, saves last.
  await other.getByLabel("Promo code").fill("SPEAKER-10");
  await other.getByLabel("Add an internal note").fill("Check the airfare quote.");
  await page.getByLabel("Add an internal note").fill("Strong application: runs a user group.");
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByText("Review saved")).toBeVisible();

  problems.allow(/HTTP 412: PATCH .*\/travel-grants\//);
  await other.getByRole("button", { name: "Save review" }).click();
  await expect(other.getByRole("heading", { name: "Someone else changed this grant" })).toBeVisible();
  const conflict = other.getByRole("region", { name: "Someone else changed this grant" });
  await expect(conflict.getByRole("definition").filter({ hasText: "SPEAKER-10" })).toBeVisible();
  await expect(conflict.getByRole("definition").filter({ hasText: "Check the airfare quote." })).toBeVisible();
  await screenshot(other, "console-review-conflict");
  await other.getByRole("button", { name: "Re-apply my changes" }).click();
  await expect(other.getByText("Review saved")).toBeVisible();

  const saved = await api<ReviewerGrant>("GET", `/manage/conferences/${slug}/travel-grants/${grant.id}`, await tokenFor(ADMIN));
  // Notes are entries, each signed: the re-applied save added the second one, it replaced nothing.
  expect(saved.promo_code).toBe("SPEAKER-10");
  expect(saved.messages.filter((m) => !m.visible).map((m) => [m.message, m.author_name])).toEqual([
    ["Strong application: runs a user group.", "Rita Reviewer"],
    ["Check the airfare quote.", second.name],
  ]);
  await otherContext.close();

  // A read-only viewer reads the grant but gets no form.
  const viewer = person("viewer", ["view_travel_grant"]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, viewer, `/c/${slug}/manage/grants/${grant.id}`);
  await expect(page.getByRole("heading", { name: /^Grant of/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save review" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send message" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link")).toHaveText(["Grants", "Ranking", "Report"]);
});

test("a receipt reviewer approves one receipt and flags another from the queue", async ({ page }) => {
  const slug = await newConference();
  const applicant = person("applicant");
  await acceptedGrant(slug, applicant);
  await uploadReceipt(slug, applicant, "pdf", "Flight to the conference");
  await uploadReceipt(slug, applicant, "png", "Hotel, three nights");

  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/receipts`);
  await expectAccessible(page);
  let previous = "";
  for (let round = 0; round < 2; round += 1) {
    await page.getByRole("button", { name: "Next receipt" }).first().click();
    const title = page.getByRole("heading", { level: 1, name: /^Receipt: / });
    await expect(title).toBeVisible();
    await expect(title).not.toHaveText(previous); // the next receipt's page, not the last one's
    previous = (await title.textContent()) ?? "";
    if (previous.includes("Flight")) {
      await expect(page.locator('iframe[title="Receipt file ticket.pdf"]')).toHaveAttribute("src", /^blob:/);
      await screenshot(page, "console-receipt");
      // On a phone the button is far below the file: bring it into view first, as a person
      // scrolls before tapping (the PDF viewer's frame still settles while the page scrolls).
      const approve = page.getByRole("button", { name: "Approve" });
      await approve.scrollIntoViewIfNeeded();
      await approve.click();
      await expect(page.getByText(/^Approved/)).toBeVisible();
    } else {
      await expect(page.getByRole("img", { name: /Receipt file hotel\.png/ })).toBeVisible();
      await page.getByRole("button", { name: "Flag" }).click();
      await expect(page.getByText("Say why the receipt is flagged.")).toBeVisible();
      await page.getByLabel("Reason for flagging").fill("The dates do not match the conference.");
      await page.getByRole("button", { name: "Flag" }).click();
      await expect(page.getByText("Flagged: The dates do not match the conference.")).toBeVisible();
    }
  }
  await page.getByRole("button", { name: "Next receipt" }).click();
  await expect(page.getByText("No receipts are waiting for review.")).toBeVisible();

  const mine = await api<{ receipts: { description: string; status: string; flagged_reason: string | null }[] }>(
    "GET", `/conferences/${slug}/travel-grant/receipts`, await tokenFor(applicant),
  );
  const byDescription = Object.fromEntries(mine.receipts.map((r) => [r.description, [r.status, r.flagged_reason]]));
  expect(byDescription).toEqual({
    "Flight to the conference": ["approved", null],
    "Hotel, three nights": ["flagged", "The dates do not match the conference."],
  });
});

test("a payer reveals payment details (recorded in the audit trail) and records the disbursement", async ({ page }) => {
  const slug = await newConference();
  const applicant = person("applicant");
  const grant = await acceptedGrant(slug, applicant, "900.00");
  const receipt = await uploadReceipt(slug, applicant, "pdf", "Flight");
  await api("POST", `/manage/conferences/${slug}/receipts/${receipt}/approve`, await tokenFor(ADMIN), {});
  await savePaymentDetails(slug, applicant);

  await signIn(page, { demo: "Pat Payer" }, `/c/${slug}/manage/payouts`);
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  await screenshot(page, "console-payouts");
  await page.getByRole("link", { name: applicant.name }).click();
  await expect(page.getByText("Revealing the payment details is recorded in the grant's audit trail")).toBeVisible();
  await expect(page.getByText("You see this grant to pay it")).toBeVisible();
  await expect(page.getByText("payee@example.com")).toHaveCount(0);
  await page.getByRole("button", { name: "Reveal payment details" }).click();
  await expect(page.getByText("payee@example.com")).toBeVisible();
  const audit = page.getByRole("list", { name: "Audit trail" });
  await expect(audit.getByRole("listitem").filter({ hasText: "Read the payment details" })).toContainText("by Pat Payer");

  // The approved receipt is $120.00: paying the approved $900.00 needs a reason, then a confirmation.
  await expect(page.getByLabel("Amount paid (USD)")).toHaveValue("120.00");
  await page.getByLabel("Amount paid (USD)").fill("900");
  await page.getByLabel("Payment reference").fill("WIRE-0042");
  await page.getByLabel("Reason to pay more than the suggestion").fill("The hotel receipt arrived by post.");
  await page.getByRole("button", { name: "Record disbursement" }).click();
  await page.getByRole("alertdialog", { name: "Confirm the payment" }).getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Disbursed $900.00" })).toBeVisible();
  // The payer keeps reading the grant they paid: the refetched trail shows their entry, and a reload still works.
  await expect(audit.getByRole("listitem").filter({ hasText: "Recorded the disbursement" })).toContainText("by Pat Payer");
  await screenshot(page, "console-payout");
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Disbursed $900.00" })).toBeVisible();
  const saved = await api<{ status: string; disbursed_amount: string }>("GET", `/manage/conferences/${slug}/travel-grants/${grant.id}`, await tokenFor(ADMIN));
  expect([saved.status, saved.disbursed_amount]).toEqual(["disbursed", "900.00"]);
});

test("an organiser creates an activity, exports the signups as CSV and promotes a waitlisted attendee", async ({ page }) => {
  const slug = await newConference();
  const activity = await api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, await tokenFor(ADMIN), {
    name: "Sprint room", activity_type: "sprint", max_participants: 1, start_time: "2026-05-18T13:00:00Z", end_time: "2026-05-18T21:00:00Z",
  });
  const attendees = [person("first"), person("second"), person("third")];
  for (const attendee of attendees) {
    await api("POST", `/conferences/${slug}/activities/${activity.slug}/signup`, await tokenFor(attendee), { note: `Hi from ${attendee.name}` });
  }

  await signIn(page, { demo: "Olga Organiser" }, `/c/${slug}/manage/activities`);
  const row = page.getByRole("table", { name: "Activities" }).getByRole("row").filter({ hasText: "Sprint room" });
  await expect(row).toContainText("Mon, May 18, 9:00 AM – 5:00 PM EDT");
  await expect(row.getByRole("cell")).toContainText(["1", "1", "2"]);
  await expect(page.getByRole("figure", { name: /Confirmed and waitlisted signups per activity/ })).toBeVisible();
  await screenshot(page, "console-activities");

  // Create one: times typed in the conference's timezone (America/New_York).
  await page.getByRole("link", { name: "New activity" }).click();
  await page.getByRole("textbox", { name: /^Name/ }).fill("Lightning talks");
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Lightning talks" });
  await page.getByLabel("Starts").fill("2026-05-16T17:00");
  await page.getByLabel("Ends").fill("2026-05-16T18:00");
  await page.getByLabel("Capacity").fill("40");
  await page.getByLabel("Pretalx submission type").fill("Lightning Talk");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create activity" }).click();
  await expect(page.getByRole("heading", { name: "Signups: Lightning talks" })).toBeVisible();
  const all = await api<{ activities: { name: string; start_time: string; max_participants: number; pretalx_submission_type: string }[] }>(
    "GET", `/manage/conferences/${slug}/activities`, await tokenFor(ADMIN),
  );
  expect(all.activities.find((a) => a.name === "Lightning talks")).toMatchObject({
    start_time: "2026-05-16T21:00:00Z", max_participants: 40, pretalx_submission_type: "Lightning Talk",
  });
  await page.getByRole("link", { name: "Edit the activity" }).click();
  await expect(page.getByLabel("Starts")).toHaveValue("2026-05-16T17:00");
  await page.getByLabel("Capacity").fill("45");
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByRole("heading", { name: "Signups: Lightning talks" })).toBeVisible();
  await expect(page.getByText(/capacity 45/)).toBeVisible();

  await page.getByRole("link", { name: "All activities" }).click();
  await page.getByRole("link", { name: "Sprint room", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Signups: Sprint room" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await download).path()), "utf8");
  expect(csv.replace(/^\uFEFF/, "").split(/\r?\n/)[0]).toBe("Username,Full Name,Email,Status,Note,Signed Up,Waitlist Position");
  for (const attendee of attendees) expect(csv).toContain(attendee.email);

  await page.getByLabel("Show").selectOption({ label: "Waitlisted" });
  await expect(page.getByRole("table", { name: "Signups" }).getByRole("row")).toHaveCount(3);
  // Each waitlisted row says its place in the queue (1, 2…), as the CSV does.
  await expect(page.getByRole("columnheader", { name: "Place on the waitlist" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: attendees[1]?.email ?? "" }).getByRole("cell").nth(3)).toHaveText("1");
  await page.getByRole("button", { name: `Promote ${attendees[1]?.name ?? ""}` }).click();
  const dialog = page.getByRole("dialog", { name: "This activity is full" });
  await expect(dialog).toContainText("overbooks the activity");
  await dialog.getByRole("button", { name: "Promote anyway" }).click();
  await expect(page.getByText(`${attendees[1]?.name ?? ""} is now confirmed. The activity is now overbooked.`)).toBeVisible();
  await screenshot(page, "console-signups");
  const signups = await api<{ stats: { confirmed: number; waitlisted: number } }>(
    "GET", `/manage/conferences/${slug}/activities/${activity.slug}/signups`, await tokenFor(ADMIN),
  );
  expect(signups.stats).toMatchObject({ confirmed: 2, waitlisted: 1 });
});

test("an admin edits the conference and runs Sync now against Pretalx", async ({ page, problems }) => {
  const slug = await newConference();
  const pretalx = PRETALX();
  await signIn(page, { demo: "Alan Admin" }, `/c/${slug}/manage/settings`);
  await expect(page.getByRole("heading", { name: "Conference settings" })).toBeVisible();
  await expect(page.getByLabel("Timezone")).toHaveValue("America/New_York");

  // Before Pretalx is configured the sync says so in words.
  problems.allow(/HTTP 409: POST .*\/pretalx\/sync/);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The sync failed." })).toContainText(/Pretalx/);

  await page.getByRole("textbox", { name: /^Name/ }).fill("Console Conf, renamed");
  await page.getByRole("button", { name: "Add a section" }).click();
  await page.getByLabel("Section 1 name").fill("Sprints");
  await page.getByLabel("Section 1 first day").fill("2026-05-18");
  await page.getByLabel("Budget").fill("30000");
  await page.getByLabel("Over-commitment (%)").fill("10");
  await page.getByLabel("Days to answer an offer").fill("10");
  await page.getByLabel("Reminder (days before the deadline)").fill("2");
  await page.getByLabel(/Offer waitlisted grants automatically/).check();
  await page.getByLabel("Pretalx address").fill(pretalx.base_url);
  await page.getByLabel("Pretalx event").fill(pretalx.event_slug);
  await page.getByLabel("Pretalx API token").fill(pretalx.api_token);
  await page.getByRole("button", { name: "Save conference" }).click();
  await expect(page.getByText("Conference saved.")).toBeVisible();
  await expect(page.getByText("A token is set (it is never shown).")).toBeVisible();
  await expect(page.getByLabel("Pretalx API token")).toHaveValue("");

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/^Synced\. The conference now holds \d+ rooms, \d+ talks, \d+ schedule slots and \d+ activities from Pretalx\.$/)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, "console-settings");

  const saved = await api<{ name: string; grant_budget: string; sections: { name: string }[]; pretalx: { api_token_set: boolean } }>(
    "GET", `/manage/conferences/${slug}`, await tokenFor(ADMIN),
  );
  expect(saved).toMatchObject({
    name: "Console Conf, renamed", grant_budget: "30000.00", sections: [{ name: "Sprints" }], pretalx: { api_token_set: true },
    overcommit_percent: 10, offer_response_days: 10, offer_reminder_days: 2, auto_offer_waitlist: true,
  });

  // Create another conference from the console; its settings open afterwards.
  const created = `${slug}-next`;
  await page.getByRole("link", { name: "Create another conference" }).click();
  await page.getByRole("textbox", { name: /^Address \(slug\)/ }).fill(slug);
  await page.getByRole("textbox", { name: /^Name/ }).fill("Next year");
  await page.getByLabel("First day").fill("2027-05-12");
  await page.getByLabel("Last day").fill("2027-05-18");
  await page.getByRole("button", { name: "Create conference" }).click();
  await expect(page.getByText("A conference with this address already exists: choose another.")).toBeVisible();
  await page.getByRole("textbox", { name: /^Address \(slug\)/ }).fill(created);
  await page.getByRole("button", { name: "Create conference" }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${created}/manage/settings$`));
  await expect(page.getByRole("textbox", { name: /^Name/ })).toHaveValue("Next year");
});

test("an organiser of one activity (no manage_activity) sees just that activity and its signups", async ({ page }) => {
  const slug = await newConference();
  const organiser = person("organiser");
  const admin = await tokenFor(ADMIN);
  const mine = await api<{ slug: string }>("POST", `/manage/conferences/${slug}/activities`, admin, { name: "Open space", organizers: [organiser.sub] });
  await api("POST", `/manage/conferences/${slug}/activities`, admin, { name: "Someone else's sprint" });
  const attendee = person("attendee");
  await api("POST", `/conferences/${slug}/activities/${mine.slug}/signup`, await tokenFor(attendee), {});

  await signIn(page, organiser, `/c/${slug}/manage/activities`);
  await expect(page.getByRole("heading", { name: "Activities you organise" })).toBeVisible();
  const rows = page.getByRole("table", { name: "Activities" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Open space");
  await expect(page.getByRole("link", { name: "New activity" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Open space", exact: true }).click();
  await expect(page.getByRole("table", { name: "Signups" })).toContainText(attendee.email);
  await expectAccessible(page);
});
