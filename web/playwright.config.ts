/**
 * The web app's browser journeys (e2e/*.spec.ts), in Debian's headless Chromium (never a
 * downloaded browser; CHROMIUM_PATH overrides /usr/bin/chromium), against the real local stack
 * with the fake Pretalx server that e2e/global-setup.ts starts and stops. `npx playwright test`
 * after `make web-build`; tests/web/test_e2e.py runs it in `make test`.
 *
 * The stack's addresses are known only once global setup has run (after this file is loaded),
 * so `baseURL` (the web app's address, E2E_WEB_URL) is given by the `test` of e2e/support.ts.
 */
import { defineConfig } from "@playwright/test";

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Every journey makes its own conference (and users), so they run side by side. Two cores,
  // shared with the rest of the suite (pytest -n 2) and the stack itself: two browsers at most.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions,
    // The browser's language is the journey's (`lang` in e2e/support.ts: English unless a
    // journey asks for Spanish); spanish.spec switches with the header's picker.
    acceptDownloads: true,
    trace: "off",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
  },
  projects: [
    // Every journey at a desktop width.
    { name: "desktop", testIgnore: /mobile\.spec/, use: { viewport: { width: 1280, height: 900 } } },
    // Every journey again on a phone (375 px, touch): the fixture fails a page wider than the
    // screen, and axe-core checks each screenshot (named *-375px.png). charts.spec is left out:
    // it sets both widths itself, to compare the same charts at each. mobile.spec (the demo
    // conference's pages) runs only here.
    {
      name: "phone",
      testIgnore: /charts\.spec/,
      metadata: { screenshotSuffix: "-375px" },
      use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
    },
  ],
});
