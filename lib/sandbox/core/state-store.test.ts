import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { currentDatabase, getDb, queryRows } from "@/lib/db/client";
import { sandboxState } from "@/lib/db/schema";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { ensureSandboxAccount } from "@/lib/sandbox/accounts";
import { createTestUser } from "@/lib/sandbox/testing";
import { AwsError } from "./errors";
import {
  dropIdleStates,
  forgetCachedStates,
  MAX_STATE_CHARS,
  onSandboxChange,
  peekState,
  runInAccount,
  runOnState,
  type SandboxChange,
  STATE_IDLE_MS,
  type StateAccess,
  storedState,
} from "./state-store";

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

/** The stored state, as JSON, and its version. */
async function storedRow(accountId: string, key = "counter:us-east-1") {
  const stored = await storedState(accountId, key);
  return stored && { json: JSON.stringify(stored.state), version: stored.version };
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

  it("answers a read of a fixed initial state without storing it; the first change stores it, changed, in one write", async () => {
    const accountId = await newAccountId();
    const fixed = { initialStateIsFixed: true, initialState: () => ({ count: 7, log: [] }) };
    const readFixed = () => runOnState(access(accountId, { ...fixed, mutates: false, action: "Describe" }), (state) => ({ ...state }));
    expect(await readFixed()).toEqual({ count: 7, log: [] });
    expect(await readFixed()).toEqual({ count: 7, log: [] });
    expect(await storedRow(accountId)).toBeNull();
    expect(await peekState(accountId, "counter", "us-east-1")).toBeNull();
    expect(changes).toEqual([]);
    // The state a read is given is frozen, as a stored one is: a read-only call cannot change it.
    await expect(runOnState(access(accountId, { ...fixed, mutates: false }), (state) => void state.log.push("x"))).rejects.toThrow(TypeError);

    expect(await runOnState(access(accountId, fixed), (state) => ++state.count)).toBe(8);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":8,"log":[]}', version: 1 });
    expect(await readFixed()).toEqual({ count: 8, log: [] });
  });

  it("persists a mutating call with one new version, and a read-only call writes nothing", async () => {
    const accountId = await newAccountId();
    expect(await increment(accountId)).toBe(1);
    expect(await storedRow(accountId)).toEqual({ json: '{"count":1,"log":[]}', version: 2 });
    await read(accountId);
    expect((await storedRow(accountId))?.version).toBe(2);
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

  it("makes no draft for advance when transitionsDue says nothing is due, and applies it when something is", async () => {
    const accountId = await newAccountId();
    let due = false;
    let advanced = 0;
    const advance = (state: Counter) => {
      advanced += 1;
      state.log.push("ripe");
      return true;
    };
    const describe = access(accountId, { mutates: false, action: "Describe", advance, transitionsDue: (state) => due && !state.log.includes("ripe") });
    expect(await runOnState(describe, (state) => state.log)).toEqual([]);
    expect(advanced).toBe(0);
    due = true;
    expect(await runOnState(describe, (state) => state.log)).toEqual(["ripe"]);
    expect(await runOnState(describe, (state) => state.log)).toEqual(["ripe"]);
    expect(advanced).toBe(1);
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

  interface Inventory {
    nextId: number;
    things: Record<string, { size: number; note?: string }>;
  }

  const inventory = (accountId: string, overrides: Partial<StateAccess<Inventory>> = {}): StateAccess<Inventory> => ({
    accountId,
    service: "inventory",
    region: null,
    action: "Stock",
    mutates: true,
    initialState: () => ({ nextId: 0, things: {} }),
    ...overrides,
  });

  /** The stored items the last write of the state wrote (same transaction as its version). */
  async function itemsOfLastWrite(accountId: string): Promise<string[]> {
    const rows = await queryRows<{ collection: string; item_id: string }>(
      "select i.collection, i.item_id from sandbox_state_items i join sandbox_state s on s.account_id = i.account_id and s.service = i.service " +
        "where i.account_id = $1 and i.service = 'inventory' and i.xmin = s.xmin order by i.collection, i.item_id",
      [accountId],
    );
    return rows.map((row) => `${row.collection}/${row.item_id}`);
  }

  async function stockThousand(accountId: string): Promise<void> {
    await runOnState(inventory(accountId), (state) => {
      for (let i = 0; i < 1000; i++) state.things[`t${i}`] = { size: i };
      state.nextId = 1000;
    });
  }

  it("writes only the items a call changed, in an account holding 1,000 of them, and reloads the same state, key order included", async () => {
    const accountId = await newAccountId();
    await stockThousand(accountId);
    await runOnState(inventory(accountId), (state) => {
      state.things.t500.note = "checked";
      delete state.things.t7;
    });
    expect(await itemsOfLastWrite(accountId)).toEqual(["things/t500"]);
    const stored = (await storedState(accountId, "inventory"))!.state as Inventory;
    expect(Object.keys(stored.things)).toHaveLength(999);
    expect(stored.things.t500).toEqual({ size: 500, note: "checked" });
    await runOnState(inventory(accountId), (state) => void (state.nextId += 1));
    expect(await itemsOfLastWrite(accountId)).toEqual(["/"]);

    // Deleted and added again in one call: last in the record, in memory and after a restart.
    await runOnState(inventory(accountId), (state) => {
      delete state.things.t1;
      state.things.t1 = { size: -1 };
      state.things.extra = { size: 5 };
    });
    const whole = () => runOnState(inventory(accountId, { mutates: false }), (state) => JSON.stringify(state));
    const before = await whole();
    forgetCachedStates();
    expect(await whole()).toBe(before);
    expect(Object.keys((JSON.parse(before) as Inventory).things).slice(-2)).toEqual(["t1", "extra"]);
  });

  it("stores a call that only deletes items (its write has no upsert part)", async () => {
    const accountId = await newAccountId();
    await stockThousand(accountId);
    await runOnState(inventory(accountId), (state) => {
      delete state.things.t2;
      delete state.things.t998;
    });
    forgetCachedStates();
    const things = await runOnState(inventory(accountId, { mutates: false }), (state) => state.things);
    expect([Object.keys(things).length, things.t2, things.t998, things.t3]).toEqual([998, undefined, undefined, { size: 3 }]);
  });

  it("reads a state stored whole as one document, and splits it into items with its next change", async () => {
    const accountId = await newAccountId();
    const document = '{"nextId":2,"things":{"b":{"size":2},"a":{"size":1}},"flags":["x"]}';
    await queryRows("insert into sandbox_state (account_id, service, document, version) values ($1, 'inventory', $2, 3)", [accountId, document]);
    expect(JSON.stringify(await runOnState(inventory(accountId, { mutates: false }), (state) => state))).toBe(document);
    await runOnState(inventory(accountId), (state) => void (state.things.a.size = 10));
    const rows = await queryRows<{ document: string | null; version: number }>("select document, version from sandbox_state where account_id = $1", [accountId]);
    expect(rows).toEqual([{ document: null, version: 4 }]);
    expect(await storedRow(accountId, "inventory")).toEqual({ json: '{"nextId":2,"things":{"b":{"size":2},"a":{"size":10}},"flags":["x"]}', version: 4 });
  });

  it("leaves stored items and the cache as they were when a call on items fails", async () => {
    const accountId = await newAccountId();
    await stockThousand(accountId);
    const failure = runOnState(inventory(accountId), (state) => {
      state.things.t3.size = 999;
      delete state.things.t4;
      state.things.new = { size: 1 };
      throw new AwsError("InvalidParameterValue", "no");
    });
    expect(await rejection(failure)).toBeInstanceOf(AwsError);
    const read = () => runOnState(inventory(accountId, { mutates: false }), (state) => [state.things.t3, state.things.t4, state.things.new]);
    expect(await read()).toEqual([{ size: 3 }, { size: 4 }, undefined]);
    forgetCachedStates();
    expect(await read()).toEqual([{ size: 3 }, { size: 4 }, undefined]);
  });

  it("refuses a read-only call that changes the shared state, and keeps the state as it was", async () => {
    const accountId = await newAccountId();
    await stockThousand(accountId);
    const misbehaving = runOnState(inventory(accountId, { mutates: false }), (state) => void (state.things.t1.size = 0));
    expect(await rejection(misbehaving)).toBeInstanceOf(TypeError);
    expect(await runOnState(inventory(accountId, { mutates: false }), (state) => state.things.t1.size)).toBe(1);
  });

  it("returns what a mutating call answered from its state, usable after the call", async () => {
    const accountId = await newAccountId();
    const created = await runOnState(inventory(accountId), (state) => {
      state.things.a = { size: 1 };
      return { created: state.things.a, all: Object.values(state.things) };
    });
    expect(created).toEqual({ created: { size: 1 }, all: [{ size: 1 }] });
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

  it("drops the cached states of an account idle past STATE_IDLE_MS: read back equal, and its calls go on from the stored version", async () => {
    const idle = await newAccountId();
    const active = await newAccountId();
    await increment(idle);
    await increment(active);
    const shared = (accountId: string) => runOnState(access(accountId, { mutates: false, action: "Describe" }), (state) => state);
    const idleBefore = await shared(idle);
    expect(await shared(idle)).toBe(idleBefore);

    const later = Date.now() + STATE_IDLE_MS + 1;
    const activeBefore = await shared(active);
    dropIdleStates(later - STATE_IDLE_MS + 1_000);
    // Used within the limit: still the cached object.
    expect(await shared(active)).toBe(activeBefore);
    dropIdleStates(later);
    const idleAfter = await shared(idle);
    expect(idleAfter).not.toBe(idleBefore);
    expect(idleAfter).toEqual({ count: 1, log: [] });
    expect(await increment(idle)).toBe(2);
    expect(await storedRow(idle)).toEqual({ json: '{"count":2,"log":[]}', version: 3 });
  });

  // S3's authorization peeks at IAM's state on every call; most accounts have none stored.
  it.runIf(kind === "pglite")("peeks at a state never stored once, then sees it as soon as a call stores it", async () => {
    const accountId = await newAccountId();
    const { handle } = await currentDatabase();
    const client = handle.client as PGlite;
    const execProtocol = client.execProtocol.bind(client);
    let stateReads = 0;
    // The read is a prepared statement: its Bind message names it.
    client.execProtocol = ((message: Uint8Array, ...rest: unknown[]) => {
      if (Buffer.from(message).toString("latin1").includes("sandbox-state-read")) stateReads++;
      return execProtocol(message, ...(rest as []));
    }) as typeof client.execProtocol;
    try {
      expect(await peekState(accountId, "counter", "us-east-1")).toBeNull();
      expect(await peekState(accountId, "counter", "us-east-1")).toBeNull();
      expect(stateReads).toBe(1);
      await increment(accountId);
      expect(await peekState(accountId, "counter", "us-east-1")).toEqual({ count: 1, log: [] });
      dropIdleStates(Date.now() + STATE_IDLE_MS + 1);
      expect(await peekState(accountId, "other", "us-east-1")).toBeNull();
      expect(await peekState(accountId, "counter", "us-east-1")).toEqual({ count: 1, log: [] });
    } finally {
      client.execProtocol = execProtocol;
    }
  });
});
