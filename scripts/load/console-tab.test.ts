/**
 * The load run's open lab page reads the account as the browser's page does: the read after a change
 * comes down its stream (no request of its own), its own reads one at a time with the rail's check
 * when the stream is ready, and a poll only while the stream is not heard from, which checks nothing
 * when the account is as it was and checks with a request of the rail's own when it finds a new version.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONSOLE_READ, ConsoleTab, RAIL_CHECK, STREAMED_READ } from "./console-tab";
import { LoadRecorder } from "./recorder";

interface StubConsole {
  url: string;
  /** The account's version the routes answer with. */
  version: number;
  reads: number;
  /** Reads that asked for the rail's check. */
  readsWithCheck: number;
  /** The tab each read named. */
  tabs: string[];
  /** The rail's own checks. */
  checks: number;
  /** Requests to any other route (the Break it panel's own read, say). */
  otherRequests: number;
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
    readsWithCheck: 0,
    tabs: [] as string[],
    checks: 0,
    otherRequests: 0,
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
    if (req.url === "/api/console" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const { labId, check, tab } = JSON.parse(body) as { labId: string; check: boolean; tab: string };
        stub.reads += 1;
        stub.tabs.push(tab);
        if (check) stub.readsWithCheck += 1;
        stub.mostReadsAtOnce = Math.max(stub.mostReadsAtOnce, ++inFlight);
        const reply = () => {
          inFlight -= 1;
          const lab = labId === "vpc-peering" ? { challenge: { challenge: null, choices: [] }, ...(check && { check: { accountVersion: stub.version } }) } : undefined;
          answer(res, { accountVersion: stub.version, loadedAt: new Date().toISOString(), lab });
        };
        if (stub.holdReads) waiting.push(reply);
        else reply();
      });
      return;
    }
    if (req.url === "/api/labs/vpc-peering/check" && req.method === "POST") {
      stub.checks += 1;
      return answer(res, { accountVersion: stub.version });
    }
    stub.otherRequests += 1;
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
const settled = () => vi.waitFor(() => expect(recorded(CONSOLE_READ) + recorded(RAIL_CHECK)).toBe(stub.reads + stub.checks));

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
  it("reads once on the stream's ready, with the steps' check and the Break it panel's challenge in that one request, as the page does", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.reads).toBe(1));
    await settled();
    expect(stub.readsWithCheck).toBe(1);
    expect(stub.checks).toBe(0);
    expect(stub.otherRequests).toBe(0);
    expect(recorder.errors.size).toBe(0);
  });

  it("reads one at a time: events during its own read ask for one more read, not one each", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    stub.holdReads = true;
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.reads).toBe(1));
    for (let n = 0; n < 10; n += 1) tab.heard("ready");
    stub.holdReads = false;
    stub.release();
    await vi.waitFor(() => expect(stub.reads).toBe(2));
    await settled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stub.reads).toBe(2);
    expect(stub.mostReadsAtOnce).toBe(1);
    expect(stub.tabs).toEqual([tab.tabId, tab.tabId]);
  });

  it("takes the stream's read after changes as its own: no request, the rail's check with it, timed from the first change it shows", async () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    expect(tab.streamPath).toBe(`/api/events?lab=vpc-peering&tab=${tab.tabId}`);
    for (let n = 0; n < 4; n += 1) tab.heard("change", { service: "ec2", action: "CreateVpc" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.reads).toBe(0);
    tab.heard("read", superjson.serialize({ ok: true, data: { accountVersion: 5, lab: { check: { accountVersion: 5 } } } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stub.reads + stub.checks + stub.otherRequests).toBe(0);
    expect(recorder.latencies.get(STREAMED_READ)).toHaveLength(1);
    expect(recorder.latencies.get(STREAMED_READ)![0]).toBeGreaterThanOrEqual(290);
    expect(recorder.errors.size).toBe(0);
  });

  it("counts a streamed read that carries an error as a failure of the stream's read", () => {
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("change", { service: "ec2", action: "CreateVpc" });
    tab.heard("read", superjson.serialize({ ok: false, error: { code: "SlowDown", message: "Too many reads." } }));
    expect(recorder.errors.get(`${STREAMED_READ}: SlowDown`)).toBe(1);
  });

  it("does not poll while the stream is heard from: its heartbeat keeps it quiet", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.reads).toBe(1));
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

  it("polls every 5 s once the stream is lost, and a poll checks only when it finds a new version, with a request of the rail's own", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    tab = new ConsoleTab(stub.url, "session=student", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(stub.reads).toBe(1));
    tab.streamLost();
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(stub.reads).toBe(2));
    await settled();
    expect(stub.checks).toBe(0);
    stub.version = 3;
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(stub.checks).toBe(1));
    expect(stub.reads).toBe(3);
    // A poll's read asks for no check: the account may well be as it was.
    expect(stub.readsWithCheck).toBe(1);
  });

  it("counts a refused read as a failure of the console's read, and stops reading once closed", async () => {
    tab = new ConsoleTab(stub.url, "session=someone-else", "vpc-peering", recorder);
    tab.heard("ready");
    await vi.waitFor(() => expect(recorder.errors.get(`${CONSOLE_READ}: HTTP401`)).toBe(1));
    tab.close();
    tab.heard("ready");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorder.errors.get(`${CONSOLE_READ}: HTTP401`)).toBe(1);
  });
});
