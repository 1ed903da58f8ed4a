/**
 * The console's routes read a JSON body of a few ids: a larger one is refused with 413 before the
 * server holds it all (a signed-in student could post hundreds of megabytes for it to parse).
 */
import { describe, expect, it } from "vitest";
import { bodyFields, MAX_JSON_BODY_BYTES, withJsonBody } from "./action-response";

const echo = (body: unknown) => Promise.resolve(Response.json({ body: body ?? null }));

/** A body streamed without a Content-Length, one 16 KB chunk after another, for ever; counts the chunks the reader took. */
function endlessBody(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({ pull: (controller) => void (pulled++, controller.enqueue(chunk)) });
  return { stream, pulled: () => pulled };
}

describe("a console route's JSON body", () => {
  it("is parsed when it is JSON, and undefined when it is not (the action's input check then names what is missing)", async () => {
    const post = (body: string) => new Request("http://console.test/api/console", { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(await (await withJsonBody(post('{"labId":"vpc-peering","check":true}'), echo)).json()).toEqual({ body: { labId: "vpc-peering", check: true } });
    expect(await (await withJsonBody(post("labId=vpc-peering"), echo)).json()).toEqual({ body: null });
    expect(bodyFields([1, 2])).toEqual({});
    expect(bodyFields({ stepId: "ping" })).toEqual({ stepId: "ping" });
  });

  it("is refused with 413 when its Content-Length is over 64 KB, without running the route", async () => {
    let ran = false;
    const request = new Request("http://console.test/api/console", { method: "POST", body: JSON.stringify({ pad: "x".repeat(MAX_JSON_BODY_BYTES) }) });
    const response = await withJsonBody(request, async () => ((ran = true), new Response()));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The request body is over 64 KB." });
    expect(ran).toBe(false);
  });

  it("stops reading a streamed body once it passes 64 KB, however long the client would go on", async () => {
    const { stream, pulled } = endlessBody();
    const request = new Request("http://console.test/api/labs/vpc-peering/check", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect((await withJsonBody(request, echo)).status).toBe(413);
    expect(pulled()).toBeLessThan(10);
  });
});
