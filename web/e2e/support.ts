/**
 * What every journey shares: the stack's addresses (from global-setup.ts), the API for the
 * steps people do elsewhere (dev tokens from the stack's /dev/token; conferences, grants,
 * receipts and payment details set up like their owners would), signing in from the sign-in
 * page like a person, axe-core checks, screenshots under build/screenshots/, and a `test`
 * whose pages fail the test on console errors, uncaught exceptions, failed requests and error
 * answers the journey did not announce with `problems.allow`.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

import { BROWSER_LOCALE, translator, type Lang, type Translate } from "./i18n";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOTS = resolve(ROOT, "build/screenshots");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the journeys with web/playwright.config.ts (its global setup starts the stack)`);
  return value;
}

/** The API's address, e.g. for a fetch a journey checks itself. */
export const API = () => required("E2E_API_URL");
/** The fake Pretalx server the console's "Sync now" reaches. */
export const PRETALX = () => JSON.parse(required("E2E_PRETALX")) as { base_url: string; event_slug: string; api_token: string };

// ---- the API, as other people and the setup use it -------------------------------------

export type User = { sub: string; name: string; email: string; permissions: string[] };

export function unique(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A new user of their own (unique sub, name and e-mail) for one journey. */
export function person(role: string, permissions: string[] = []): User {
  const id = unique();
  return { sub: `e2e-${role}-${id}`, name: `${role[0]?.toUpperCase() ?? ""}${role.slice(1)} ${id.slice(-4)}`, email: `${role}-${id}@example.com`, permissions };
}

/** The organisers' side of the setup: creates conferences and activities, reviews grants and receipts. */
export const ADMIN: User = {
  sub: "e2e-admin",
  name: "Eve Admin",
  email: "eve@example.com",
  permissions: ["manage_conference", "manage_activity", "review_travel_grant", "review_receipt"],
};

/** Calls the API as `token`'s user (null: anonymously); throws on an error answer; the JSON answer, or null. */
export async function api<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const reply = await fetch(API() + path, {
    method,
    headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${method} ${path} -> ${reply.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function tokenFor(user: User): Promise<string> {
  return (await api<{ token: string }>("POST", "/dev/token", null, user)).token;
}

/**
 * A new conference with its own slug (`<prefix>-<unique>`), so journeys never see each other's
 * data: by default three days starting 90 days from now, two sections, a $3,000 maximum grant
 * and a $50,000 budget; `extra` overrides any field. Returns the slug and the body sent.
 */
export async function createConference(prefix: string, extra: Record<string, unknown> = {}): Promise<{ slug: string; body: Record<string, unknown> }> {
  const slug = `${prefix}-${unique()}`;
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

export type Grant = { id: string; status: string; version: number };

/** A complete travel-grant application asking for `requested` (USD). */
export function application(requested: string): Record<string, unknown> {
  return {
    request_type: "ticket_and_grant", travel_from: "Lisbon, Portugal", international: true, first_time: true,
    experience_level: "intermediate", occupation: "Developer", travel_plans_airfare_description: "Round trip",
    travel_plans_airfare_amount: requested, travel_plans_lodging_description: "", travel_plans_lodging_amount: "0",
    requested_amount: requested, involvement: "Local user group organiser.", reason: "To learn and to sprint.",
  };
}

export async function apply(slug: string, applicant: User, requested = "900.00"): Promise<Grant> {
  return api<Grant>("POST", `/conferences/${slug}/travel-grant`, await tokenFor(applicant), application(requested));
}

/** A reviewer (ADMIN) offers `amount` on the grant; `extra` adds fields such as a promo code. */
export async function offer(slug: string, grantId: string, amount: string, extra: Record<string, unknown> = {}): Promise<Grant> {
  return api<Grant>("PATCH", `/manage/conferences/${slug}/travel-grants/${grantId}`, await tokenFor(ADMIN), {
    status: "offered", approved_amount: amount, ...extra,
  });
}

/** Applied, offered by a reviewer and accepted by the applicant: receipts and payment details open. */
export async function acceptedGrant(slug: string, applicant: User, amount = "900.00"): Promise<Grant> {
  const grant = await apply(slug, applicant, amount);
  await offer(slug, grant.id, amount);
  return api<Grant>("POST", `/conferences/${slug}/travel-grant/accept`, await tokenFor(applicant));
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
  const created = await api<{ receipt: { id: string }; upload: { url: string; fields: Record<string, string> } }>(
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
  await api("POST", `/conferences/${slug}/travel-grant/receipts/${created.receipt.id}/complete`, token, {});
  return created.receipt.id;
}

export async function savePaymentDetails(slug: string, applicant: User): Promise<void> {
  await api("PUT", `/conferences/${slug}/travel-grant/payment-info`, await tokenFor(applicant), {
    payment_method: "paypal", paypal_email: "payee@example.com", legal_name: "Payee Person", address_street: "1 Main St",
    address_city: "Lisbon", address_zip: "1000-001", address_country: "Portugal",
  });
}

// ---- the browser ---------------------------------------------------------------------------

/** The language the page shows now (`<html lang>`, which the app sets with its catalog). */
export async function pageLang(page: Page): Promise<Lang> {
  return (await page.evaluate(() => document.documentElement.lang)) === "es" ? "es" : "en";
}

/**
 * Signs in from the sign-in page, then lands on `next`: as a demo user picked by name
 * (`{ demo: "Rita Reviewer" }`), or as a custom user typed in (sub, name, e-mail, permissions).
 * In the language the sign-in page shows (the browser's, or the one chosen before).
 */
export async function signIn(page: Page, who: { demo: string } | User, next = "/"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole("radio").first().waitFor();
  const t = translator(await pageLang(page));
  if ("demo" in who) {
    await page.getByRole("radio", { name: new RegExp(who.demo) }).check();
  } else {
    await page.getByRole("radio", { name: t("signIn.someoneElse") }).check();
    await page.getByLabel(t("signIn.userId")).fill(who.sub);
    await page.getByLabel(t("signIn.name"), { exact: true }).fill(who.name);
    await page.getByLabel(t("signIn.email")).fill(who.email);
    for (const permission of who.permissions) {
      await page.getByRole("checkbox", { name: permission.replace(/_/g, " "), exact: true }).check();
    }
  }
  await page.getByRole("button", { name: t("signIn.submit"), exact: true }).click();
  // Done when the page has left /sign-in for `next` (someone signed in before shows "Sign out" already).
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await expect(page.getByRole("button", { name: t("header.signOut") })).toBeVisible();
}

/**
 * Runs `check` with the page at a phone's width (375 px), then gives the page its own size back.
 * In the phone project the page is that wide already: `check` just runs.
 */
export async function atPhoneWidth(page: Page, check: () => Promise<void>): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport || viewport.width <= 375) {
    await check();
    return;
  }
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    await check();
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** No serious or critical axe-core violation (WCAG 2.0/2.1 A and AA) on the page as it is now. */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe-core on ${what}`,
  ).toEqual([]);
}

/**
 * Checks the page with axe-core, then saves a full-page screenshot as build/screenshots/<name>.png:
 * `es-<name>` when the page is in Spanish, and with the project's suffix (the phone's
 * `-375px`), so the languages and widths of one journey never overwrite each other.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const lang = await pageLang(page);
  const suffix = (test.info().project.metadata as { screenshotSuffix?: string } | undefined)?.screenshotSuffix ?? "";
  const file = `${lang === "en" || name.startsWith(`${lang}-`) ? "" : `${lang}-`}${name}${name.endsWith(suffix) ? "" : suffix}`;
  await page.screenshot({ path: resolve(SCREENSHOTS, `${file}.png`), fullPage: true });
}

/**
 * What the browser saw go wrong in a test: console errors and warnings, uncaught exceptions,
 * failed requests (but ERR_ABORTED: the browser dropping a request nobody waits for any more,
 * after a navigation, a closed page or a handed-over download) and answers of 400 or more.
 */
export type Problems = {
  /**
   * From now on, what matches `pattern` is expected (an answer the journey checks, such as
   * `/HTTP 412: PATCH .*\/travel-grants\//`) and does not fail the test. A 5xx answer always does.
   */
  allow: (pattern: RegExp) => void;
  /** Watches a page of another browser context too (another person's browser). */
  watch: (page: Page) => void;
};

type Seen = { text: string; at: number };
type Allowed = { pattern: RegExp; from: number };

/**
 * The journeys' `test`: `baseURL` is the web app the global setup started (`page.goto("/...")`),
 * and every page of the test's context (and any given to `problems.watch`) is watched: the
 * test fails on anything it did not announce with `problems.allow`.
 */
export const test = base.extend<{ problems: Problems; lang: Lang; t: Translate }>({
  baseURL: async ({}, use) => {
    await use(required("E2E_WEB_URL"));
  },
  /** The language a journey reads the app in (`test.use({ lang: "es" })`): the browser's language. */
  lang: ["en", { option: true }],
  locale: async ({ lang }, use) => {
    await use(BROWSER_LOCALE[lang]);
  },
  /** The journey's words in its language, from the app's catalogs. */
  t: async ({ lang }, use) => {
    await use(translator(lang));
  },
  problems: [
    async ({ context }, use) => {
      const seen: Seen[] = [];
      const allowed: Allowed[] = [];
      // Every page the test visits, at any width: wider than the viewport is a problem too.
      await context.exposeBinding("__reportOverflow", (_source, text: string) => {
        if (!seen.some((entry) => entry.text === text)) seen.push({ text, at: seen.length });
      });
      await context.addInitScript(WATCH_WIDTH);
      const watch = (page: Page) => watchPage(page, seen);
      context.on("page", watch);
      for (const page of context.pages()) watch(page);
      await use({
        allow: (pattern) => {
          allowed.push({ pattern, from: seen.length });
        },
        watch,
      });
      const expected = (entry: Seen) =>
        !/^HTTP 5\d\d/.test(entry.text) && allowed.some((a) => a.from <= entry.at && a.pattern.test(entry.text));
      expect(seen.filter((entry) => !expected(entry)).map((entry) => entry.text), "what the browser saw go wrong").toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Runs in every page: after the page settles (load, then 300 ms after its last DOM change) it
 * reports when the document scrolls sideways (a table or list wider than a 375 px phone),
 * naming the widest element that sticks out. Content that scrolls inside its own region
 * (`overflow: auto`) does not count.
 */
const WATCH_WIDTH = `(() => {
  let timer = 0;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const check = () => {
    const root = document.documentElement;
    if (!root || root.scrollWidth <= root.clientWidth) return;
    // The outermost element sticking out that no scrolling region clips. An absolutely
    // positioned element escapes every scroller below its containing block (its nearest
    // positioned ancestor), so a visually hidden label in a scrolling table can still widen the page.
    const clipped = (node) => {
      const position = node.nodeType === 1 ? getComputedStyle(node).position : "static";
      if (position === "fixed") return false;
      let escapes = position === "absolute";
      for (let up = node.parentElement; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (escapes) {
          if (style.position === "static") continue;
          escapes = false;
        }
        if (style.overflowX !== "visible") return true;
      }
      return false;
    };
    let culprit = "";
    for (const el of document.body.querySelectorAll("*")) {
      if (el.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(el)) {
        culprit = "; sticking out: " + describe(el);
        break;
      }
    }
    // Else a line of text too long for its box (a word that cannot wrap).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); !culprit && node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(node)) {
        culprit = "; text sticking out in " + describe(node.parentElement) + ": " + JSON.stringify(node.textContent.slice(0, 60));
      }
    }
    window.__reportOverflow("page wider than the viewport: " + location.pathname + " is " + root.scrollWidth +
      " px wide at " + root.clientWidth + " px" + culprit);
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(check, 300); };
  addEventListener("load", () => {
    later();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
})();`;

function watchPage(page: Page, seen: Seen[]): void {
  const record = (text: string) => seen.push({ text, at: seen.length });
  page.on("console", (message) => {
    const type = message.type();
    if (type !== "error" && type !== "warning") return;
    // Chromium also logs each error answer and failed request as "Failed to load resource: …"
    // (without the address): the listeners below record each once, with method and address.
    if (message.text().startsWith("Failed to load resource:")) return;
    record(`console ${type}: ${message.text()}`);
  });
  page.on("pageerror", (error) => record(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    if (!failure.includes("ERR_ABORTED")) record(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) record(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

export { expect };
