/**
 * Per-user caps on long-lived responses: a user holds at most `limit` live-update streams
 * (every tab of the console holds one), and a terminal session at most one output stream.
 * Opening one more closes the oldest, which is told why and does not reconnect; so tabs
 * left open cannot pile up, and one user cannot hold hundreds of connections.
 */
import { processSingleton } from "@/lib/process-singleton";

/** Live-update streams (`/api/events`) per user. */
export const MAX_LIVE_STREAMS_PER_USER = 8;

interface Slot {
  close: () => void;
}

export class StreamSlots {
  private readonly held = new Map<string, Slot[]>();

  constructor(private readonly limit: number) {}

  /** Takes a slot for `key`, closing the oldest slot over the limit; returns the slot's release. */
  admit(key: string, close: () => void): () => void {
    const slot: Slot = { close };
    const slots = this.held.get(key) ?? [];
    slots.push(slot);
    this.held.set(key, slots);
    while (slots.length > this.limit) {
      const oldest = slots.shift()!;
      oldest.close();
    }
    return () => this.release(key, slot);
  }

  count(key: string): number {
    return this.held.get(key)?.length ?? 0;
  }

  private release(key: string, slot: Slot): void {
    const slots = this.held.get(key);
    if (!slots) return;
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    if (slots.length === 0) this.held.delete(key);
  }
}

/** The process's live-update slots, keyed by user id. */
export function liveStreamSlots(): StreamSlots {
  return processSingleton("live-stream-slots", () => new StreamSlots(MAX_LIVE_STREAMS_PER_USER));
}

/** The process's terminal output slots, keyed by session id: a reconnect replaces the previous stream. */
export function terminalStreamSlots(): StreamSlots {
  return processSingleton("terminal-stream-slots", () => new StreamSlots(1));
}
