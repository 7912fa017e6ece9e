/**
 * What the console journeys share: the stack's addresses, data set up through the real API
 * (with dev tokens from the stack's /dev/token), signing in from the sign-in page like a
 * person, the axe-core and console-clean checks, and screenshots under build/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const SCREENSHOTS = resolve(ROOT, "build/screenshots");

export const API = () => required("CONSOLE_E2E_API");
export const WEB = () => required("CONSOLE_E2E_WEB");
export const PRETALX = () => JSON.parse(required("CONSOLE_E2E_PRETALX")) as { base_url: string; event_slug: string; api_token: string };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through e2e/console/playwright.config.ts (global setup)`);
  return value;
}

// ---- the API, as other people and the setup use it -------------------------------------

export type User = { sub: string; name: string; email: string; permissions: string[] };

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export function person(role: string, permissions: string[] = []): User {
  const id = unique();
  return { sub: `e2e-${role}-${id}`, name: `${role[0]?.toUpperCase() ?? ""}${role.slice(1)} ${id.slice(-4)}`, email: `${role}-${id}@example.com`, permissions };
}

export async function tokenFor(user: User): Promise<string> {
  const body = await call<{ token: string }>("POST", "/dev/token", null, user);
  return body.token;
}

export async function call<T>(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(API() + path, {
    method,
    headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export const ADMIN = person("setup-admin", ["manage_conference", "manage_activity", "review_travel_grant", "review_receipt"]);

/** A fresh conference for one journey, so journeys never see each other's grants or receipts. */
export async function newConference(extra: Record<string, unknown> = {}): Promise<string> {
  const slug = `e2e-${unique()}`;
  await call("PUT", `/manage/conferences/${slug}`, await tokenFor(ADMIN), {
    name: `Console Conf ${slug.slice(-4)}`, start_date: "2026-05-13", end_date: "2026-05-19", timezone: "America/New_York",
    grant_budget: "20000.00", ...extra,
  });
  return slug;
}

export function application(requested: string): Record<string, unknown> {
  return {
    request_type: "ticket_and_grant", travel_from: "Lisbon, Portugal", international: true, first_time: true,
    experience_level: "intermediate", occupation: "Developer", travel_plans_airfare_description: "Round trip",
    travel_plans_airfare_amount: requested, travel_plans_lodging_description: "", travel_plans_lodging_amount: "0",
    requested_amount: requested, involvement: "Local user group organiser.", reason: "To learn and to sprint.",
  };
}

type Grant = { id: string; status: string; version: number };

export async function apply(slug: string, applicant: User, requested = "900.00"): Promise<Grant> {
  return call<Grant>("POST", `/conferences/${slug}/travel-grant`, await tokenFor(applicant), application(requested));
}

/** Applied, offered by a reviewer and accepted by the applicant: receipts and payment details open. */
export async function acceptedGrant(slug: string, applicant: User, amount = "900.00"): Promise<Grant> {
  const grant = await apply(slug, applicant, amount);
  await call("PATCH", `/manage/conferences/${slug}/travel-grants/${grant.id}`, await tokenFor(ADMIN), { status: "offered", approved_amount: amount });
  return call<Grant>("POST", `/conferences/${slug}/travel-grant/accept`, await tokenFor(applicant));
}

// A real (tiny) PDF and PNG: the server checks the first bytes of what is stored.
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** Uploads a receipt the way the browser does (presigned POST straight to the bucket) and completes it. */
export async function uploadReceipt(slug: string, applicant: User, kind: "pdf" | "png", description: string): Promise<string> {
  const token = await tokenFor(applicant);
  const file = kind === "pdf" ? PDF : PNG;
  const created = await call<{ receipt: { id: string }; upload: { url: string; fields: Record<string, string> } }>(
    "POST", `/conferences/${slug}/travel-grant/receipts`, token,
    {
      receipt_type: kind === "pdf" ? "airfare" : "lodging", amount: "120.00", date: "2026-05-12", description,
      filename: kind === "pdf" ? "ticket.pdf" : "hotel.png", content_type: kind === "pdf" ? "application/pdf" : "image/png", size: file.length,
    },
  );
  const form = new FormData();
  for (const [key, value] of Object.entries(created.upload.fields)) form.append(key, value);
  form.append("file", new Blob([file], { type: kind === "pdf" ? "application/pdf" : "image/png" }), "receipt");
  const upload = await fetch(created.upload.url, { method: "POST", body: form });
  if (!upload.ok) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  await call("POST", `/conferences/${slug}/travel-grant/receipts/${created.receipt.id}/complete`, token, {});
  return created.receipt.id;
}

export async function savePaymentDetails(slug: string, applicant: User): Promise<void> {
  await call("PUT", `/conferences/${slug}/travel-grant/payment-info`, await tokenFor(applicant), {
    payment_method: "paypal", paypal_email: "payee@example.com", legal_name: "Payee Person", address_street: "1 Main St",
    address_city: "Lisbon", address_zip: "1000-001", address_country: "Portugal",
  });
}

// ---- the browser ---------------------------------------------------------------------------

/** Signs in from the sign-in page: a demo user by name, or a custom user typed in. */
export async function signIn(page: Page, who: { demo: string } | { custom: User }, next: string): Promise<void> {
  await page.goto(`${WEB()}/sign-in?next=${encodeURIComponent(next)}`);
  if ("demo" in who) {
    await page.getByRole("radio", { name: new RegExp(who.demo) }).check();
  } else {
    await page.getByRole("radio", { name: /Someone else/ }).check();
    await page.getByLabel("User id (sub)").fill(who.custom.sub);
    await page.getByLabel("Name", { exact: true }).fill(who.custom.name);
    await page.getByLabel("E-mail").fill(who.custom.email);
    for (const permission of who.custom.permissions) {
      await page.getByRole("checkbox", { name: permission.replace(/_/g, " "), exact: true }).check();
    }
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `console-${name}.png`), fullPage: true });
}

/**
 * Every test page records console errors, uncaught errors and failed requests; the test fails
 * on any it did not announce with `allow` (e.g. the 412 a stale save is meant to get).
 */
type Problems = { allow: (pattern: RegExp) => void; watch: (page: Page) => void };

export const test = base.extend<{ problems: Problems }>({
  problems: [
    async ({ context }, use) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      context.on("page", (page) => watch(page, seen));
      for (const page of context.pages()) watch(page, seen);
      await use({ allow: (pattern) => allowed.push(pattern), watch: (page) => watch(page, seen) });
      expect(seen.filter((text) => !allowed.some((pattern) => pattern.test(text)))).toEqual([]);
    },
    { auto: true },
  ],
});

function watch(page: Page, seen: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") seen.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => seen.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    // ERR_ABORTED is the browser cancelling a request nobody waits for any more (a navigation
    // such as signing out, a closed page, a download handed over); any other failure counts.
    if (!/ERR_ABORTED/.test(failure)) seen.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

export { expect };
