/**
 * The lab page, open in a student's tab, keeping itself current as the browser's code does
 * (components/console/use-live-console.ts and components/steps/use-step-rail.ts), on its Build tab
 * (the Activity panel's page is not read) and not in presenter mode:
 * - its live stream carries the page's read once a burst of change events has settled (`read`
 *   events, lib/console/streamed-reads.ts), the steps checked with it: the page takes it as its own
 *   read and makes no request. Each is timed from the first change event it answers to its arrival
 *   (the quiet time the server waits for included: how stale the page is);
 * - a read of its own (`POST /api/console` with the lab and the tab's id) when the stream is ready,
 *   one at a time, with the step rail's check and the Break it panel's challenge;
 * - a read every 5 s while the stream is not heard from (its `ready`, `change`, `read` or 15 s
 *   `alive` events; silent for 40 s, it counts as dead);
 * - after a poll's read that finds a new account version, the rail's own check
 *   (`POST /api/labs/<lab>/check`), unless the rail's last check began at that very version.
 * Each request is timed as a console call; a refusal or an HTTP error is a failure, and so is a
 * streamed read that carries an error.
 */
import superjson, { type SuperJSONResult } from "superjson";
import type { ActionResult } from "@/lib/action-pipeline/result";
import type { LoadRecorder } from "./recorder";

/** use-live-console.ts's SANDBOX_SAFETY_POLL_MS and STREAM_SILENT_MS. */
const SAFETY_POLL_MS = 5_000;
const STREAM_SILENT_MS = 40_000;

export const CONSOLE_READ = "console: live view read";
export const STREAMED_READ = "console: live view read on the stream";
export const RAIL_CHECK = "console: step rail check";

interface Versioned {
  accountVersion?: number;
}

interface ConsoleRead extends Versioned {
  lab?: { check?: Versioned };
}

export class ConsoleTab {
  private inFlight = false;
  private again = false;
  private changeHinted = false;
  private readVersion: number | undefined;
  private checkedVersion: number | undefined;
  private readonly abort = new AbortController();
  private readonly poll: NodeJS.Timeout;
  private streamHeardAt: number | undefined;
  /** When the first change event not yet shown by a read arrived. */
  private firstUnreadChangeAt: number | undefined;
  /** The page's tab, named to the server in its stream's URL and its own reads. */
  readonly tabId = `loadtab${Math.random().toString(36).slice(2, 12).padEnd(10, "0")}`;

  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly labId: string,
    private readonly recorder: LoadRecorder,
  ) {
    this.poll = setInterval(() => {
      if (this.streamHeardAt === undefined || Date.now() - this.streamHeardAt > STREAM_SILENT_MS) void this.refresh("poll");
    }, SAFETY_POLL_MS);
  }

  /** The live stream's path, as the page opens it: carrying the page's reads. */
  get streamPath(): string {
    return `/api/events?lab=${this.labId}&tab=${this.tabId}`;
  }

  /** An event of the live stream: `ready` (after a reconnect changes may have been missed) reads the account; `read` is the stream's read. */
  heard(event: string, data?: unknown): void {
    this.streamHeardAt = Date.now();
    if (this.abort.signal.aborted) return;
    if (event === "ready") void this.refresh("change");
    if (event === "change") {
      this.changeHinted = true;
      this.firstUnreadChangeAt ??= performance.now();
    }
    if (event === "read") this.streamed(superjson.deserialize<ActionResult<ConsoleRead>>(data as SuperJSONResult));
  }

  /** The stream ended or was replaced: the poll takes over. */
  streamLost(): void {
    this.streamHeardAt = undefined;
  }

  /** The tab closes: its timer stops and what it has in flight is abandoned. */
  close(): void {
    clearInterval(this.poll);
    this.abort.abort();
  }

  private streamed(result: ActionResult<ConsoleRead>): void {
    if (!result.ok) return this.recorder.fail(STREAMED_READ, result.error.code, result.error.message);
    if (this.firstUnreadChangeAt !== undefined) this.recorder.record(STREAMED_READ, performance.now() - this.firstUnreadChangeAt);
    this.firstUnreadChangeAt = undefined;
    // Every change so far was announced before this read began: it checked them.
    this.changeHinted = false;
    this.took(result.data, true);
  }

  /** A read taken (the page's own or its stream's); `hinted`: it followed a change. */
  private took(read: ConsoleRead, hinted: boolean): void {
    // Older than the read shown (an own read overtaken by the stream's): the page drops it.
    if (read.accountVersion !== undefined && this.readVersion !== undefined && read.accountVersion < this.readVersion) return;
    const moved = read.accountVersion !== this.readVersion;
    this.readVersion = read.accountVersion;
    if (!hinted && !moved) return;
    // The rail's last check began at this very version: it stands.
    if (read.accountVersion !== undefined && read.accountVersion === this.checkedVersion) return;
    if (read.lab?.check) this.checkedVersion = read.lab.check.accountVersion;
    else this.checkAgain();
  }

  private async refresh(reason: "change" | "poll"): Promise<void> {
    if (reason === "change") this.changeHinted = true;
    if (this.abort.signal.aborted) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        const hinted = this.changeHinted;
        this.changeHinted = false;
        this.firstUnreadChangeAt = undefined;
        const read = await this.call<ConsoleRead>(CONSOLE_READ, "/api/console", { labId: this.labId, check: hinted, activity: false, tab: this.tabId });
        if (!read) return;
        this.took(read, hinted);
      } while (this.again);
    } finally {
      this.inFlight = false;
    }
  }

  /** The rail's check runs beside the next reads, as the page's effect does. */
  private checkAgain(): void {
    void this.call<Versioned>(RAIL_CHECK, `/api/labs/${this.labId}/check`, {}).then((checked) => {
      if (checked) this.checkedVersion = checked.accountVersion;
    });
  }

  /** One of the console's routes as fetchActionResult calls it; undefined once the tab is closed. */
  private async call<T>(kind: string, path: string, body?: unknown): Promise<T | undefined> {
    const init: RequestInit = {
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      method: body === undefined ? "GET" : "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.abort.signal,
    };
    const started = performance.now();
    try {
      const response = await fetch(`${this.url}${path}`, init);
      const text = await response.text();
      if (!response.ok) throw Object.assign(new Error(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`), { code: `HTTP${response.status}` });
      const result = superjson.parse<ActionResult<T>>(text);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
      this.recorder.record(kind, performance.now() - started);
      return result.data;
    } catch (error) {
      if (this.abort.signal.aborted) return undefined;
      const failure = error as { code?: string; name?: string; message?: string };
      this.recorder.fail(kind, failure.code ?? failure.name ?? "Error", failure.message ?? String(error));
      return undefined;
    }
  }
}
