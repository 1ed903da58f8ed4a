import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { sandboxState } from "@/lib/db/schema";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { ensureSandboxAccount } from "@/lib/sandbox/accounts";
import { createTestUser } from "@/lib/sandbox/testing";
import { AwsError } from "./errors";
import { forgetCachedStates, MAX_STATE_CHARS, onSandboxChange, runInAccount, runOnState, type SandboxChange, type StateAccess } from "./state-store";

interface Counter {
  count: number;
  log: string[];
}

async function newAccountId(): Promise<string> {
  return (await ensureSandboxAccount(await createTestUser())).accountId;
}

function access(accountId: string, overrides: Partial<StateAccess<Counter>> = {}): StateAccess<Counter> {
  return {
    accountId,
    service: "counter",
    region: "us-east-1",
    action: "Increment",
    mutates: true,
    initialState: () => ({ count: 0, log: [] }),
    ...overrides,
  };
}

const increment = (accountId: string) =>
  runOnState(access(accountId), (state) => {
    state.count += 1;
    return state.count;
  });

const read = (accountId: string) => runOnState(access(accountId, { mutates: false, action: "Describe" }), (state) => ({ ...state }));

async function storedRow(accountId: string) {
  const db = await getDb();
  const rows = await db
    .select({ json: sql<string>`${sandboxState.document}::text`, version: sandboxState.version })
    .from(sandboxState)
    .where(and(eq(sandboxState.accountId, accountId), eq(sandboxState.service, "counter:us-east-1")));
  return rows[0];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe.each(testDatabaseKinds())("state store (%s)", (kind) => {
  let dispose: () => Promise<void>;
  let reopen: () => Promise<void>;
  const changes: SandboxChange[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    ({ dispose, reopen } = await openFreshTestDatabase(kind));
    forgetCachedStates();
    unsubscribe = onSandboxChange((change) => changes.push(change));
  });
  afterAll(async () => {
    unsubscribe();
    forgetCachedStates();
    await dispose();
  });
  afterEach(() => {
    changes.length = 0;
  });

  it("refuses a change that grows a state past MAX_STATE_CHARS, keeps the state as it was, and lets a shrinking change through", async () => {
    const accountId = await newAccountId();
    const grow = (chars: number) =>
      runOnState(access(accountId), (state) => {
        state.log.push("x".repeat(chars));
      });
    await grow(MAX_STATE_CHARS - 1000);
    const error = await rejection(grow(2000));
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe("LimitExceeded");
    expect((error as AwsError).message).toMatch(/size limit \(4194304 characters\)/);
    expect((await read(accountId)).log).toHaveLength(1);
    await runOnState(access(accountId), (state) => {
      state.log[0] = state.log[0].slice(1);
    });
    expect((await read(accountId)).log[0]).toHaveLength(MAX_STATE_CHARS - 1001);
  });

  it("writes a new account's initial state on first use, so it stays the same", async () => {
    const accountId = await newAccountId();
    let initialised = 0;
    const first = access(accountId, { mutates: false, initialState: () => ({ count: ++initialised * 100, log: [] }) });
    expect(await runOnState(first, (state) => state.count)).toBe(100);
    expect(await runOnState(first, (state) => state.count)).toBe(100);
    forgetCachedStates();
    expect(await runOnState(first, (state) => state.count)).toBe(100);
    expect(initialised).toBe(1);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":100,"log":[]}', version: 1 });
  });

  it("persists a mutating call with one new version, and a read-only call writes nothing", async () => {
    const accountId = await newAccountId();
    expect(await increment(accountId)).toBe(1);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":1,"log":[]}', version: 2 });
    await read(accountId);
    expect((await storedRow(accountId)).version).toBe(2);
    expect(changes).toEqual([{ accountId, service: "counter", region: "us-east-1", action: "Increment" }]);
  });

  it("leaves the stored document and the cache as they were when an operation changes state and then throws", async () => {
    const accountId = await newAccountId();
    await increment(accountId);
    const before = await storedRow(accountId);
    const failure = runOnState(access(accountId, { action: "Break" }), (state) => {
      state.count = 999;
      state.log.push("half done");
      throw new AwsError("InvalidParameterValue", "no");
    });
    expect(await rejection(failure)).toBeInstanceOf(AwsError);
    const crash = runOnState(access(accountId, { action: "Crash" }), (state) => {
      state.log.push("half done");
      throw new TypeError("bug");
    });
    expect(await rejection(crash)).toBeInstanceOf(TypeError);
    expect(await storedRow(accountId)).toEqual(before);
    expect(await read(accountId)).toEqual({ count: 1, log: [] });
    expect(changes.map((change) => change.action)).toEqual(["Increment"]);
  });

  it("serialises concurrent calls of one account: 50 parallel increments end at 50", async () => {
    const accountId = await newAccountId();
    const results = await Promise.all(Array.from({ length: 50 }, () => increment(accountId)));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await storedRow(accountId)).toEqual({ json: '{"count":50,"log":[]}', version: 51 });
  });

  it("runs different accounts concurrently while one account waits its turn", async () => {
    const [first, second] = [await newAccountId(), await newAccountId()];
    let release!: () => void;
    const held = runInAccount(first, () => new Promise<void>((resolve) => (release = resolve)));
    const sameAccount = runInAccount(first, () => "after");
    const otherAccount = await runInAccount(second, () => "independent");
    expect(otherAccount).toBe("independent");
    let sameDone = false;
    void sameAccount.then(() => (sameDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sameDone).toBe(false);
    release();
    await held;
    expect(await sameAccount).toBe("after");
  });

  it("keeps one account's state apart from another's", async () => {
    const [first, second] = [await newAccountId(), await newAccountId()];
    await increment(first);
    await increment(first);
    expect(await read(first)).toEqual({ count: 2, log: [] });
    expect(await read(second)).toEqual({ count: 0, log: [] });
  });

  it("applies time-based transitions on read-only calls in memory, tells listeners, and writes them with the next change", async () => {
    const accountId = await newAccountId();
    const advance = (state: Counter) => {
      if (state.log.includes("ripe")) return false;
      state.log.push("ripe");
      return true;
    };
    const describe = access(accountId, { mutates: false, action: "Describe", advance });
    expect(await runOnState(describe, (state) => state.log)).toEqual(["ripe"]);
    // Not written on its own: derived again from the stored state after a restart.
    expect(await storedRow(accountId)).toEqual({ json: '{"count":0,"log":[]}', version: 1 });
    expect(await runOnState(describe, (state) => state.log)).toEqual(["ripe"]);
    expect(changes).toEqual([{ accountId, service: "counter", region: "us-east-1", action: "StateTransition" }]);

    await runOnState(access(accountId, { advance }), (state) => void (state.count += 1));
    expect(await storedRow(accountId)).toEqual({ json: '{"count":1,"log":["ripe"]}', version: 2 });
    forgetCachedStates();
    expect(await runOnState(describe, (state) => state.log)).toEqual(["ripe"]);
  });

  it("stores documents as JSON: what a call sees is what a restart would give", async () => {
    const accountId = await newAccountId();
    await runOnState(access(accountId), (state) => {
      (state as unknown as Record<string, unknown>).when = new Date(0);
      (state as unknown as Record<string, unknown>).gone = undefined;
    });
    expect(await read(accountId)).toEqual({ count: 0, log: [], when: "1970-01-01T00:00:00.000Z" });
  });

  async function writeBehindTheCache(accountId: string): Promise<void> {
    await (await getDb())
      .update(sandboxState)
      .set({ document: sql`'{"count":40,"log":[]}'::json`, version: 7 })
      .where(and(eq(sandboxState.accountId, accountId), eq(sandboxState.service, "counter:us-east-1")));
  }

  it.runIf(kind === "pglite")("refuses to overwrite a document someone else changed, then recovers from the stored one", async () => {
    const accountId = await newAccountId();
    await increment(accountId);
    await writeBehindTheCache(accountId);
    expect(String(await rejection(increment(accountId)))).toContain("was changed by someone else");
    expect(await increment(accountId)).toBe(41);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":41,"log":[]}', version: 8 });
  });

  it.runIf(kind === "postgres")("works on a document another process wrote with the next call, never on its stale cached copy", async () => {
    const accountId = await newAccountId();
    await increment(accountId);
    await writeBehindTheCache(accountId);
    expect(await read(accountId)).toEqual({ count: 40, log: [] });
    await writeBehindTheCache(accountId);
    expect(await increment(accountId)).toBe(41);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":41,"log":[]}', version: 8 });
  });

  it("isolates a listener's exception from the call", async () => {
    const accountId = await newAccountId();
    const stop = onSandboxChange(() => {
      throw new Error("listener bug");
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await increment(accountId)).toBe(1);
    } finally {
      console.error = original;
      stop();
    }
    expect(errors).toHaveLength(1);
  });

  // Closing and reopening is what a restart does to PGlite; a PostgreSQL test database cannot be reopened by URL here.
  it("reloads state from the database after a restart", async () => {
    const accountId = await newAccountId();
    await increment(accountId);
    await increment(accountId);
    await reopen();
    forgetCachedStates();
    expect(await read(accountId)).toEqual({ count: 2, log: [] });
    expect(await increment(accountId)).toBe(3);
  });
});
