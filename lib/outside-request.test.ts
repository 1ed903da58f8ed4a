import { AsyncLocalStorage } from "node:async_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { outsideRequest } from "./outside-request";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** A request's async context, as Next's stores hold it: something large reached only through the store. */
const requestStore = new AsyncLocalStorage<{ response: object }>();

async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
}

/** Runs a "request" that caches a promise, then says whether the request's response outlived it. */
async function responseKeptByCache(makeCached: (work: () => Promise<string>) => Promise<string>): Promise<boolean> {
  const cache: Promise<string>[] = [];
  let response!: WeakRef<object>;
  await requestStore.run({ response: { body: new Array(10_000).fill("x") } }, async () => {
    response = new WeakRef(requestStore.getStore()!.response);
    cache.push(makeCached(async () => "answer"));
    await cache[0];
  });
  await settle();
  expect(await cache[0]).toBe("answer");
  return response.deref() !== undefined;
}

describe("outsideRequest", () => {
  it("runs work with no request's store", async () => {
    const seen = await requestStore.run({ response: {} }, () => outsideRequest(async () => requestStore.getStore()));
    expect(seen).toBeUndefined();
  });

  it("lets a finished request go while the promise its work made stays cached", async () => {
    // A promise made in the request keeps the request's store, and so its response, alive.
    expect(await responseKeptByCache((work) => work())).toBe(true);
    expect(await responseKeptByCache((work) => outsideRequest(work))).toBe(false);
  });

  it("returns what the work returns, and its failure", async () => {
    expect(outsideRequest(() => 42)).toBe(42);
    await expect(outsideRequest(() => Promise.reject(new Error("no such bucket")))).rejects.toThrow("no such bucket");
  });
});
