import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { contentSecurityPolicy, newNonce, nonceOf } from "./headers";

type ProxyHandler = (request: NextRequest, context: unknown) => Promise<Response>;

async function through(path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}): Promise<Response> {
  return (proxy as unknown as ProxyHandler)(new NextRequest(`http://console.test${path}`, { ...init, headers: { host: "console.test", ...init.headers } }), {});
}

describe("security headers", () => {
  it("lets only this server's nonce'd scripts run, and no site frame the console", () => {
    const csp = contentSecurityPolicy("abc", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
  });

  it("gives a page the nonce its own inline scripts must carry (the lab page's diagram script)", () => {
    const nonce = newNonce();
    expect(nonceOf(contentSecurityPolicy(nonce, false))).toBe(nonce);
    expect(nonceOf(contentSecurityPolicy(nonce, true))).toBe(nonce);
    expect(nonceOf(null)).toBeUndefined();
  });

  it.each(["/sign-in", "/", "/labs/vpc-peering", "/api/console"])("sends them on %s, signed out, with a fresh nonce each time", async (path) => {
    const [first, second] = [await through(path), await through(path)];
    for (const response of [first, second]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    }
    expect(nonceOf(first.headers.get("content-security-policy"))).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(nonceOf(first.headers.get("content-security-policy"))).not.toBe(nonceOf(second.headers.get("content-security-policy")));
  });

  it("hands the page renderer the same CSP, so Next puts the nonce on its scripts", async () => {
    const response = await through("/sign-in");
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(response.headers.get("content-security-policy"));
  });

  it("refuses a cross-origin write to an API route before anything else", async () => {
    const response = await through("/api/terminal/abc", { method: "POST", headers: { origin: "https://evil.example" }, body: "{}" });
    expect(response.status).toBe(403);
  });

  it("leaves an API route's session to the route: one without a session cookie is refused 401 here, one with any goes on", async () => {
    const signedOut = await through("/api/console", { method: "POST" });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: "Sign in first." });
    // Not decrypted here (the route reads it, and answers 401 itself if it is no session).
    const withCookie = await through("/api/console", { method: "POST", headers: { cookie: "authjs.session-token=unreadable" } });
    expect(withCookie.headers.get("x-middleware-next")).toBe("1");
    expect(withCookie.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it("still reads a page's session: an unreadable one sends to sign-in", async () => {
    const response = await through("/labs/vpc-peering", { headers: { cookie: "authjs.session-token=unreadable" } });
    expect(new URL(response.headers.get("location")!).pathname).toBe("/sign-in");
  });

  it("never hands a protocol-relative return path to sign-in", async () => {
    const response = await through("//evil.example/");
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("/");
  });
});
