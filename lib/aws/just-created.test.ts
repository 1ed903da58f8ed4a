import { describe, expect, it } from "vitest";
import { JustCreated, readUntilVisible, retryWhileJustCreated } from "./just-created";

function notFound(id: string) {
  return Object.assign(new Error(`The vpc ID '${id}' does not exist`), { name: "InvalidVpcID.NotFound" });
}

function clock() {
  let now = 1_000;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe("retryWhileJustCreated", () => {
  it("retries a NotFound naming an id this run just created, until the call succeeds", async () => {
    const time = clock();
    const created = new JustCreated(10_000, time.now);
    created.add("vpc-0123456789abcdef0");
    let calls = 0;
    const result = await retryWhileJustCreated(created, async () => {
      if (++calls < 3) throw notFound("vpc-0123456789abcdef0");
      return "ok";
    }, { sleep: time.sleep });
    expect([result, calls]).toEqual(["ok", 3]);
  });

  it("answers at once for an id it did not create", async () => {
    const created = new JustCreated();
    let calls = 0;
    await expect(retryWhileJustCreated(created, async () => {
      calls++;
      throw notFound("vpc-0fedcba9876543210");
    })).rejects.toThrow("The vpc ID 'vpc-0fedcba9876543210' does not exist");
    expect(calls).toBe(1);
  });

  it("gives up when the id's window is over, with AWS's error", async () => {
    const time = clock();
    const created = new JustCreated(10_000, time.now);
    created.add("vpc-0123456789abcdef0");
    let calls = 0;
    await expect(retryWhileJustCreated(created, async () => {
      calls++;
      throw notFound("vpc-0123456789abcdef0");
    }, { sleep: time.sleep })).rejects.toMatchObject({ name: "InvalidVpcID.NotFound" });
    expect(time.now()).toBe(11_000);
    expect(calls).toBeGreaterThan(3);
  });

  it("does not retry other errors, even naming a just-created id", async () => {
    const created = new JustCreated();
    created.add("vpc-0123456789abcdef0");
    const error = Object.assign(new Error("The vpc 'vpc-0123456789abcdef0' has dependencies and cannot be deleted."), { name: "DependencyViolation" });
    await expect(retryWhileJustCreated(created, async () => { throw error; })).rejects.toBe(error);
  });

  it("forgets a deleted id", async () => {
    const created = new JustCreated();
    created.add("vpc-0123456789abcdef0");
    created.forget("vpc-0123456789abcdef0");
    expect(created.remainingMs("vpc-0123456789abcdef0")).toBe(0);
  });
});

describe("readUntilVisible", () => {
  it("reads again until a just-created id is listed", async () => {
    const time = clock();
    const created = new JustCreated(10_000, time.now);
    created.add("subnet-0123456789abcdef0");
    const pages = [[], [], ["subnet-0123456789abcdef0"]];
    let reads = 0;
    const listed = await readUntilVisible(created, async () => pages[reads++], (ids) => new Set(ids), { sleep: time.sleep });
    expect([listed, reads]).toEqual([["subnet-0123456789abcdef0"], 3]);
  });
});
