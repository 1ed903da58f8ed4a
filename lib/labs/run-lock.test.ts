/** The lab run lease on each database kind: exclusive under concurrency, and lapsing when its holder is gone. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import { LabRunInProgressError, withLabRunLock } from "./run-lock";

describe.each(testDatabaseKinds())("the lab run lock on %s", (kind) => {
  // One database for the describe: each test makes its own users, so tests stay independent.
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it("lets exactly one of 20 simultaneous runs of a lab in, while it holds the lab", async () => {
    const userId = await createTestUser();
    let inside = 0;
    let refused = 0;
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const runs = Array.from({ length: 20 }, () =>
      withLabRunLock(userId, "vpc-peering", async () => {
        inside++;
        await held;
      }).catch((error: unknown) => {
        if (error instanceof LabRunInProgressError) refused++;
        else throw error;
      }),
    );
    await expect.poll(() => refused, { timeout: 20_000 }).toBe(19);
    finish();
    await Promise.all(runs);
    expect(inside).toBe(1);
    expect(await queryRows("select * from lab_run_locks where user_id = $1", [userId])).toEqual([]);
  });

  it("takes over a lease whose holder stopped renewing it (a crashed process)", async () => {
    const userId = await createTestUser();
    await queryRows("insert into lab_run_locks (user_id, lab_id, owner, expires_at) values ($1, 'vpc-peering', 'crashed', now() + interval '1 minute')", [userId]);
    await expect(withLabRunLock(userId, "vpc-peering", async () => "run")).rejects.toBeInstanceOf(LabRunInProgressError);
    await queryRows("update lab_run_locks set expires_at = now() - interval '1 second' where user_id = $1", [userId]);
    await expect(withLabRunLock(userId, "vpc-peering", async () => "run")).resolves.toBe("run");
  });
});
