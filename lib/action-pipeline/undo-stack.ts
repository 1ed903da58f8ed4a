/**
 * For actions that make several AWS calls: each step registers how to undo itself, and when a
 * later step fails the earlier ones are undone in reverse order, so a failed click leaves the
 * account as it found it.
 */
export class UndoStack {
  private readonly steps: Array<() => Promise<unknown>> = [];

  push(undo: () => Promise<unknown>): void {
    this.steps.push(undo);
  }

  async unwind(): Promise<void> {
    for (const undo of this.steps.reverse()) {
      try {
        await undo();
      } catch (error) {
        console.error("could not undo a step of a failed action", error);
      }
    }
  }

  /** Runs `work`; if it throws, unwinds and rethrows the original error. */
  async run<T>(work: (stack: UndoStack) => Promise<T>): Promise<T> {
    try {
      return await work(this);
    } catch (error) {
      await this.unwind();
      throw error;
    }
  }
}
