/**
 * Starts `python -m tests.web.e2e_stack` (the local stack on free ports: emulator, API, event
 * pump, web/dist, demo data, plus the fake Pretalx server), waits for its JSON line of
 * addresses and hands them to the journeys through the environment: E2E_API_URL, E2E_WEB_URL
 * (the `baseURL`) and E2E_PRETALX (JSON). The Python is $PYTHON (tests/web/test_e2e.py passes
 * its own), else .venv/bin/python. Fails when the stack exits early or is not ready within
 * 90 s; the returned teardown stops it (SIGTERM, then SIGKILL after 15 s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const READY_WITHIN_MS = 90_000;
const STOP_GRACE_MS = 15_000;

type Addresses = { api: string; web: string; pretalx: { base_url: string; event_slug: string; api_token: string } };

function addressesIn(line: string): Addresses | null {
  if (!line.startsWith("{")) return null;
  try {
    const parsed = JSON.parse(line) as Partial<Addresses>;
    return parsed.api && parsed.web && parsed.pretalx ? (parsed as Addresses) : null;
  } catch {
    return null;
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(resolve(ROOT, "web/dist/index.html"))) {
    throw new Error("web/dist is missing: build the web app first (`make web-build`, or `npm run build` in web/)");
  }
  const python = process.env.PYTHON ?? resolve(ROOT, ".venv/bin/python");
  const command = `${python} -m tests.web.e2e_stack`;
  const child = spawn(python, ["-m", "tests.web.e2e_stack"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((done) => {
    child.once("exit", () => done());
    child.once("error", () => done());
  });
  // Should the runner end without its teardown, the stack does not outlive it.
  const orphaned = () => child.kill("SIGKILL");
  process.once("exit", orphaned);

  const before: string[] = [];
  let ready = false;
  try {
    const addresses = await new Promise<Addresses>((resolveReady, rejectReady) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        const output = before.length ? `; its output:\n${before.join("\n")}` : "";
        rejectReady(new Error(`the e2e stack (${command}) ${why}${output}`));
      };
      const timer = setTimeout(() => fail(`was not ready within ${READY_WITHIN_MS / 1000} s`), READY_WITHIN_MS);
      child.once("error", (error) => fail(`could not be started: ${error.message}`));
      child.once("exit", (code, signal) => fail(`exited before it was ready (${signal ?? `exit code ${String(code)}`})`));
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (ready) {
          process.stderr.write(`[e2e stack] ${line}\n`);
          return;
        }
        const found = addressesIn(line);
        if (!found) {
          before.push(line);
          return;
        }
        ready = true;
        clearTimeout(timer);
        resolveReady(found);
      });
    });
    process.env.E2E_API_URL = addresses.api;
    process.env.E2E_WEB_URL = addresses.web;
    process.env.E2E_PRETALX = JSON.stringify(addresses.pretalx);
  } catch (error) {
    await stop(child, exited);
    process.removeListener("exit", orphaned);
    throw error;
  }
  return async () => {
    await stop(child, exited);
    process.removeListener("exit", orphaned);
  };
}

/** SIGTERM (the stack stops its servers, the emulator and the fake Pretalx), then SIGKILL after 15 s. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(true), STOP_GRACE_MS);
  });
  const killed = await Promise.race([exited.then(() => false), graceOver]);
  clearTimeout(timer);
  if (killed) {
    process.stderr.write(`the e2e stack did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM: killing it\n`);
    child.kill("SIGKILL");
    await exited;
  }
}
