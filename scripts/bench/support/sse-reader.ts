/** Reads a server-sent event stream as a browser's EventSource does: each event's name and parsed data, as it arrives. */

export interface SseEvent {
  event: string;
  data: unknown;
  receivedAt: number;
}

function parseBlock(block: string): { event: string; data: unknown } | undefined {
  const lines = block.split("\n");
  const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
  const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
  return event === undefined || data === undefined ? undefined : { event, data: JSON.parse(data) };
}

/** Calls `onEvent` for each event of the response's body; resolves when the stream ends (or the request is aborted). */
export async function readSseEvents(response: Response, onEvent: (event: SseEvent) => void): Promise<void> {
  if (!response.body) throw new Error("the stream has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    buffer += value;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const parsed = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) onEvent({ ...parsed, receivedAt: Date.now() });
    }
  }
}
