import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { fastSuperjsonStringify } from "./fast-superjson";

/** What superjson would answer: its text, or the error it throws. */
function superjsonAnswer(value: unknown): string {
  try {
    return superjson.stringify(value);
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

function fastAnswer(value: unknown): string {
  try {
    return fastSuperjsonStringify(value);
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

// Keys a path must escape (dots, backslashes), integer-like ones (ordered first by JS), and the console's own.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a.b", "a\\b", "\\.", ".", "0", "12", "LaunchTime", "Tags"));
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
const plainLeaf = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null), fc.constant(undefined), date);
// What superjson carries that the fast path leaves to it.
const oddLeaf = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, new Date(Number.NaN), 10n, /re/g),
  fc.constant(new Map([["k", 1]])),
  fc.constant(new Set([1])),
  fc.constant(new Error("boom")),
);

function tree(leaf: fc.Arbitrary<unknown>) {
  return fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("object"), tie("array")),
    object: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
    array: fc.array(tie("node"), { maxLength: 5 }),
  })).node;
}

const answer = (data: unknown) => ({ ok: true, data });

describe("fastSuperjsonStringify", () => {
  it("writes superjson's very text for plain data: objects, arrays, strings, numbers, booleans, null, undefined and Dates", () => {
    fc.assert(
      fc.property(tree(plainLeaf), (data) => {
        expect(fastSuperjsonStringify(answer(data))).toBe(superjson.stringify(answer(data)));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves anything else to superjson: the same text, or the same refusal", () => {
    fc.assert(
      fc.property(tree(fc.oneof(plainLeaf, oddLeaf)), (data) => {
        expect(fastAnswer(answer(data))).toBe(superjsonAnswer(answer(data)));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back as the value it was given, through superjson.parse", () => {
    fc.assert(
      fc.property(tree(plainLeaf), (data) => {
        expect(superjson.parse(fastSuperjsonStringify(answer(data)))).toEqual(answer(data));
      }),
    );
  });

  it("keeps a lab page's read as the browser reads it: instance times as Dates, an error's missing message", () => {
    const launched = new Date("2026-12-06T05:00:00.000Z");
    const read = { ok: true, message: undefined, data: { snapshot: { instances: [{ InstanceId: "i-1", LaunchTime: launched, Tags: [{ Key: "Name", Value: "a.b" }] }], vpcs: [] }, owned: null } };
    const text = fastSuperjsonStringify(read);
    expect(JSON.parse(text).meta.values).toEqual({ message: ["undefined"], "data.snapshot.instances.0.LaunchTime": ["Date"] });
    expect(superjson.parse<typeof read>(text).data.snapshot.instances[0].LaunchTime).toEqual(launched);
  });

  it("leaves an object met twice (superjson restores it as one), a cycle, a hole and a refused key to superjson", () => {
    const shared = { Key: "Name", Value: "web" };
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const holed = [1, , 3];
    const when = new Date(0);
    for (const value of [{ a: shared, b: shared }, { first: when, again: when }, cycle, { holed }, JSON.parse('{"__proto__": {"x": 1}}'), { constructor: 1 }]) {
      expect(fastAnswer(value)).toBe(superjsonAnswer(value));
    }
    expect(superjson.parse<{ a: object; b: object }>(fastSuperjsonStringify({ a: shared, b: shared }))).toSatisfy((parsed: { a: object; b: object }) => parsed.a === parsed.b);
  });

  it("gives superjson a value that is not an object or an array as it is", () => {
    for (const value of [undefined, null, 1, "text", new Date(0), Number.NaN]) expect(fastSuperjsonStringify(value)).toBe(superjson.stringify(value));
  });
});
