import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";

/** What bcryptjs at cost 11 stored for "password-1" before passwords were hashed with scrypt. */
const BCRYPT_HASH_OF_PASSWORD_1 = "$2b$11$eG7c4Xosc5Or0TlhJdS7xus0dW.SAeoC9y1Ntqg79bcsyPTpVSwHi";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe("password hashes", () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise((closed) => server?.close(closed) ?? closed(undefined));
    server = undefined;
  });

  it("stores scrypt at OWASP's cost with a fresh salt, verifies the password and refuses any other", async () => {
    const [first, second] = await Promise.all([hashPassword("password-1"), hashPassword("password-1")]);
    expect(first).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
    expect(needsRehash(first)).toBe(false);
    expect(await verifyPassword("password-1", first)).toBe(true);
    expect(await verifyPassword("password-2", first)).toBe(false);
    expect(await verifyPassword("password-1", "not a hash")).toBe(false);
  });

  it("still verifies a bcrypt hash stored before, and marks it to be replaced", async () => {
    expect(await verifyPassword("password-1", BCRYPT_HASH_OF_PASSWORD_1)).toBe(true);
    expect(await verifyPassword("password-2", BCRYPT_HASH_OF_PASSWORD_1)).toBe(false);
    expect(needsRehash(BCRYPT_HASH_OF_PASSWORD_1)).toBe(true);
  });

  it("answers other requests within a few milliseconds while a class's sign-ups hash", async () => {
    server = http.createServer((_, res) => res.end("ok"));
    await new Promise<void>((listening) => server!.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let hashing = true;
    const signUps = Promise.all(Array.from({ length: 2 }, (_, n) => hashPassword(`password-${n}`))).finally(() => (hashing = false));
    const latencies: number[] = [];
    while (hashing) {
      const started = performance.now();
      expect(await (await fetch(url)).text()).toBe("ok");
      latencies.push(performance.now() - started);
    }
    await signUps;
    // bcryptjs held the loop 100 ms at a time: each request waited out at least one of those.
    expect(latencies.length).toBeGreaterThan(10);
    expect(median(latencies)).toBeLessThan(50);
  });
});
