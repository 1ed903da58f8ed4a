/** The one server-sent-events helper: what a browser's EventSource reads, and cleanup however the stream ends. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatSseEvent, sseResponse, sseStream } from "./sse";
import { StreamSlots } from "./stream-slots";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sseStream", () => {
  it("writes the retry line, then events with id, name and JSON data; the response carries the SSE headers", async () => {
    const stream = sseStream({ signal: new AbortController().signal, retryMs: 1000 }, (channel) => {
      channel.send("output", { seq: 3, text: "hi" }, 3);
      channel.send("closed", { exitCode: 0 });
      channel.close();
    });
    const response = sseResponse(stream);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(await response.text()).toBe('retry: 1000\n\nid: 3\nevent: output\ndata: {"seq":3,"text":"hi"}\n\nevent: closed\ndata: {"exitCode":0}\n\n');
  });

  it("on the request's abort removes the listener, stops the heartbeat and releases the slot, once", async () => {
    vi.useFakeTimers();
    const abort = new AbortController();
    const slots = new StreamSlots(1);
    const listeners = new Set<() => void>();
    const unsubscribe = vi.fn();
    const stream = sseStream({ signal: abort.signal, heartbeatMs: 1000, slot: { slots, key: "ada", replacedMessage: "elsewhere" } }, (channel) => {
      const listener = () => channel.send("change", {});
      listeners.add(listener);
      channel.onClose(() => {
        listeners.delete(listener);
        unsubscribe();
      });
    });
    const text = readAll(stream);
    vi.advanceTimersByTime(2500);
    expect(slots.count("ada")).toBe(1);
    abort.abort();
    abort.abort();
    expect(listeners.size).toBe(0);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(slots.count("ada")).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await text).toBe(": keep-alive\n\n: keep-alive\n\n");
  });

  it("sends the heartbeat as a named event when asked, which a page's EventSource can hear (a comment it cannot)", async () => {
    vi.useFakeTimers();
    const abort = new AbortController();
    const text = readAll(sseStream({ signal: abort.signal, heartbeatMs: 1000, heartbeatEvent: "alive" }, () => {}));
    vi.advanceTimersByTime(2500);
    abort.abort();
    expect(await text).toBe("event: alive\ndata: {}\n\nevent: alive\ndata: {}\n\n");
  });

  it("a newer stream in the same slot sends the older one `replaced` and ends it", async () => {
    const slots = new StreamSlots(1);
    const first = sseStream({ signal: new AbortController().signal, slot: { slots, key: "ada", replacedMessage: "Continues in another tab." } }, () => {});
    const firstText = readAll(first);
    const second = new AbortController();
    void readAll(sseStream({ signal: second.signal, slot: { slots, key: "ada", replacedMessage: "x" } }, () => {}));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await firstText).toBe(formatSseEvent("replaced", { message: "Continues in another tab." }));
    second.abort();
    expect(slots.count("ada")).toBe(0);
  });

  it("a reader's cancel runs the cleanups too", async () => {
    const cleanup = vi.fn();
    const stream = sseStream({ signal: new AbortController().signal }, (channel) => channel.onClose(cleanup));
    await stream.cancel();
    expect(cleanup).toHaveBeenCalledTimes(1);
  });
});
