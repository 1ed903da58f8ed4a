/**
 * Reset to step N as a signed-in student presses it: the lab is reset, the reopened steps are
 * unticked, and when nothing had to be rebuilt the reset's own check is what gets recorded (the
 * account is not read and judged a second time, nor its id asked for again, while the student waits).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { consoleSandboxForFile } from "@/lib/aws/testing-hooks";
import { doWholeLab, labDefinition } from "@/lib/labs/check";
import { loadLabProgress } from "@/lib/labs/progress";
import { sandboxClients } from "@/lib/labs/testing";
import { flushActivity, listActivity } from "@/lib/sandbox/core/activity";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import type { TestAccount } from "@/lib/sandbox/testing";

const signedIn = vi.hoisted(() => ({ userId: "" }));

// The signed-in student, without next-auth's request scope.
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const { findUserById } = await import("@/lib/auth/users");
  return { ...(await importOriginal<object>()), requireUserOrThrow: async () => (await findUserById(signedIn.userId))! };
});

const { resetLabAction } = await import("./reset-lab");
const { checkLabAction } = await import("./check-lab");

const sandbox = consoleSandboxForFile();
let account: TestAccount;

beforeAll(async () => {
  account = await sandbox.server.newAccount();
  signedIn.userId = account.userId;
});
// Registered after the sandbox's own hooks, so it runs before the server closes.
afterAll(async () => commandRunsSettled());

describe("Reset to step N", () => {
  it("Lab 1, reset to step 6 after the whole lab: steps 1-5 stay done, step 6 reopens, Run Command's history is read once and STS is not asked again", async () => {
    await doWholeLab(sandboxClients(sandbox.server, account), "vpc-peering");
    await commandRunsSettled();
    await flushActivity();
    const [last] = await listActivity(account.accountId, { limit: 1 });

    const reset = await resetLabAction({ labId: "vpc-peering", stepId: "ping" });
    expect(reset).toMatchObject({ ok: true, message: "The lab is at the start of step 6." });
    const steps = labDefinition("vpc-peering").steps.map((step) => step.id);
    expect(reset.ok && reset.data.completedSteps).toEqual(steps.slice(0, 5));
    expect(reset.ok && reset.data.results.ping.done).toBe(false);
    expect(reset.ok && reset.data.report).toMatchObject({ left: [], built: { created: [] } });

    await flushActivity();
    const calls = (await listActivity(account.accountId, { limit: 500 })).filter((row) => row.id > last.id);
    expect(calls.filter((row) => row.action === "ListCommandInvocations")).toHaveLength(1);
    // The new run's clients sign with the same key, whose account the console already knows.
    expect(calls.filter((row) => row.action === "GetCallerIdentity")).toHaveLength(0);
  });

  it("Lab 1, reset to step 1 while the console keeps checking: no step is left ticked (its checks during the removal see them still built)", async () => {
    await doWholeLab(sandboxClients(sandbox.server, account), "vpc-peering");
    await commandRunsSettled();
    let resetting = true;
    const reset = resetLabAction({ labId: "vpc-peering", stepId: "vpcs" }).finally(() => (resetting = false));
    // The open console checks after every change it hears of, the reset's deletes among them.
    // Each check is a request of its own: the server's loop turns between them (a check that reads only
    // the database and shared reads resolves in microtasks, and a bare loop of them would starve the reset).
    while (resetting) {
      await checkLabAction({ labId: "vpc-peering" });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await reset).toMatchObject({ ok: true, message: "The lab is at the start of step 1.", data: { completedSteps: [] } });
    expect((await loadLabProgress(account.userId, "vpc-peering")).completedSteps).toEqual([]);
  });
});
