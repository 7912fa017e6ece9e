/**
 * What every journey shares: the API (for the steps people do elsewhere, like a reviewer's
 * offer), signing in from the sign-in page, axe-core checks, screenshots, and a page that
 * fails the test on any console error or failed request.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const API = process.env.E2E_API_URL ?? "";
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build", "screenshots");

export type User = { sub: string; name: string; email: string; permissions: string[] };

export async function tokenFor(user: User): Promise<string> {
  const reply = await fetch(`${API}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { token: string }).token;
}

export async function api<T = unknown>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const reply = await fetch(`${API}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${method} ${path} -> ${reply.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const ADMIN: User = {
  sub: "e2e-admin",
  name: "Eve Admin",
  email: "eve@example.com",
  permissions: ["manage_conference", "manage_activity"],
};

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A conference a few months ahead, with its own slug so journeys never share data. */
export async function createConference(prefix: string, extra: Record<string, unknown> = {}): Promise<{ slug: string; body: Record<string, unknown> }> {
  const slug = uniqueSlug(prefix);
  const start = new Date(Date.now() + 90 * 86_400_000);
  const day = (n: number) => new Date(start.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const body = {
    name: `E2E ${prefix} conference`,
    start_date: day(0),
    end_date: day(2),
    timezone: "America/New_York",
    sections: [
      { name: "Tutorials", start_date: day(0), end_date: day(0), order: 0 },
      { name: "Talks", start_date: day(1), end_date: day(2), order: 1 },
    ],
    max_grant_amount: "3000.00",
    grant_budget: "50000.00",
    ...extra,
  };
  await api("PUT", `/manage/conferences/${slug}`, await tokenFor(ADMIN), body);
  return { slug, body };
}

/** Signs in from the sign-in page as a custom user (sub, name, e-mail, permissions). */
export async function signIn(page: Page, user: User, next = "/"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole("radio", { name: /Someone else/ }).check();
  await page.getByLabel("User id (sub)").fill(user.sub);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("E-mail").fill(user.email);
  for (const permission of user.permissions) {
    await page.getByRole("checkbox", { name: permission.replace(/_/g, " ") }).check();
  }
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe-core on ${what}`,
  ).toEqual([]);
}

/** Checks the page with axe-core and saves a full-page screenshot under build/screenshots/. */
export async function snapshot(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

type Fixtures = { problems: string[] };

/** `page` here fails the test on console errors, uncaught exceptions and failed requests. */
export const test = base.extend<Fixtures>({
  problems: async ({}, use) => {
    await use([]);
  },
  page: async ({ page, problems }, use) => {
    page.on("console", (message) => {
      // Chromium logs every 4xx answer; those are answers the app words (404 no_grant, 422…),
      // checked by the journeys themselves. 5xx and network failures are caught below.
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => {
      const failure = request.failure()?.errorText ?? "";
      // A navigation away cancels in-flight polls: that is not a failure.
      if (failure.includes("ERR_ABORTED")) return;
      problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
    });
    page.on("response", (response) => {
      if (response.status() >= 500) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await use(page);
    expect(problems, "the browser saw no errors").toEqual([]);
  },
});

export { expect };
