/**
 * Serves the built console in real AWS mode for the Playwright "real-aws" project. Real mode's AWS
 * is this server's own sandbox: before the start, a fresh data folder gets one sandbox account (the
 * "operator's", like the AWS account an instructor configures), whose key the server then takes from
 * the standard chain (AWS_ACCESS_KEY_ID…) and whose endpoint from AWS_ENDPOINT_URL, as it would
 * take AWS's. The key is written to operator.json in the data folder for the specs' own SDK calls.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.E2E_REAL_DATA_DIR ?? ".data-e2e-real");
const port = Number(process.env.PORT ?? 3101);
const endpoint = `http://127.0.0.1:${port}/aws`;
const operatorFile = path.join(dataDir, "operator.json");

/** Creates the operator's user and sandbox account in the fresh database, then closes it for the server. */
async function createOperatorAccount() {
  process.env.VPCLAB_DATA_DIR = dataDir;
  const { closeDatabase, getDb } = await import("@/lib/db/client");
  const { users } = await import("@/lib/db/schema");
  const { ensureSandboxAccount } = await import("@/lib/sandbox/accounts");
  const db = await getDb();
  await db.insert(users).values({ id: "e2e-operator", email: "operator@example.test", name: "AWS account operator", role: "student" });
  const account = await ensureSandboxAccount("e2e-operator");
  await closeDatabase();
  return account;
}

async function main() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const account = await createOperatorAccount();
  fs.writeFileSync(operatorFile, JSON.stringify({ ...account, endpoint }));
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: "",
      VPCLAB_DATA_DIR: dataDir,
      VPCLAB_AWS_MODE: "real",
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: account.accessKeyId,
      AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
      AWS_SESSION_TOKEN: "",
      AWS_PROFILE: "",
      AWS_EC2_METADATA_DISABLED: "true",
      // Real AWS's nuisances, short: pending states, 5% throttling, a 1 s consistency window; seeded, so every run is the same.
      VPCLAB_SANDBOX_DELAYS: "realistic,instancePending=1500,instanceStopping=500,instanceShuttingDown=1000,peeringProvisioning=1000,endpointPending=1000",
      VPCLAB_SANDBOX_FAULTS: "throttle=0.05,consistency=1000,seed=8",
      VPCLAB_SANDBOX_ADMIN: "1",
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
