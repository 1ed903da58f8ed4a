/**
 * A lab page's reads carried by its live stream (app/api/events with `?lab=`). A page that read the
 * account itself after each burst of changes cost the server a whole HTTP request per read — Next's
 * request and response work, the proxy, the route — about a quarter of what a read costs, and a
 * class's reads are about half of what its hour costs the server (npm run load). The stream reads
 * the account once the burst has settled (change-reads.ts, as the page would have) and sends the
 * read down the stream it already holds open.
 *
 * One read at a time per stream: changes during a read ask for one more after it. When the page
 * reads the account itself (after its own action, a poll), that read shows the changes waited for,
 * and the stream's waiting read is dropped, as the page's own coalescer drops it
 * (`readStarting`, through the registry below: the page names its tab in both requests).
 */
import { processSingleton } from "@/lib/process-singleton";
import { ChangeReadCoalescer } from "./change-reads";

export class StreamedReads {
  private inFlight = false;
  private again = false;
  private closed = false;
  private readonly coalescer: ChangeReadCoalescer;

  /** `read` reads the account and sends it down the stream. */
  constructor(private readonly read: () => Promise<void>) {
    this.coalescer = new ChangeReadCoalescer(() => void this.run());
  }

  /** A change of the account: a read follows once the burst has settled. */
  changed(): void {
    if (!this.closed) this.coalescer.changed();
  }

  /** The page is reading the account itself: that read shows every change so far. */
  readStarting(): void {
    this.coalescer.readStarting();
    this.again = false;
  }

  /** The stream ended: nothing more is read. */
  close(): void {
    this.closed = true;
    this.coalescer.cancel();
  }

  /** A read that fails unexpectedly is logged: the next change reads again, and the process (every tenant's) goes on. */
  private async readSafely(): Promise<void> {
    try {
      await this.read();
    } catch (error) {
      console.error("a live stream's read of the account failed", error);
    }
  }

  private async run(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        await this.readSafely();
      } while (this.again && !this.closed);
    } finally {
      this.inFlight = false;
    }
  }
}

/**
 * The streams carrying reads in this process, by user and the page's tab id. A page's own read names
 * its tab; keyed with the user, one user can never reach another's stream. With several app
 * processes, a read that lands on another process than the page's stream finds nothing here: the
 * stream then reads once more than needed, never less.
 */
export class StreamedReadsRegistry {
  private readonly byTab = new Map<string, StreamedReads>();

  /** Registers the stream's reads; returns its removal. */
  add(userId: string, tab: string, reads: StreamedReads): () => void {
    const key = `${userId}\u0000${tab}`;
    this.byTab.set(key, reads);
    return () => {
      if (this.byTab.get(key) === reads) this.byTab.delete(key);
    };
  }

  /** The page of `tab` is reading the account itself. */
  readStarting(userId: string, tab: string | undefined): void {
    if (tab) this.byTab.get(`${userId}\u0000${tab}`)?.readStarting();
  }

  get size(): number {
    return this.byTab.size;
  }
}

export function streamedReadsRegistry(): StreamedReadsRegistry {
  return processSingleton("streamed-reads", () => new StreamedReadsRegistry());
}

/** A tab id as the page makes it (use-live-console.ts): short, URL-safe. Anything else carries no reads. */
export function isTabId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(value);
}
