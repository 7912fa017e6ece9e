/**
 * The console's browser journeys (issue 15): headless Debian Chromium against the real local
 * stack that global-setup.ts starts (API + emulator + event pump + web/dist + fake Pretalx).
 * Run with `npx playwright test -c e2e/console/playwright.config.ts` after `npm run build`
 * (tests/web/test_console_e2e.py does both as part of `make test`).
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  globalSetup: "./global-setup.ts",
  // Two cores shared with the rest of the suite: one browser at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "../../test-results/console",
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    acceptDownloads: true,
    trace: "off",
  },
});
