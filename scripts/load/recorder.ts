/**
 * What a load run measures: each call's latency by kind, the calls that failed in a way the lab
 * does not expect (by code), and the AWS error answers the lab's own code handles (by code).
 */

/** A call failed: the student's work stops or is wrong, whatever the cause. */
export class LoadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const RECORDED = new WeakSet<object>();

/** Whether a failure was already counted where it happened (so the student's own catch does not count it twice). */
export function wasRecorded(error: unknown): boolean {
  return typeof error === "object" && error !== null && RECORDED.has(error);
}

export function markRecorded(error: unknown): void {
  if (typeof error === "object" && error !== null) RECORDED.add(error);
}

export class LoadRecorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly handledAwsErrors = new Map<string, number>();
  /** The first few failures' messages, to tell what went wrong. */
  readonly errorExamples: string[] = [];

  record(kind: string, ms: number): void {
    const list = this.latencies.get(kind) ?? [];
    list.push(ms);
    this.latencies.set(kind, list);
  }

  fail(kind: string, code: string, message: string): void {
    const key = `${kind}: ${code}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    if (this.errorExamples.length < 10) this.errorExamples.push(`${key}: ${message}`);
  }

  /** An AWS error answer (4xx) the lab's code catches and handles, e.g. a waiter's NotFound. */
  handled(kind: string, code: string): void {
    const key = `${kind}: ${code}`;
    this.handledAwsErrors.set(key, (this.handledAwsErrors.get(key) ?? 0) + 1);
  }

  /** Runs `work` as one call of `kind`: its time is recorded when it succeeds, its failure when it throws (and rethrown). */
  async time<T>(kind: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const value = await work();
      this.record(kind, performance.now() - started);
      return value;
    } catch (error) {
      const failure = error as { code?: string; name?: string; message?: string };
      this.fail(kind, failure.code ?? failure.name ?? "Error", failure.message ?? String(error));
      markRecorded(error);
      throw error;
    }
  }
}
