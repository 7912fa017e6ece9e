/**
 * Starts `python -m tests.web.console_stack` (the local stack on free ports plus the fake
 * Pretalx server), waits for its JSON line of addresses and hands them to the tests through
 * the environment; the returned function stops it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(resolve(ROOT, "web/dist/index.html"))) throw new Error("web/dist is missing: run `npm run build` (make web-build) first");
  const python = process.env.PYTHON ?? resolve(ROOT, ".venv/bin/python");
  const child = spawn(python, ["-m", "tests.web.console_stack"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error("the local stack did not start within 90 s")), 90_000);
    child.once("exit", (code) => fail(new Error(`the local stack exited early (${String(code)})`)));
    createInterface({ input: child.stdout }).once("line", (text) => {
      clearTimeout(timer);
      ready(text);
    });
  });
  const addresses = JSON.parse(line) as { api: string; web: string; pretalx: { base_url: string; event_slug: string; api_token: string } };
  process.env.CONSOLE_E2E_API = addresses.api;
  process.env.CONSOLE_E2E_WEB = addresses.web;
  process.env.CONSOLE_E2E_PRETALX = JSON.stringify(addresses.pretalx);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((done) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        done(null);
      }, 15_000);
      child.once("exit", () => {
        clearTimeout(timer);
        done(null);
      });
    });
  };
}
