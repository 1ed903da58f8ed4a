import { saveStepDiagram } from "@/lib/api/console-routes";
import type { LabId } from "@/lib/labs/steps";

/**
 * The server drawing the diagram of steps just completed, for the write-up: one queue per step
 * rail, so its Write-up link can wait until none is missing.
 */
export class DiagramCaptures {
  private readonly underway = new Set<Promise<void>>();

  capture(labId: LabId, stepIds: string[]): void {
    if (!stepIds.length) return;
    const capture: Promise<void> = saveStepDiagram(labId, stepIds)
      .then((result) => {
        if (!result.ok) console.error("could not save the diagram for the write-up", result.error);
      })
      .catch((error: unknown) => console.error("could not save the diagram for the write-up", error))
      .finally(() => this.underway.delete(capture));
    this.underway.add(capture);
  }

  /** Undefined when nothing is underway, else a promise settled once every capture is. */
  settled(): Promise<unknown> | undefined {
    return this.underway.size ? Promise.allSettled([...this.underway]) : undefined;
  }
}
