// Drive the upload demo page in Debian's headless Chromium (playwright-core, no bundled browser).
// Usage: node drive_upload_demo.mjs PAGE_URL PDF_PATH SCREENSHOT_PATH
// Prints one JSON line: {state, text, receiptId, steps, console, failedRequests}.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [pageUrl, pdfPath, screenshotPath] = process.argv.slice(2);
const userDataDir = mkdtempSync(join(tmpdir(), "upload-demo-profile-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
  ],
  viewport: { width: 900, height: 900 },
});
const consoleLines = [];
const failedRequests = [];
let result;
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on("requestfailed", (request) => failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  await page.goto(pageUrl, { waitUntil: "load" });
  await page.setInputFiles("#file", pdfPath);
  await page.click("#upload");
  await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 30000 });
  const status = page.locator("#status");
  result = {
    state: await status.getAttribute("data-state"),
    text: await status.textContent(),
    receiptId: await status.getAttribute("data-receipt-id"),
    steps: await page.locator("#steps li").allTextContents(),
    origin: await page.evaluate(() => location.origin),
  };
  await page.screenshot({ path: screenshotPath, fullPage: true });
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify({ ...result, console: consoleLines, failedRequests }));
