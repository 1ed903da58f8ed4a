/** One user cannot hold hundreds of live-update streams: the ninth takes the oldest one's place. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openFreshTestDatabase } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import { MAX_LIVE_STREAMS_PER_USER, liveStreamSlots, StreamSlots } from "./stream-slots";

const signedIn = vi.hoisted(() => ({ user: undefined as { id: string } | undefined }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/auth/session")>()), currentUser: async () => signedIn.user }));

let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ dispose } = await openFreshTestDatabase("pglite"));
});
afterAll(async () => {
  await dispose();
});

interface OpenStream {
  abort: AbortController;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

async function openLiveStream(): Promise<OpenStream> {
  const { GET } = await import("@/app/api/events/route");
  const abort = new AbortController();
  const response = await GET(new Request("http://console.test/api/events", { signal: abort.signal }));
  expect(response.status).toBe(200);
  return { abort, reader: response.body!.getReader() };
}

/** Everything the stream sends until it ends. */
async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
  return text;
}

describe("live-update streams per user", () => {
  it("keeps at most 8 per user: the oldest is told it was replaced and ends, other users keep theirs", async () => {
    signedIn.user = { id: await createTestUser() };
    const other = { id: await createTestUser() };
    const streams: OpenStream[] = [];
    for (let n = 0; n < MAX_LIVE_STREAMS_PER_USER; n++) streams.push(await openLiveStream());
    const ada = signedIn.user;
    signedIn.user = other;
    const others = await openLiveStream();
    signedIn.user = ada;

    streams.push(await openLiveStream());
    const oldest = await readToEnd(streams[0].reader);
    expect(oldest).toContain("event: replaced\ndata: ");
    expect(oldest).toContain("at most 8 tabs get them at once");
    expect(liveStreamSlots().count(ada.id)).toBe(MAX_LIVE_STREAMS_PER_USER);
    expect(liveStreamSlots().count(other.id)).toBe(1);

    for (const stream of [...streams.slice(1), others]) stream.abort.abort();
    expect(liveStreamSlots().count(ada.id)).toBe(0);
    expect(liveStreamSlots().count(other.id)).toBe(0);
  });

  it("closes the oldest slot of a key over the limit, and releases a slot once", () => {
    const slots = new StreamSlots(2);
    const closed: string[] = [];
    const releases = ["a", "b", "c"].map((name) => slots.admit("user", () => closed.push(name)));
    expect(closed).toEqual(["a"]);
    expect(slots.count("user")).toBe(2);
    releases[1]();
    releases[1]();
    expect(slots.count("user")).toBe(1);
  });
});
