/**
 * End-to-end journeys in Debian's headless Chromium (never a downloaded browser), against
 * a real local stack started by tests/web/test_e2e.py (E2E_WEB_URL, E2E_API_URL).
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
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_WEB_URL,
    launchOptions,
    trace: "off",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
  },
  projects: [
    { name: "desktop", testIgnore: /mobile\.spec/, use: { viewport: { width: 1280, height: 900 } } },
    { name: "mobile", testMatch: /mobile\.spec/, use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } },
  ],
});
