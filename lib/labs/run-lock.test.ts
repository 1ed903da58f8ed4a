/** The lab run lease on each database kind: exclusive under concurrency, and lapsing when its holder is gone. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import { LabRunInProgressError, withLabRunLock, withLabRunLocks } from "./run-lock";

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

  it("takes many students' labs at once for a round, leaves a lab whose run is in progress to it, and frees only what it took", async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
    const [ada, bob, cy] = [await createTestUser(), await createTestUser(), await createTestUser()];
    let finishBobsRun!: () => void;
    const bobsRun = withLabRunLock(bob, "vpc-peering", () => new Promise<void>((resolve) => (finishBobsRun = resolve)));
    await expect.poll(async () => (await queryRows("select user_id from lab_run_locks", [])).length).toBe(1);

    const heldDuringRound = await withLabRunLocks([ada, bob, cy], "vpc-peering", async (held) => {
      // While the round holds Ada's lab, her own run is refused; Bob's run goes on.
      await expect(withLabRunLock(ada, "vpc-peering", async () => "run")).rejects.toBeInstanceOf(LabRunInProgressError);
      return [...held].sort();
    });
    expect(heldDuringRound).toEqual([ada, cy].sort());
    // The round freed Ada's and Cy's labs, not Bob's, whose run still holds it.
    expect(await queryRows("select user_id from lab_run_locks", [])).toEqual([{ user_id: bob }]);
    await expect(withLabRunLock(ada, "vpc-peering", async () => "run")).resolves.toBe("run");
    finishBobsRun();
    await bobsRun;
    expect(await queryRows("select * from lab_run_locks", [])).toEqual([]);
  });
});
