/**
 * Test harness: the sandbox on a plain Node HTTP server over a fresh database, with helpers to
 * create accounts and to run the AWS CLI v2 against it. For tests and benchmarks only.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { openFreshTestDatabase, type TestDatabaseKind } from "@/lib/db/testing";
import { ensureSandboxAccount, forgetCachedAccessKeys } from "./accounts";
import { type ActivityRow, flushActivity, listActivity } from "./core/activity";
import { forgetCreationTimes } from "./core/consistency";
import { keepConnectionsAliveSafely } from "./core/keep-alive";
import { resetSandboxFaults } from "./core/faults";
import { resetSandboxDelays } from "./core/settings";
import { forgetCachedStates } from "./core/state-store";
import { createSandboxHandler, isSandboxRequest } from "./http";
import { sandboxRegistry, type SandboxRegistry } from "./registry";

export interface TestAccount {
  accountId: string;
  userId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface SandboxServer {
  /** http://127.0.0.1:<port>/aws */
  endpoint: string;
  /** The HTTP server itself (benchmarks time requests on it). */
  http: http.Server;
  /** A new user with a new sandbox account. */
  newAccount(): Promise<TestAccount>;
  /** Closes the database handle and opens the same database again, as a restart does. */
  reopenDatabase(): Promise<void>;
  close(): Promise<void>;
}

export interface SandboxServerOptions {
  /** Database kind (default PGlite); see testDatabaseKinds(). */
  database?: TestDatabaseKind;
  /** Services to serve instead of the app's registry. */
  registry?: SandboxRegistry;
}

/** Creates a users row for a test account (sandbox accounts belong to users). */
export async function createTestUser(): Promise<string> {
  const db = await getDb();
  const id = `test-${crypto.randomUUID()}`;
  await db.insert(users).values({ id, email: `${id}@example.test`, name: "Test student", role: "student" });
  return id;
}

/** Starts the sandbox on an ephemeral loopback port over a fresh, empty database. */
/** The calls the account received while `work` ran, as the activity log holds them (newest first). */
export async function callsDuring(accountId: string, work: () => Promise<unknown>): Promise<ActivityRow[]> {
  await flushActivity();
  const [last] = await listActivity(accountId, { limit: 1 });
  await work();
  await flushActivity();
  const rows = await listActivity(accountId, { limit: 500 });
  return rows.filter((row) => row.id > (last?.id ?? 0));
}

export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const database = await openFreshTestDatabase(options.database ?? "pglite");
  forgetCachedStates();
  forgetCachedAccessKeys();
  forgetCreationTimes();
  const handle = createSandboxHandler(options.registry ?? sandboxRegistry);
  const server = http.createServer((req, res) => {
    if (isSandboxRequest(req)) {
      void handle(req, res);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not the sandbox");
  });
  keepConnectionsAliveSafely(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/aws`,
    http: server,
    async newAccount() {
      const userId = await createTestUser();
      const { accountId, accessKeyId, secretAccessKey } = await ensureSandboxAccount(userId);
      return { accountId, userId, credentials: { accessKeyId, secretAccessKey } };
    },
    reopenDatabase: () => database.reopen(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await flushActivity();
      forgetCachedStates();
      forgetCachedAccessKeys();
      // Faults and delays set by a test end with its sandbox.
      resetSandboxFaults();
      resetSandboxDelays();
      forgetCreationTimes();
      await database.dispose();
    },
  };
}

/** The AWS CLI v2 (Debian's awscli 2.x). The `aws` first on PATH may be v1. */
export const AWS_CLI_V2 = "/usr/bin/aws";

/** Environment variables for a CLI run (the whole environment: nothing is inherited). */
export type CliEnv = Record<string, string | undefined>;

let emptyConfigFile: string | undefined;

function emptyAwsConfigFile(): string {
  if (!emptyConfigFile || !fs.existsSync(emptyConfigFile)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-awscli-"));
    emptyConfigFile = path.join(dir, "empty");
    fs.writeFileSync(emptyConfigFile, "");
  }
  return emptyConfigFile;
}

/** Environment for running the CLI against the sandbox as `account`, with no machine config leaking in. */
export function cliEnv(account: Pick<TestAccount, "credentials">, endpoint: string): CliEnv {
  const empty = emptyAwsConfigFile();
  return {
    PATH: process.env.PATH,
    HOME: path.dirname(empty),
    AWS_ACCESS_KEY_ID: account.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the AWS CLI v2 with `args` and `env` (see cliEnv); never rejects. CLI 2.9 ignores
 * AWS_ENDPOINT_URL (only 2.13+ reads it), so it is passed on as --endpoint-url.
 */
export function runAwsCli(args: string[], env: CliEnv): Promise<CliResult> {
  const endpointArgs = env.AWS_ENDPOINT_URL && !args.includes("--endpoint-url") ? ["--endpoint-url", env.AWS_ENDPOINT_URL] : [];
  return new Promise((resolve) => {
    execFile(AWS_CLI_V2, [...endpointArgs, ...args], { env: env as NodeJS.ProcessEnv, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
