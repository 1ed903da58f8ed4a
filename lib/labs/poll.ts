/** Waiting on AWS: the labs' one backoff loop (fast on the sandbox, patient on AWS). */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface PollOptions {
  /** What is awaited, for the timeout's message: "Timed out waiting for <what>." */
  what: string;
  timeoutMs?: number;
  /** The pauses double from 50 ms up to this. */
  maxIntervalMs?: number;
  /** The timeout's message, when "Timed out waiting for <what>." does not say it. */
  timeoutMessage?: string;
}

/** Calls `probe` until it returns a value, pausing longer each time; throws once past the timeout. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, { what, timeoutMs = 300_000, maxIntervalMs = 5_000, timeoutMessage }: PollOptions): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, maxIntervalMs)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(timeoutMessage ?? `Timed out waiting for ${what}.`);
    await sleep(wait);
  }
}
