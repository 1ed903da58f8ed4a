/**
 * The server answers a body Next must not read before Next sees it: over 2 MB, 413; of unknown
 * length, 411. Smaller bodies reach Next untouched.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_APP_BODY_BYTES, refuseOversizedBody } from "./request-size";

let server: http.Server;
let url: string;
/** The bodies the stand-in for Next read, by length. */
const reachedNext: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (refuseOversizedBody(req, res)) return;
    let size = 0;
    req.on("data", (chunk: Buffer) => (size += chunk.length));
    req.on("end", () => {
      reachedNext.push(size);
      res.end("next");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/callback/credentials`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a body sent to the app (not /aws)", () => {
  it("of up to 2 MB reaches Next whole", async () => {
    const response = await fetch(url, { method: "POST", body: "x".repeat(MAX_APP_BODY_BYTES) });
    expect([response.status, await response.text()]).toEqual([200, "next"]);
    expect(reachedNext).toContain(MAX_APP_BODY_BYTES);
  });

  it("over 2 MB is refused with 413 before Next reads any of it, and the client reads the answer", async () => {
    const before = reachedNext.length;
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `password=${"x".repeat(20 * 1024 * 1024)}` });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The request body is over 2 MB." });
    expect(reachedNext.length).toBe(before);
  });

  it("of unknown length (chunked) is refused with 411", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a%40b.c"));
        controller.close();
      },
    });
    const response = await fetch(url, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(411);
    expect(await response.json()).toEqual({ error: "Send the body with a Content-Length." });
  });
});
