/**
 * The lab page, open in a student's tab, keeping itself current as the browser's code does
 * (components/console/use-live-console.ts and components/steps/use-step-rail.ts):
 * - a read of the account (`POST /api/console` with the lab, without the Activity panel's page: the
 *   page opens on its Build tab) once a burst of change events has
 *   settled (lib/console/change-reads.ts) and when the stream is ready, one at a time: events during a read ask for one more read after it; a read
 *   after an event asks for the step rail's check too, and every read brings the Break it panel's
 *   challenge (components/steps/challenge-panel.tsx);
 * - a read every 5 s while the stream is not heard from (its `ready`, `change` or 15 s `alive`
 *   events; silent for 40 s, it counts as dead);
 * - after a poll's read that finds a new account version, the rail's own check
 *   (`POST /api/labs/<lab>/check`), unless the rail's last check began at that very version.
 * Each read and check is timed as a console call; a refusal or an HTTP error is a failure.
 */
import superjson from "superjson";
import { ChangeReadCoalescer } from "@/lib/console/change-reads";
import type { ActionResult } from "@/lib/action-pipeline/result";
import type { LoadRecorder } from "./recorder";

/** use-live-console.ts's SANDBOX_SAFETY_POLL_MS and STREAM_SILENT_MS. */
const SAFETY_POLL_MS = 5_000;
const STREAM_SILENT_MS = 40_000;

export const CONSOLE_READ = "console: live view read";
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
  private readonly changeReads = new ChangeReadCoalescer(() => void this.refresh("change"));

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

  /** An event of the live stream: `change` and `ready` (after a reconnect changes may have been missed) read the account. */
  heard(event: string): void {
    this.streamHeardAt = Date.now();
    if (event === "ready") void this.refresh("change");
    if (event !== "change") return;
    this.changeHinted = true;
    this.changeReads.changed();
  }

  /** The stream ended or was replaced: the poll takes over. */
  streamLost(): void {
    this.streamHeardAt = undefined;
  }

  /** The tab closes: its timer stops and what it has in flight is abandoned. */
  close(): void {
    clearInterval(this.poll);
    this.changeReads.cancel();
    this.abort.abort();
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
        this.changeReads.readStarting();
        const read = await this.call<ConsoleRead>(CONSOLE_READ, "/api/console", { labId: this.labId, check: hinted, activity: false });
        if (!read) return;
        const moved = read.accountVersion !== this.readVersion;
        this.readVersion = read.accountVersion;
        if (!hinted && !moved) continue;
        // The rail's last check began at this very version: it stands.
        if (read.accountVersion !== undefined && read.accountVersion === this.checkedVersion) continue;
        if (read.lab?.check) this.checkedVersion = read.lab.check.accountVersion;
        else this.checkAgain();
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
