/**
 * The committee's journeys: a reviewer scores five applications by keyboard only, declares a
 * conflict on the sixth, reads the ranking and downloads the CSV. Pages are checked with
 * axe-core (screenshots console-scoring.png, console-ranking.png, console-report.png).
 */
import { readFileSync } from "node:fs";

import { apply, createConference, expect, person, screenshot, signIn, test } from "./support";

test("a reviewer scores five applications by keyboard, declares a conflict, reads the ranking and downloads the CSV", async ({ page }) => {
  const { slug } = await createConference("scoring", { review: { scale: 5, blind: false, scoring_open: true } });
  const applicants = Array.from({ length: 6 }, (_, n) => person(`scored-${n}`));
  for (const [n, applicant] of applicants.entries()) await apply(slug, applicant, `${500 + n * 100}.00`);

  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/scoring`);
  await expect(page.getByRole("heading", { name: "Next application", level: 1 })).toBeVisible();
  const seen = new Set<string>();
  for (let n = 0; n < 5; n += 1) {
    const heading = page.getByRole("heading", { name: /^Application of / });
    await expect(heading).toBeVisible();
    const name = (await heading.textContent()) ?? "";
    expect(seen.has(name), `served ${name} twice`).toBe(false);
    seen.add(name);
    const score = String(1 + (n % 5));
    await page.keyboard.press(score);
    await expect(page.getByRole("button", { name: score, exact: true })).toHaveAttribute("aria-pressed", "true");
    if (n === 0) await screenshot(page, "console-scoring");
    await page.getByRole("button", { name: "Save and next" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Your last score: what the others said" })).toBeVisible();
    await expect(heading).not.toHaveText(name);
  }
  await expect(page.getByRole("list", { name: "Reviews" })).toContainText("Rita Reviewer");

  await page.getByRole("button", { name: "Declare a conflict" }).click();
  await page.getByLabel(/Why you cannot judge this application/).fill("She is my colleague.");
  await page.getByRole("button", { name: "Confirm the conflict" }).click();
  await expect(page.getByText(/Nothing left to score/)).toBeVisible();

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Ranking" }).click();
  await expect(page.getByRole("heading", { name: "Ranking", level: 1 })).toBeVisible();
  const rows = page.getByRole("table", { name: "Ranking" }).getByRole("row");
  await expect(rows).toHaveCount(6); // the header and five scored grants
  await expect(page.getByText(/Calibrated score: each score is compared/)).toBeVisible();
  await expect(page.getByRole("figure", { name: "Distribution of mean scores" })).toBeVisible();
  await page.getByRole("button", { name: "Mean" }).click();
  await expect(rows.nth(1)).toContainText("5.00");
  await screenshot(page, "console-ranking");

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Report" }).click();
  await expect(page.getByRole("heading", { name: "By country" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${slug}-travel-grants.csv`);
  const text = readFileSync(await file.path(), "utf-8");
  expect(text.startsWith("\ufeffGrant ID,Name,Email,Status")).toBe(true);
  expect(text.trim().split("\n")).toHaveLength(7); // header and six grants
  await screenshot(page, "console-report");
});
