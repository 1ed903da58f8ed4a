import { describe, expect, it } from "vitest";
import { jsonErrorOffset, jsonErrorPosition } from "./json-position";

describe("JSON error position", () => {
  it("finds the first character that makes a text invalid JSON", () => {
    expect(jsonErrorOffset('{"Statement": [}')).toBe(15);
    expect(jsonErrorOffset('{"a":1')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a":tru}')).toBe(8);
    expect(jsonErrorOffset('{"a":[1,2,{"b":null}],"c":"x\\"y"} z')).toBe(34);
    expect(jsonErrorOffset('{"a":1}')).toBe(-1);
  });

  it("gives it as a 1-based line and column", () => {
    expect(jsonErrorPosition('{\n  "Statement": [\n    }')).toEqual({ line: 3, column: 5 });
    expect(jsonErrorPosition("")).toEqual({ line: 1, column: 1 });
  });
});

describe("JSON error position of deeply nested text", () => {
  it("is where the text ends too early, however deep it goes", () => {
    const deep = "[".repeat(200_000);
    expect(jsonErrorOffset(deep)).toBe(200_000);
    expect(jsonErrorPosition(deep)).toEqual({ line: 1, column: 200_001 });
    expect(jsonErrorOffset(`${"[".repeat(50_000)}1${"]".repeat(50_000)}`)).toBe(-1);
  });
});
