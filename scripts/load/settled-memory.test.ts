import { describe, expect, it } from "vitest";
import { settledReading } from "./settled-memory";

const MB = 1024 * 1024;
const noWait = async () => undefined;

describe("the server's memory after a collection", () => {
  it("is read right after the collection, and where it settles once V8 gives back the heap it grew (a class of 200, measured)", async () => {
    const readings = [744, ...Array(23).fill(744), 636, 612, 607, 607, 607, 607].map((mb) => mb * MB);
    let collected = false;
    const reading = await settledReading(async () => (collected = true), () => (collected ? readings.shift() ?? 607 * MB : 900 * MB), { watchMs: 60_000, wait: noWait });
    expect(reading).toEqual({ collected: 744 * MB, settled: 607 * MB });
  });

  it("is unknown, not a low figure, when a reading fails while watched", async () => {
    const readings = [744 * MB, 700 * MB, undefined, 600 * MB];
    expect(await settledReading(async () => undefined, () => readings.shift(), { watchMs: 5_000, wait: noWait })).toEqual({ collected: 744 * MB, settled: undefined });
  });

  it("does not wait when the server's memory cannot be read at all (--url without --pid)", async () => {
    let waits = 0;
    const reading = await settledReading(async () => undefined, () => undefined, { wait: async () => waits++ });
    expect(reading).toEqual({ collected: undefined, settled: undefined });
    expect(waits).toBe(0);
  });
});
