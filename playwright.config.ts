import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
/** The console in real AWS mode, its AWS being its own sandbox (scripts/e2e-real-server.ts). */
const realPort = Number(process.env.E2E_REAL_PORT ?? port + 1);
const realBaseURL = `http://localhost:${realPort}`;

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.(e2e|setup|real)\.ts/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "first-accounts", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", testMatch: /.*\.e2e\.ts/, dependencies: ["first-accounts"] },
    { name: "real-aws", testMatch: /.*\.real\.ts/, use: { baseURL: realBaseURL } },
  ],
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `${baseURL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { PORT: String(port) },
    },
    {
      command: "node_modules/.bin/tsx scripts/e2e-real-server.ts",
      url: `${realBaseURL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { PORT: String(realPort) },
    },
  ],
});
