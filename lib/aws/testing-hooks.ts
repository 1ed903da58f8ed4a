/**
 * Test hooks for code that reaches the sandbox the way the console does: `clientsForUser` and the
 * actions build their clients for the console's own URL (VPCLAB_SELF_URL), so a test file serves a
 * sandbox and points that URL at it for the file's duration.
 */
import { afterAll, beforeAll, vi } from "vitest";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { SANDBOX_EXTRAS } from "./sandbox";

/** A sandbox server for this test file, as the console's own URL; `sandbox.server` is set once the file's hooks start. */
export function consoleSandboxForFile(): { server: SandboxServer } {
  const sandbox = {} as { server: SandboxServer };
  const savedSelfUrl = process.env.VPCLAB_SELF_URL;
  beforeAll(async () => {
    sandbox.server = await startSandboxServer();
    process.env.VPCLAB_SELF_URL = sandbox.server.endpoint.replace(/\/aws\/?$/, "");
  });
  afterAll(async () => {
    if (savedSelfUrl === undefined) delete process.env.VPCLAB_SELF_URL;
    else process.env.VPCLAB_SELF_URL = savedSelfUrl;
    await sandbox.server?.close();
  });
  return sandbox;
}

/**
 * How many times `work` read the account's EC2 units in process (SandboxExtras.describeEc2), by
 * unit; reads that went through the API show in the activity log instead.
 */
export async function inProcessEc2ReadsDuring(accountId: string, work: () => Promise<unknown>): Promise<{ network: number; endpoints: number }> {
  const reads = vi.spyOn(SANDBOX_EXTRAS, "describeEc2");
  try {
    await work();
    const ofAccount = reads.mock.calls.filter(([account]) => account === accountId);
    return { network: ofAccount.filter(([, , unit]) => unit === "network").length, endpoints: ofAccount.filter(([, , unit]) => unit === "endpoints").length };
  } finally {
    reads.mockRestore();
  }
}
