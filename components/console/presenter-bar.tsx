"use client";

import { useEffect, useState } from "react";
import { loadLabStepsAction, type LabStepsData } from "@/lib/actions/load-lab-steps";
import type { LabId } from "@/lib/labs/steps";

export interface PresenterBarProps {
  labId: LabId;
  labTitle: string;
  region: string;
  /** Changes whenever the account changed: the steps are checked again. */
  accountVersion: string;
  panelsOpen: boolean;
  onTogglePanels(): void;
  onExit(): void;
}

const BUTTON =
  "shrink-0 rounded-md border-2 border-slate-800 bg-white px-3 py-1 text-base font-semibold text-slate-950 hover:bg-slate-100 disabled:border-slate-400 disabled:text-slate-600";

const NEXT_KEYS = new Set(["PageDown", "ArrowRight"]);
const PREVIOUS_KEYS = new Set(["PageUp", "ArrowLeft"]);

/** Keys typed into a field, a menu or the terminal belong to them, not to the presentation. */
function belongsToControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return Boolean(target.closest("input, textarea, select, [contenteditable], [role=tablist], [role=radiogroup], .xterm"));
}

/**
 * Presenter mode's only chrome: the lab, the step being presented with its instructions, and the
 * keys that drive it. PageDown/→ and PageUp/← move between steps, Escape leaves.
 */
export function PresenterBar({ labId, labTitle, region, accountVersion, panelsOpen, onTogglePanels, onExit }: PresenterBarProps) {
  const [data, setData] = useState<LabStepsData>();
  const [shown, setShown] = useState<number>();

  useEffect(() => {
    let cancelled = false;
    void loadLabStepsAction({ labId }).then((result) => {
      if (!cancelled && result.ok) setData(result.data);
    });
    return () => {
      cancelled = true;
    };
  }, [labId, accountVersion]);

  const steps = data?.guide.steps ?? [];
  const completed = new Set(data?.completedSteps ?? []);
  // The first step not done yet; when every step is done, the last one.
  const firstOpen = steps.findIndex((step) => !completed.has(step.id));
  const currentIndex = firstOpen === -1 ? Math.max(0, steps.length - 1) : firstOpen;
  const index = Math.min(shown ?? currentIndex, Math.max(0, steps.length - 1));
  const step = steps[index];

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || belongsToControl(event.target)) return;
      if (event.key === "Escape") onExit();
      else if (NEXT_KEYS.has(event.key) && steps.length) setShown(Math.min(index + 1, steps.length - 1));
      else if (PREVIOUS_KEYS.has(event.key) && steps.length) setShown(Math.max(index - 1, 0));
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [index, steps.length, onExit]);

  return (
    <header className="border-b-2 border-slate-900 bg-white px-5 py-2 text-slate-950">
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-base font-semibold text-slate-800">
            {labTitle} · {region}
          </h1>
          <p className="text-2xl font-bold leading-tight" aria-live="polite" data-testid="presented-step">
            {step ? (
              <>
                Step {index + 1} of {steps.length}: {step.title}
                {completed.has(step.id) ? <span className="ml-3 rounded bg-emerald-800 px-2 align-middle text-base text-white">done</span> : null}
              </>
            ) : (
              "Loading the steps…"
            )}
          </p>
        </div>
        <nav aria-label="Presented step" className="flex shrink-0 items-center gap-2 pt-1">
          <button type="button" className={BUTTON} onClick={() => setShown(Math.max(index - 1, 0))} disabled={!step || index === 0} aria-keyshortcuts="PageUp ArrowLeft">
            <span aria-hidden="true">‹</span> Previous
          </button>
          <button
            type="button"
            className={BUTTON}
            onClick={() => setShown(Math.min(index + 1, steps.length - 1))}
            disabled={!step || index === steps.length - 1}
            aria-keyshortcuts="PageDown ArrowRight"
          >
            Next <span aria-hidden="true">›</span>
          </button>
        </nav>
        <div className="flex shrink-0 items-center gap-2 pt-1">
          <button type="button" className={BUTTON} aria-expanded={panelsOpen} onClick={onTogglePanels}>
            Panels
          </button>
          <button type="button" className={BUTTON} onClick={onExit} aria-keyshortcuts="Escape">
            Exit presenter mode
          </button>
        </div>
      </div>
      {step ? (
        <ol className="mt-1 list-inside list-decimal text-lg leading-snug text-slate-900" aria-label={`Step ${index + 1} instructions`}>
          {step.instructions.map((instruction) => (
            <li key={instruction}>{instruction}</li>
          ))}
        </ol>
      ) : null}
    </header>
  );
}
