/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is static: `vite build` writes dist/, served by devstack/web/server.py locally and by
// S3 + CloudFront deployed. /config.json is not bundled: it is written per deployment.

export default defineConfig({
  plugins: [react()],
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
