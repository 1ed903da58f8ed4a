/**
 * The console's read actions as a signed-in student calls them: Check my work answers at once, and
 * the idle teardown's clock (lab_runs.touched_at) moves only when the student changes something:
 * the reads an open console tab fires on every refresh (the step rail's check, the bucket view)
 * must not keep a forgotten lab alive forever.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { consoleSandboxForFile } from "@/lib/aws/testing-hooks";
import { getDb } from "@/lib/db/client";
import { labRuns } from "@/lib/db/schema";
import { doLabStep } from "@/lib/labs/check";
import { findLabRun, touchLabRun } from "@/lib/labs/runs";
import { sandboxClients } from "@/lib/labs/testing";
import type { TestAccount } from "@/lib/sandbox/testing";

const signedIn = vi.hoisted(() => ({ userId: "" }));

// The signed-in student, without next-auth's request scope.
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const { findUserById } = await import("@/lib/auth/users");
  return { ...(await importOriginal<object>()), requireUserOrThrow: async () => (await findUserById(signedIn.userId))! };
});

const { checkLabAction } = await import("./check-lab");
const { listBucketObjectsAction } = await import("./list-bucket-objects");
const { createBucketAction } = await import("./create-bucket");
const { loadConsoleData } = await import("@/lib/console/load-console");

const sandbox = consoleSandboxForFile();
let account: TestAccount;
const LONG_AGO = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  account = await sandbox.server.newAccount();
  signedIn.userId = account.userId;
});

async function touchedLongAgo(labId: string): Promise<void> {
  await touchLabRun(account.userId, labId);
  const db = await getDb();
  await db.update(labRuns).set({ touchedAt: LONG_AGO }).where(eq(labRuns.userId, account.userId));
}

const touchedAt = async (labId: string) => (await findLabRun(account.userId, labId))!.touchedAt;

describe("Check my work", () => {
  it("answers on Lab 1's ping step without waiting out the ping's timeout (the analysis decides, no ping is waited out)", async () => {
    const clients = sandboxClients(sandbox.server, account);
    for (const step of ["vpcs", "peering", "routes", "instances", "connect"]) await doLabStep(clients, "vpc-peering", step);
    // Run Command answers after the command's own run time, as on AWS (four lost pings: ~13 s).
    const saved = process.env.VPCLAB_SANDBOX_DELAYS;
    process.env.VPCLAB_SANDBOX_DELAYS = "realistic,instancePending=0,instanceStopping=0,instanceShuttingDown=0,peeringProvisioning=0";
    try {
      const started = Date.now();
      const checked = await checkLabAction({ labId: "vpc-peering", stepId: "ping" });
      // Waiting out the ping takes ~13 s; the check takes ~0.25 s quiet (npm run bench: lab-check), more on a loaded CI machine.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(checked.ok && checked.data.results.ping.done).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.VPCLAB_SANDBOX_DELAYS;
      else process.env.VPCLAB_SANDBOX_DELAYS = saved;
    }
  });
});

describe("the account version a check and a console read carry", () => {
  it("is the same while nothing changed, so the rail does not check again after its own check (Do it for me, a reset), and moves with any change", async () => {
    const checked = await checkLabAction({ labId: "vpc-peering" });
    const read = await loadConsoleData();
    if (!checked.ok || !read.ok) throw new Error("the check or the read failed");
    expect(checked.data.accountVersion).toEqual(expect.any(Number));
    expect(read.data.accountVersion).toBe(checked.data.accountVersion);

    await createBucketAction({ bucket: `version-moves-${account.accountId}` });
    const after = await loadConsoleData();
    expect(after.ok && after.data.accountVersion).toBeGreaterThan(checked.data.accountVersion!);
    const rechecked = await checkLabAction({ labId: "vpc-peering" });
    expect(rechecked.ok && rechecked.data.accountVersion).toBe(after.ok && after.data.accountVersion);
  });
});

describe("a lab page's read of the account", () => {
  it("brings the step rail's check (recording the steps done from the CLI) and the Break it panel's challenge, judged on the state it read", async () => {
    const read = await loadConsoleData({ labId: "vpc-peering", check: true });
    if (!read.ok) throw new Error(read.error.message);
    const { check, challenge } = read.data.lab!;
    expect(check!.accountVersion).toBe(read.data.accountVersion);
    expect(check!.results.vpcs.done).toBe(true);
    expect(check!.completedSteps).toEqual(expect.arrayContaining(["vpcs", "peering", "routes", "instances"]));
    expect(challenge).toEqual({ challenge: null, choices: expect.arrayContaining([expect.objectContaining({ id: expect.any(String), title: expect.any(String) })]) });
    // The steps it recorded are the rail's: its own check finds them done, none newly.
    const rechecked = await checkLabAction({ labId: "vpc-peering" });
    expect(rechecked.ok && rechecked.data.newlyCompleted).toEqual([]);
  });

  it("brings the Activity panel's page unless the page asks without it (its Activity tab not shown)", async () => {
    await createBucketAction({ bucket: `activity-read-${account.accountId}` });
    const shown = await loadConsoleData({ labId: "vpc-peering", check: false, activity: true });
    const hidden = await loadConsoleData({ labId: "vpc-peering", check: false, activity: false });
    if (!shown.ok || !hidden.ok) throw new Error("a read failed");
    expect(shown.data.activity!.entries.map((entry) => entry.action)).toContain("CreateBucket");
    expect(hidden.data).not.toHaveProperty("activity");
    expect(hidden.data.snapshot.buckets.map((bucket) => bucket.name)).toContain(`activity-read-${account.accountId}`);
    const byDefault = await loadConsoleData({ labId: "vpc-peering", check: false });
    expect(byDefault.ok && byDefault.data.activity!.entries.length).toBeGreaterThan(0);
  });

  it("checks nothing unless asked (a poll), and refuses a lab that does not exist", async () => {
    const poll = await loadConsoleData({ labId: "vpc-endpoints", check: false });
    expect(poll.ok && poll.data.lab).toEqual({ challenge: { challenge: null, choices: expect.any(Array) } });
    expect(await loadConsoleData({ labId: "lab-3" as "vpc-peering", check: true })).toMatchObject({ ok: false, error: { code: "ValidationError" } });
  });
});

describe("the idle-teardown clock", () => {
  it("is not reset by the checks and bucket listings a console tab fires on refresh", async () => {
    await touchedLongAgo("vpc-endpoints");
    expect((await checkLabAction({ labId: "vpc-endpoints" })).ok).toBe(true);
    expect((await checkLabAction({ labId: "vpc-endpoints", stepId: "architecture" })).ok).toBe(true);
    expect((await loadConsoleData({ labId: "vpc-endpoints", check: true })).ok).toBe(true);
    expect(await listBucketObjectsAction({ bucket: "idle-clock-no-such-bucket" })).toMatchObject({ ok: false, error: { code: "NoSuchBucket" } });
    expect(await touchedAt("vpc-endpoints")).toEqual(LONG_AGO);
  });

  it("is reset by a change the student makes", async () => {
    await touchedLongAgo("vpc-endpoints");
    const created = await createBucketAction({ bucket: `idle-clock-${account.accountId}` });
    expect(created.ok).toBe(true);
    expect((await touchedAt("vpc-endpoints")).getTime()).toBeGreaterThan(LONG_AGO.getTime());
  });
});
