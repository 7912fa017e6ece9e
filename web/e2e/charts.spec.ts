/**
 * The console's charts at 1280 px and 375 px: labels and values are readable text at a fixed
 * size (12-16 px computed, whatever the chart's width), no label is cut, and a small committed
 * share of the budget (0.7%) still shows as colour and says its share in words.
 * Screenshots: console-charts-grants(-375px).png and console-charts-activities(-375px).png.
 */
import type { Page } from "@playwright/test";

import { ADMIN, api, apply, createConference, expect, offer, person, screenshot, signIn, test, tokenFor } from "./support";

type LabelFacts = { text: string; fontSize: number; clipped: boolean };

/** Every chart label and value on the page: its computed font size and whether it is cut. */
async function chartTexts(page: Page): Promise<LabelFacts[]> {
  return page.locator(".chart__label, .chart__value").evaluateAll((nodes) =>
    nodes.map((node) => {
      const element = node as HTMLElement;
      const box = element.getBoundingClientRect();
      const figure = element.closest("figure")?.getBoundingClientRect();
      const outside = figure ? box.left < figure.left - 0.5 || box.right > figure.right + 0.5 : false;
      return {
        text: element.textContent,
        fontSize: parseFloat(getComputedStyle(element).fontSize),
        clipped: outside || element.scrollWidth > element.clientWidth + 1,
      };
    }),
  );
}

async function expectReadableCharts(page: Page, labels: string[]): Promise<void> {
  const facts = await chartTexts(page);
  expect(facts.length).toBeGreaterThan(0);
  for (const fact of facts) {
    expect(fact.fontSize, `font size of "${fact.text}"`).toBeGreaterThanOrEqual(12);
    expect(fact.fontSize, `font size of "${fact.text}"`).toBeLessThanOrEqual(16);
    expect(fact.clipped, `"${fact.text}" is cut`).toBe(false);
  }
  for (const label of labels) expect(facts.map((f) => f.text)).toContain(label);
}

async function atBothWidths(page: Page, name: string, labels: string[]): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.locator(".chart__row").first()).toBeVisible();
    await expectReadableCharts(page, labels);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await screenshot(page, width === 1280 ? name : `${name}-375px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("chart labels stay readable at 1280 and 375 px, and a 0.7% budget share is visible", async ({ page }) => {
  const { slug } = await createConference("charts", {
    start_date: "2026-05-13", end_date: "2026-05-19", sections: [], grant_budget: "200000.00",
  });
  const grant = await apply(slug, person("charted"), "1400.00");
  await offer(slug, grant.id, "1400.00"); // 0.7% of the budget

  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/grants`);
  const budget = page.getByRole("figure", { name: /Budget: \$200,000\.00 \(0\.7% committed\)/ });
  await expect(budget).toBeVisible();
  await expect(budget.locator(".chart__value")).toHaveText(["0.7% committed"]);
  const committed = budget.locator('.chart__bar[data-tone="brand"]');
  expect((await committed.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(3.5);
  await atBothWidths(page, "console-charts-grants", ["Offered", "Submitted", "Budget", "0.7% committed"]);
});

test("the activities chart keeps long names whole at 1280 and 375 px", async ({ page }) => {
  const { slug } = await createConference("charts", { start_date: "2026-05-13", end_date: "2026-05-19", sections: [] });
  for (const name of ["Open space: Python in science", "Sprint room"]) {
    await api("POST", `/manage/conferences/${slug}/activities`, await tokenFor(ADMIN), {
      name, activity_type: name.startsWith("Open") ? "open_space" : "sprint", max_participants: 25,
    });
  }
  await signIn(page, { demo: "Olga Organiser" }, `/c/${slug}/manage/activities`);
  await expect(page.getByRole("figure", { name: /Confirmed and waitlisted signups per activity/ })).toBeVisible();
  await atBothWidths(page, "console-charts-activities", ["Open space: Python in science", "Sprint room"]);
});
