// Lint: typescript-eslint (type-aware), React hooks rules, and the architecture's import
// boundaries: app → features → shared (components, lib, utils); no feature imports another.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const FEATURES = ["activities", "conference", "grants", "payment", "receipts", "review", "receipt-review", "payouts", "organise", "settings"];

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/lib/api/schema.d.ts", "test-results", "playwright-report"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-confusing-void-expression": "off",
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            // No feature imports another: compose them in src/app.
            ...FEATURES.map((feature) => ({
              target: `./src/features/${feature}`,
              from: "./src/features",
              except: [`./${feature}`],
              message: "A feature may not import another feature: compose them in src/app.",
            })),
            // Code flows one way: shared code never imports features or the app.
            {
              target: ["./src/components", "./src/lib", "./src/utils"],
              from: ["./src/features", "./src/app"],
              message: "Shared code (components, lib, utils) must not depend on features or the app.",
            },
            {
              target: "./src/features",
              from: "./src/app",
              message: "Features must not import from src/app.",
            },
          ],
        },
      ],
    },
    settings: { "import-x/resolver": { typescript: true, node: true } },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["e2e/**", "playwright.config.ts", "vite.config.ts", "scripts/**"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Playwright fixtures: `use` is the fixture callback, `{}` the required empty destructuring.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off", "no-empty-pattern": "off" },
  },
);
