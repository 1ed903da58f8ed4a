/** Test helpers: the sandbox serving EC2 on loopback, SDK clients per account, and error assertions. */
import { EC2Client } from "@aws-sdk/client-ec2";
import { expect } from "vitest";
import { createRegistry } from "@/lib/sandbox/registry";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";
import type { QueryService } from "@/lib/sandbox/core/types";
import { ec2Service } from "./service";

const ec2Registry = () => createRegistry([ec2Service as QueryService<unknown>]);

export function startEc2Sandbox(): Promise<SandboxServer> {
  return startSandboxServer({ registry: ec2Registry() });
}

/** The file's sandbox serving EC2 only, started before its tests and closed after them. */
export function ec2SandboxForFile(): SandboxServer {
  return sandboxForFile({ registry: ec2Registry() });
}

export function ec2ClientFor(server: SandboxServer, account: TestAccount, region = "us-east-1"): EC2Client {
  return new EC2Client({ region, endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
}

/** Awaits a call that must fail with exactly this AWS error code (and message, when given). */
export async function expectAwsError(call: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error!.name).toBe(code);
  if (typeof message === "string") expect(error!.message).toBe(message);
  else if (message) expect(error!.message).toMatch(message);
}
