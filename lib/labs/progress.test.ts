/**
 * A check that ran while a Reset to step N removed the step's work saw the work still there: it is
 * no evidence for the reopened step (lib/actions/reset-lab.sandbox.test.ts races the two for real).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import { forgetSteps, loadLabProgress, recordCompletedSteps } from "./progress";

let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ dispose } = await openFreshTestDatabase("pglite"));
});
afterAll(async () => {
  await dispose();
});

describe("recording the steps a check found done", () => {
  it("does not tick a step reopened after the check read the lab's reopening times", async () => {
    const userId = await createTestUser();
    await recordCompletedSteps(userId, "vpc-peering", ["vpcs", "peering"]);
    // The console's check begins: it reads the reopening times, then the account (the VPCs still there).
    const { reopenedAt: seenByCheck } = await loadLabProgress(userId, "vpc-peering");
    // Meanwhile the reset removes steps 1 and 2's work and reopens them.
    await forgetSteps(userId, "vpc-peering", ["vpcs", "peering"]);
    const recorded = await recordCompletedSteps(userId, "vpc-peering", ["vpcs", "peering"], seenByCheck);
    expect(recorded).toEqual({ completedSteps: [], newlyCompleted: [] });
    expect((await loadLabProgress(userId, "vpc-peering")).completedSteps).toEqual([]);
  });

  it("ticks a reopened step done again by a check made after the reopening", async () => {
    const userId = await createTestUser();
    await recordCompletedSteps(userId, "vpc-peering", ["vpcs"]);
    await forgetSteps(userId, "vpc-peering", ["vpcs"]);
    const { reopenedAt } = await loadLabProgress(userId, "vpc-peering");
    expect(await recordCompletedSteps(userId, "vpc-peering", ["vpcs"], reopenedAt)).toEqual({ completedSteps: ["vpcs"], newlyCompleted: ["vpcs"] });
  });
});
