/**
 * Test hooks for code that reaches the sandbox the way the console does: `clientsForUser` and the
 * actions build their clients for the console's own URL (VPCLAB_SELF_URL), so a test file serves a
 * sandbox and points that URL at it for the file's duration.
 */
import { afterAll, beforeAll } from "vitest";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";

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
