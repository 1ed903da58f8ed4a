import { beforeAll, describe, expect, it } from "vitest";
import { safeReturnPath } from "./forms";
import { mintSignInToken, verifySignInToken } from "./sign-in-token";

beforeAll(() => {
  process.env.AUTH_SECRET = "test-secret-for-sign-in-tokens";
});

describe("sign-in tokens", () => {
  it("prove the user id they were minted for, for one minute", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const token = mintSignInToken("user-1", now);
    expect(verifySignInToken(token, now + 59_000)).toBe("user-1");
    expect(verifySignInToken(token, now + 61_000)).toBeNull();
  });

  it("cannot be forged for another user", () => {
    const token = mintSignInToken("user-1");
    const [, expires, signature] = token.split(".");
    expect(verifySignInToken(`user-2.${expires}.${signature}`)).toBeNull();
    expect(verifySignInToken("user-1")).toBeNull();
  });
});

describe("safeReturnPath", () => {
  it("keeps paths on this site and refuses other origins", () => {
    expect(safeReturnPath("/people?sort=name")).toBe("/people?sort=name");
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath("//evil.example/")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });
});
