// Serves the built console for the Playwright suite on a fresh, empty data folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? ".data-e2e");
fs.rmSync(dataDir, { recursive: true, force: true });
const child = spawn(path.resolve("node_modules/.bin/tsx"), [process.env.E2E_SERVER_ENTRY ?? "server.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    VPCLAB_DATA_DIR: dataDir,
    VPCLAB_SANDBOX_DELAYS: process.env.VPCLAB_SANDBOX_DELAYS ?? "none",
    // The suite's own server on loopback: tests may set faults and delays through /aws/_sandbox/faults.
    VPCLAB_SANDBOX_ADMIN: "1",
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
