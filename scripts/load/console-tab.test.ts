/**
 * The load run's open lab page reads the account as the browser's page does: one read at a time
 * (events during a read ask for one more), the rail's check after a read that may have seen a
 * change unless its last check judged that version, and a poll only while the stream is not heard
 * from, which checks nothing when the account is as it was.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHALLENGE_READ, CONSOLE_READ, ConsoleTab, RAIL_CHECK } from "./console-tab";
import { LoadRecorder } from "./recorder";

interface StubConsole {
  url: string;
  /** The account's version the routes answer with. */
  version: number;
  reads: number;
  checks: number;
  /** The Break it panel's reads. */
  challengeReads: number;
  /** The most reads in flight at once. */
  mostReadsAtOnce: number;
  /** Holds every read's answer until released. */
  holdReads: boolean;
  release(): void;
  close(): Promise<void>;
}

async function stubConsole(): Promise<StubConsole> {
  let inFlight = 0;
  let waiting: Array<() => void> = [];
  const stub = {
    version: 1,
    reads: 0,
    checks: 0,
    challengeReads: 0,
    mostReadsAtOnce: 0,
    holdReads: false,
    release: () => {
      const released = waiting;
      waiting = [];
      released.forEach((answer) => answer());
    },
  } as StubConsole;
  const answer = (res: http.ServerResponse, data: unknown) => res.end(superjson.stringify({ ok: true, data }));
  const server = http.createServer((req, res) => {
    if (req.headers.cookie !== "session=student") return void res.writeHead(401).end();
    if (req.url === "/api/console" && req.method === "GET") {
      stub.reads += 1;
      stub.mostReadsAtOnce = Math.max(stub.mostReadsAtOnce, ++inFlight);
      const reply = () => {
        inFlight -= 1;
        answer(res, { accountVersion: stub.version, loadedAt: new Date().toISOString() });
      };
      if (stub.holdReads) waiting.push(reply);
      else reply();
      return;
    }
    if (req.url === "/api/labs/vpc-peering/check" && req.method === "POST") {
      stub.checks += 1;
      return answer(res, { accountVersion: stub.version });
    }
    if (req.url === "/api/labs/vpc-peering/challenge" && req.method === "GET") {
      stub.challengeReads += 1;
      return answer(res, { challenge: null, choices: [] });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return stub;
}

let stub: StubConsole;
let recorder: LoadRecorder;
let tab: ConsoleTab;

const recorded = (kind: string) => recorder.latencies.get(kind)?.length ?? 0;
const settled = () => vi.waitFor(() => expect(recorded(CONSOLE_READ) + recorded(RAIL_CHECK) + recorded(CHALLENGE_READ)).toBe(stub.reads + stub.checks + stub.challengeReads));

beforeEach(async () => {
  stub = await stubConsole();
  recorder = new LoadRecorder();
});
afterEach(async () => {
  tab?.close();
  vi.useRealTimers();
  await stub.close();
});

describe("the load run's open lab page", () => {
  it("reads once on the stream's ready, checks the steps once and reads the Break it panel once, as the page does", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.checks).toBe(1));
    await settled();
    expect(stub.reads).toBe(1);
    expect(stub.challengeReads).toBe(1);
    expect(recorder.errors.size).toBe(0);
  });

  it("reads one at a time: ten events during a read make one more read, not ten", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    stub.holdReads = true;
    tab.heard("change");
    await vi.waitFor(() => expect(stub.reads).toBe(1));
    stub.version = 2;
    for (let n = 0; n < 10; n += 1) tab.heard("change");
    stub.holdReads = false;
    stub.release();
    await vi.waitFor(() => expect(stub.reads).toBe(2));
    await settled();
    expect(stub.mostReadsAtOnce).toBe(1);
    // Each read followed a change event: the rail checks after each (versions 1 and 2).
    expect(stub.checks).toBe(2);
  });

  it("does not check again after a change event when its last check judged that very version", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("change");
    await vi.waitFor(() => expect(stub.checks).toBe(1));
    await settled();
    tab.heard("change");
    await vi.waitFor(() => expect(stub.reads).toBe(2));
    await settled();
    expect(stub.checks).toBe(1);
    // The Break it panel reads after every read that may have seen a change.
    expect(stub.challengeReads).toBe(2);
  });

  it("does not poll while the stream is heard from: its heartbeat keeps it quiet", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.checks).toBe(1));
    for (let beat = 0; beat < 8; beat += 1) {
      vi.advanceTimersByTime(15_000);
      tab.heard("alive");
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stub.reads).toBe(1);
    // Silent past 40 s: the connection may be dead, the page polls.
    vi.advanceTimersByTime(45_000);
    await vi.waitFor(() => expect(stub.reads).toBe(2));
  });

  it("polls every 5 s once the stream is lost, and a poll checks only when it finds a new version", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.checks).toBe(1));
    tab.streamLost();
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(stub.reads).toBe(2));
    await settled();
    expect(stub.checks).toBe(1);
    stub.version = 3;
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(stub.checks).toBe(2));
    expect(stub.reads).toBe(3);
  });

  it("counts a refused read as a failure of the console's read, and stops reading once closed", async () => {
    tab = new ConsoleTab(stub.url, "session=someone-else", "vpc-peering", recorder);
    tab.heard("change");
    await vi.waitFor(() => expect(recorder.errors.get(`${CONSOLE_READ}: HTTP401`)).toBe(1));
    tab.close();
    tab.heard("change");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorder.errors.get(`${CONSOLE_READ}: HTTP401`)).toBe(1);
  });
});
