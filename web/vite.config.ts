/// <reference types="vitest/config" />
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "@formatjs/icu-messageformat-parser";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The app is static: `vite build` writes dist/, served by devstack/web/server.py locally and by
// S3 + CloudFront deployed. /config.json is not bundled: it is written per deployment.

const CATALOGS = /\/src\/lib\/i18n\/messages\/[a-z]+\.json$/;

/**
 * The message catalogs ship parsed (ICU messages as formatjs ASTs), so the app needs no ICU
 * parser at run time: the parser is swapped for its no-parser build, which keeps the first page
 * within its size budget. A message that does not parse fails the build.
 */
function precompiledCatalogs(): Plugin {
  return {
    name: "precompiled-message-catalogs",
    apply: "build",
    enforce: "pre",
    config: () => ({
      resolve: { alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: "@formatjs/icu-messageformat-parser/no-parser.js" }] },
    }),
    load(id) {
      if (!CATALOGS.test(id)) return null;
      const messages = JSON.parse(readFileSync(id, "utf8")) as Record<string, string>;
      const compiled = Object.fromEntries(Object.entries(messages).map(([key, text]) => [key, parse(text)]));
      return JSON.stringify(compiled); // Vite's JSON plugin turns it into the module
    },
  };
}

export default defineConfig({
  plugins: [react(), precompiledCatalogs()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    target: "es2022",
    sourcemap: false,
    manifest: true, // dist/.vite/manifest.json: bench/web.py sums what each route loads
    // Size budget (first page ≤ 150 KB gz) is measured by `make bench` (bench/web.py).
    chunkSizeWarningLimit: 400,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
