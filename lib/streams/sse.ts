/**
 * Server-sent events, one way for every stream (the console's live updates, the class board, the
 * browser terminal's output): the response headers, the event format, a heartbeat comment that
 * keeps proxies from closing an idle stream, the stream's slot (lib/streams/stream-slots), and one
 * cleanup that runs once however the stream ends — the server ends it, the browser goes away
 * (the request's abort), or the reader cancels.
 */
import type { StreamSlots } from "./stream-slots";

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  // nginx and its kind buffer responses unless told not to; events must go out as sent.
  "X-Accel-Buffering": "no",
};

export const SSE_HEARTBEAT_MS = 15_000;

export interface SseChannel {
  /** One event: its id when given (EventSource sends the last one back as Last-Event-ID on reconnecting), its name, its data as JSON. */
  send(event: string, data: unknown, id?: number): void;
  /** One event whose data is already JSON text (one line, as JSON.stringify writes it). */
  sendJson(event: string, json: string): void;
  /** Ends the stream; the cleanups run once. */
  close(): void;
  /** Runs when the stream ends, however it ends. */
  onClose(cleanup: () => void): void;
  readonly closed: boolean;
}

export interface SseOptions {
  /** The request's signal: the browser going away ends the stream. */
  signal: AbortSignal;
  /** How long EventSource waits before reconnecting, sent first. */
  retryMs?: number;
  heartbeatMs?: number;
  /**
   * Sends the heartbeat as this named event rather than a comment: EventSource shows a page its
   * events, never comments, so only an event tells the page that the stream still carries data.
   */
  heartbeatEvent?: string;
  /** The slot the stream holds: when a newer stream takes it, this one is sent `replaced` with the message (its page does not reconnect) and ends. */
  slot?: { slots: StreamSlots; key: string; replacedMessage: string };
}

export function formatSseEvent(event: string, data: unknown, id?: number): string {
  return formatJsonEvent(event, JSON.stringify(data), id);
}

function formatJsonEvent(event: string, json: string, id?: number): string {
  // A line break would end the data field early: JSON.stringify never writes one, other text might.
  if (/[\r\n]/.test(json)) throw new Error("An event's JSON must be one line.");
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${json}\n\n`;
}

/** A stream of events; `start` sends the first ones and subscribes (registering its unsubscribe with onClose). */
export function sseStream(options: SseOptions, start: (channel: SseChannel) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const cleanups: (() => void)[] = [];
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const write = (text: string) => {
    if (!closed) controller.enqueue(encoder.encode(text));
  };
  const finish = (closeController: boolean) => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    if (closeController) controller.close();
  };
  const channel: SseChannel = {
    send: (event, data, id) => write(formatSseEvent(event, data, id)),
    sendJson: (event, json) => write(formatJsonEvent(event, json)),
    close: () => finish(true),
    onClose: (cleanup) => {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    get closed() {
      return closed;
    },
  };
  return new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      if (options.retryMs !== undefined) write(`retry: ${options.retryMs}\n\n`);
      start(channel);
      if (closed) return;
      const beat = options.heartbeatEvent ? formatSseEvent(options.heartbeatEvent, {}) : ": keep-alive\n\n";
      const heartbeat = setInterval(() => write(beat), options.heartbeatMs ?? SSE_HEARTBEAT_MS);
      channel.onClose(() => clearInterval(heartbeat));
      const slot = options.slot;
      if (slot) {
        const release = slot.slots.admit(slot.key, () => {
          channel.send("replaced", { message: slot.replacedMessage });
          channel.close();
        });
        channel.onClose(release);
      }
      const onAbort = () => channel.close();
      if (options.signal.aborted) return channel.close();
      options.signal.addEventListener("abort", onAbort);
      channel.onClose(() => options.signal.removeEventListener("abort", onAbort));
    },
    cancel() {
      finish(false);
    },
  });
}

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { headers: SSE_HEADERS });
}
