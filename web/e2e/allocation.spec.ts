/**
 * The committee's allocation: propose within the budget, adjust a floor, make the offers,
 * see them in the ranking. Checked with axe-core (screenshot console-allocation.png) and at
 * 375 px.
 */
import type { Page } from "@playwright/test";

import { api, application, atPhoneWidth, createConference, expect, person, screenshot, signIn, test, tokenFor } from "./support";

async function fitsTheWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
}

test("the committee proposes an allocation, adds a floor, makes the offers and sees them in the ranking", async ({ page }) => {
  const { slug } = await createConference("alloc", { grant_budget: "3000.00" });
  const rita = await tokenFor(person("rita", ["review_travel_grant"]));
  const ravi = await tokenFor(person("ravi", ["review_travel_grant"]));
  const applicants = [
    { name: "ann", amount: "1000.00", scores: [5, 5], first_time: false },
    { name: "ben", amount: "1500.00", scores: [4, 5], first_time: false },
    { name: "cy", amount: "900.00", scores: [3, 4], first_time: true },
    { name: "dee", amount: "1200.00", scores: [2, 3], first_time: true },
  ];
  const names: Record<string, string> = {};
  for (const a of applicants) {
    const who = person(a.name);
    names[a.name] = who.name;
    const grant = await api<{ id: string }>("POST", `/conferences/${slug}/travel-grant`, await tokenFor(who), {
      ...application(a.amount),
      first_time: a.first_time,
    });
    for (const [token, score] of [
      [rita, a.scores[0]],
      [ravi, a.scores[1]],
    ] as const) {
      await api("PUT", `/manage/conferences/${slug}/travel-grants/${grant.id}/score`, token, { score });
    }
  }

  await signIn(page, person("chair", ["review_travel_grant"]), `/c/${slug}/manage`);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Allocation" }).click();
  await expect(page.getByRole("heading", { name: "Allocation", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Propose" }).click();
  await expect(page.getByRole("heading", { name: "Proposal" })).toBeVisible();
  await expect(page.getByText(/2 funded for \$2,500\.00 of \$3,000\.00/)).toBeVisible();
  await expect(page.getByText(/No other allocation scores more \(proven\)/)).toBeVisible();
  await expect(page.getByRole("figure", { name: "Proposed offers against the budget" })).toBeVisible();
  const table = page.getByRole("table", { name: /Candidates in ranking order/ });
  await expect(table.getByRole("row", { name: new RegExp(names.cy ?? "") })).toContainText(
    "score 3.50 is below the funded line of 4.50, and it does not fit: $900.00 needed, $500.00 left",
  );

  await page.getByRole("button", { name: "Add a floor" }).click();
  await page.getByLabel("Floor 1: at least (% of the funded money)").fill("50");
  await page.getByRole("button", { name: "Propose" }).click();
  await expect(page.getByText(/2 funded for \$2,200\.00/)).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(names.ben ?? "") })).toContainText(
    "kept out to meet the first-time floor ($1,500.00 needed, $800.00 left)",
  );
  await expect(page.getByText(/The first-time floor: 54\.6% of the funded money \(at least 50%\)/)).toBeVisible();
  await screenshot(page, "console-allocation");

  await atPhoneWidth(page, () => fitsTheWidth(page));

  await page.getByRole("button", { name: "Make these offers" }).click();
  const dialog = page.getByRole("dialog", { name: "Make these offers?" });
  await expect(dialog).toContainText("2 applicants are offered a grant, $2,200.00 in total.");
  await dialog.getByRole("button", { name: "Make the offers" }).click();
  await expect(table.getByRole("cell", { name: "Offered", exact: true })).toHaveCount(2);

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Ranking" }).click();
  const ranking = page.getByRole("table", { name: "Ranking" });
  await expect(ranking.getByRole("row", { name: new RegExp(names.ann ?? "") })).toContainText(/Offered/);
  await expect(ranking.getByRole("row", { name: new RegExp(names.dee ?? "") })).toContainText(/Offered/);
  await expect(ranking.getByRole("row", { name: new RegExp(names.ben ?? "") })).toContainText(/Submitted/);
});
