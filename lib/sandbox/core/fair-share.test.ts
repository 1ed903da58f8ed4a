import { describe, expect, it } from "vitest";
import { AccountBusy, CALLS_IN_PROGRESS_PER_ACCOUNT, fairShareOf, MAX_WAITING_PER_ACCOUNT, withFairShare } from "./fair-share";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("fair share of the event loop between accounts", () => {
  it("lets another account's work run between the calls of a deep queue, not after all of them", async () => {
    const done: number[] = [];
    const queue = Array.from({ length: 200 }, (_, i) => withFairShare("111111111111", async () => void done.push(i)));
    let doneWhenOtherRan = -1;
    setImmediate(() => (doneWhenOtherRan = done.length));
    await Promise.all(queue);
    expect(done).toHaveLength(200);
    expect(doneWhenOtherRan).toBeGreaterThanOrEqual(0);
    expect(doneWhenOtherRan).toBeLessThan(200 / 4);
  });

  it("keeps at most a few calls of one account in progress, in arrival order", async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withFairShare("222222222222", async () => {
          running++;
          most = Math.max(most, running);
          await nextTurn();
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(CALLS_IN_PROGRESS_PER_ACCOUNT);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(fairShareOf("222222222222")).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a call beyond the account's waiting queue, and serves another account meanwhile", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = Array.from({ length: CALLS_IN_PROGRESS_PER_ACCOUNT + MAX_WAITING_PER_ACCOUNT }, () => withFairShare("333333333333", () => gate));
    await expect(withFairShare("333333333333", async () => "late")).rejects.toBeInstanceOf(AccountBusy);
    await expect(withFairShare("444444444444", async () => "other")).resolves.toBe("other");
    open();
    await Promise.all(held);
    expect(fairShareOf("333333333333")).toEqual({ running: 0, waiting: 0 });
  });

  it("passes its place on when a call fails", async () => {
    const failing = Array.from({ length: 10 }, () => withFairShare("555555555555", async () => Promise.reject(new Error("refused"))));
    await Promise.allSettled(failing);
    await expect(withFairShare("555555555555", async () => "after")).resolves.toBe("after");
    expect(fairShareOf("555555555555")).toEqual({ running: 0, waiting: 0 });
  });
});
