import { describe, expect, it } from "vitest";
import { safeReturnPath, sameOriginRedirect } from "./return-path";

const ATTACKS = [
  "/\t/evil.example/",
  "/%09/evil.example/",
  "/..//evil.example",
  "/../..//evil.example/x",
  "/.//evil.example",
  "//evil.example",
  "\\\\evil.example",
  "/\\evil.example",
  "/\n/evil.example",
  "/people\r\nSet-Cookie: a=b",
  "/\u0000x",
  "https://evil.example/",
  "javascript:alert(1)",
  " /people",
];

describe("the return path after sign-in", () => {
  it.each(ATTACKS)("sends %j home instead", (value) => {
    const result = safeReturnPath(value);
    expect(new URL(result, "http://console.test").origin).toBe("http://console.test");
    expect(result.startsWith("//")).toBe(false);
    expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    expect(["/", "/%09/evil.example/"]).toContain(result);
  });

  it("keeps paths on the site, with their query and fragment", () => {
    expect(safeReturnPath("/people?sort=name")).toBe("/people?sort=name");
    expect(safeReturnPath("/labs/vpc-peering#step-2")).toBe("/labs/vpc-peering#step-2");
    expect(safeReturnPath("/a/../people")).toBe("/people");
  });

  it("answers Auth.js's redirects with the same rule", () => {
    const baseUrl = "http://console.test";
    expect(sameOriginRedirect({ url: "/\t/evil.example/", baseUrl })).toBe("http://console.test/");
    expect(sameOriginRedirect({ url: "/..//evil.example", baseUrl })).toBe("http://console.test/");
    expect(sameOriginRedirect({ url: "https://evil.example/", baseUrl })).toBe("http://console.test/");
    expect(sameOriginRedirect({ url: "http://console.test//evil.example", baseUrl })).toBe("http://console.test/");
    expect(sameOriginRedirect({ url: "http://console.test/people?x=1", baseUrl })).toBe("http://console.test/people?x=1");
    expect(sameOriginRedirect({ url: "/access-keys", baseUrl })).toBe("http://console.test/access-keys");
  });
});
