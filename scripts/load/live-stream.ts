/**
 * A student's live stream, held open as the console's page holds it: /api/events with the
 * student's session cookie. Each change the student's SDK makes is expected on it; the delay is
 * from the call's answer to the event naming its operation (0 when the event came first).
 */
import { readSseEvents } from "@/scripts/bench/support/sse-reader";
import type { LoadRecorder } from "./recorder";

/** A change expected on the stream, once the call that makes it has been answered (or cancelled when it failed). */
export interface Expectation {
  answered(): void;
  cancel(): void;
}

interface Pending {
  action: string;
  answeredAt?: number;
  arrivedAt?: number;
  cancelled: boolean;
}

/** The page holding the stream open. */
export interface StreamFollower {
  readonly streamPath: string;
  heard(event: string, data: unknown): void;
  streamLost(): void;
}

export interface LiveDelays {
  /** Delay (ms) of each change whose event arrived. */
  delays: number[];
  /** Changes answered whose event never arrived. */
  missing: string[];
  /** Events no call of the student's SDK explains (the console's own tests, time-based transitions). */
  otherEvents: number;
}

export class LiveStream {
  private readonly pending: Pending[] = [];
  private otherEvents = 0;
  private readonly abort = new AbortController();
  private closing = false;

  private constructor(private readonly recorder: LoadRecorder) {}

  /**
   * Opens the stream and resolves once its `ready` event has arrived; `follower` (the open page) names
   * the stream's path (a lab page's carries its reads) and hears every event, and the stream's end.
   */
  static async open(url: string, cookie: string, recorder: LoadRecorder, follower?: StreamFollower): Promise<LiveStream> {
    const stream = new LiveStream(recorder);
    const response = await fetch(`${url}${follower?.streamPath ?? "/api/events"}`, { headers: { cookie, accept: "text/event-stream" }, signal: stream.abort.signal });
    if (!response.ok) throw new Error(`live stream: HTTP ${response.status}`);
    await new Promise<void>((ready) => {
      void readSseEvents(response, ({ event, data, receivedAt }) => {
        if (event === "ready") ready();
        else if (event === "change") stream.arrived((data as { action: string }).action, receivedAt);
        else if (event === "replaced") recorder.fail("live stream", "Replaced", JSON.stringify(data));
        if (event === "replaced") follower?.streamLost();
        else follower?.heard(event, data);
      }).then(() => {
        follower?.streamLost();
        stream.ended();
        ready();
      });
    });
    return stream;
  }

  expect(action: string): Expectation {
    const entry: Pending = { action, cancelled: false };
    this.pending.push(entry);
    return {
      answered: () => (entry.answeredAt = Date.now()),
      cancel: () => (entry.cancelled = true),
    };
  }

  private arrived(action: string, at: number): void {
    const entry = this.pending.find((candidate) => candidate.action === action && candidate.arrivedAt === undefined && !candidate.cancelled);
    if (entry) entry.arrivedAt = at;
    else this.otherEvents += 1;
  }

  private ended(): void {
    if (!this.closing) this.recorder.fail("live stream", "StreamEnded", "the server ended the live stream");
  }

  /** Closes the stream (as the tab closing does). */
  close(): void {
    this.closing = true;
    this.abort.abort();
  }

  delays(): LiveDelays {
    const answered = this.pending.filter((entry) => !entry.cancelled && entry.answeredAt !== undefined);
    return {
      delays: answered.filter((entry) => entry.arrivedAt !== undefined).map((entry) => Math.max(0, entry.arrivedAt! - entry.answeredAt!)),
      missing: answered.filter((entry) => entry.arrivedAt === undefined).map((entry) => entry.action),
      otherEvents: this.otherEvents,
    };
  }
}
