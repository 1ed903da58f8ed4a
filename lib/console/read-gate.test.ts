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
    const gate = new ReadGate(2, 250, 2);
    const log: string[] = [];
    const reads = ["a", "b", "c", "d"].map((name) => heldRead(log, name));
    const results = reads.map((read, n) => gate.run(`student-${n}`, read.read));
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
    const gate = new ReadGate(1, 250, 2);
    const log: string[] = [];
    const stuck = heldRead(log, "stuck");
    const next = heldRead(log, "next");
    const results = [gate.run("busy student", stuck.read), gate.run("another student", next.read)];
    await vi.advanceTimersByTimeAsync(249);
    expect(log).toEqual(["start stuck"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(["start stuck", "start next"]);
    next.finish();
    stuck.finish();
    expect(await Promise.all(results)).toEqual(["stuck", "next"]);
  });

  it("frees the slot of a read that failed", async () => {
    const gate = new ReadGate(1, 250, 2);
    await expect(gate.run("student", async () => Promise.reject(new Error("no database")))).rejects.toThrow("no database");
    expect(await gate.run("student", async () => "after")).toBe("after");
  });

  it("keeps a student's flood of reads behind their own: another student's read goes next, not after the flood", async () => {
    const gate = new ReadGate(1, 60_000, 2);
    const log: string[] = [];
    const flood = Array.from({ length: 10 }, (_, n) => heldRead(log, `flood ${n}`));
    const floodDone = flood.map((read) => gate.run("hostile", read.read));
    const other = heldRead(log, "other");
    const otherDone = gate.run("student", other.read);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(["start flood 0"]);
    flood[0].finish();
    await vi.advanceTimersByTimeAsync(0);
    flood[1].finish();
    await vi.advanceTimersByTimeAsync(0);
    // The hostile student's third read waited for a place of their own; the other student's was already in the queue.
    expect(log.slice(0, 5)).toEqual(["start flood 0", "end flood 0", "start flood 1", "end flood 1", "start other"]);
    other.finish();
    flood.forEach((read) => read.finish());
    await Promise.all([...floodDone, otherDone]);
  });
});
