import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The sandbox is reached only through lib/aws (docs/architecture.md, "Boundaries"): the console's
 * code talks to AWS through the SDK clients and to the sandbox's extras through lib/aws/sandbox.ts,
 * so it runs unchanged on real AWS. server.ts mounts the sandbox; tests, scripts and the client
 * suites start one.
 */
const SANDBOX_BOUNDARY = {
  files: ["**/*.{ts,tsx,mts,mjs}"],
  ignores: ["lib/sandbox/**", "lib/aws/**", "server.ts", "scripts/**", "clients/**", "e2e/**", "**/*.test.ts", "**/testing.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^(@/lib/sandbox|(\\.\\./)+(lib/)?sandbox)(/|$)",
            message: "Only lib/aws and server.ts import the sandbox: use the SDK clients or lib/aws/sandbox.ts.",
          },
        ],
      },
    ],
  },
};

/** Browser code never pulls in server-only modules (bcrypt, the database, the sandbox). */
const BROWSER_BOUNDARY = {
  files: ["components/**/*.{ts,tsx}"],
  ignores: ["**/*.test.ts"],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^(@/lib/(db|sandbox)(/|$)|@/lib/auth/(passwords|users)$|bcryptjs$)",
            allowTypeImports: true,
            message: "Components are bundled for the browser: import server modules' types only, values through an action or route.",
          },
        ],
      },
    ],
  },
};

/**
 * What a sandbox service can answer is one go-to-definition away: each AwsError is made by a named
 * factory in the service's errors.ts (docs/architecture.md, "An AWS error"); auth-errors.ts is the
 * SigV4 failures' own catalogue. Tests may build any error they need.
 */
const ERRORS_CATALOGUE = {
  files: ["lib/sandbox/**/*.ts"],
  ignores: ["**/errors.ts", "lib/sandbox/core/auth-errors.ts", "**/*.test.ts"],
  rules: {
    "no-restricted-syntax": [
      "error",
      {
        selector: "NewExpression[callee.name='AwsError']",
        message: "Make AWS errors with a named factory in the service's errors.ts (AWS's code, message and status there).",
      },
    ],
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  SANDBOX_BOUNDARY,
  BROWSER_BOUNDARY,
  ERRORS_CATALOGUE,
  globalIgnores([".next/**", "node_modules/**", ".data/**", ".data-*/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "drizzle/**"]),
]);
