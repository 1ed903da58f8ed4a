/**
 * Test and benchmark helpers: `AwsClients` built by the console's own factory, signed as a
 * sandbox account, against a test sandbox server — in sandbox mode, or in real mode (the code
 * path real AWS takes: ownership limited to what the console tagged) pointed at the sandbox.
 */
import { type AwsClients, type AwsMode, buildClients } from "@/lib/aws/clients";
import type { SandboxServer, TestAccount } from "@/lib/sandbox/testing";

export function sandboxClients(
  server: Pick<SandboxServer, "endpoint">,
  account: Pick<TestAccount, "credentials" | "userId">,
  options: { region?: string; mode?: AwsMode; labId?: string; runId?: string; maxAttempts?: number } = {},
): AwsClients {
  const mode = options.mode ?? "sandbox";
  return buildClients(
    mode,
    { region: options.region ?? "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: options.maxAttempts ?? (mode === "sandbox" ? 1 : undefined) },
    { userId: account.userId, labId: options.labId, runId: options.runId },
  );
}
