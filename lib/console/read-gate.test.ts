import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReadGate } from "./read-gate";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A read that ends when `finish` is called. */
function heldRead(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    read: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
  };
}

describe("the console's read gate", () => {
  it("works on two reads at once; the others start in their order as slots free", async () => {
    const gate = new ReadGate(2, 250);
    const log: string[] = [];
    const reads = ["a", "b", "c", "d"].map((name) => heldRead(log, name));
    const results = reads.map((read) => gate.run(read.read));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(["start a", "start b"]);
    expect(gate.queued).toBe(2);
    reads[1].finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(["start a", "start b", "end b", "start c"]);
    reads[0].finish();
    reads[2].finish();
    reads[3].finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
  });

  it("lets a read that holds its slot too long go on outside the gate, so the next one starts", async () => {
    const gate = new ReadGate(1, 250);
    const log: string[] = [];
    const stuck = heldRead(log, "stuck");
    const next = heldRead(log, "next");
    const results = [gate.run(stuck.read), gate.run(next.read)];
    await vi.advanceTimersByTimeAsync(249);
    expect(log).toEqual(["start stuck"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(["start stuck", "start next"]);
    next.finish();
    stuck.finish();
    expect(await Promise.all(results)).toEqual(["stuck", "next"]);
  });

  it("frees the slot of a read that failed", async () => {
    const gate = new ReadGate(1, 250);
    await expect(gate.run(async () => Promise.reject(new Error("no database")))).rejects.toThrow("no database");
    expect(await gate.run(async () => "after")).toBe("after");
  });
});
