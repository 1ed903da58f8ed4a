"use client";

import { useEffect, useState } from "react";
import { type ActionResult, answered } from "@/lib/action-pipeline/result";
import { doStepAction } from "@/lib/actions/do-step";
import type { LabStepsData } from "@/lib/actions/load-lab-steps";
import { checkLab, loadLabSteps } from "@/lib/api/console-routes";
import type { RecordedCheck } from "@/lib/labs/check";
import type { LabId } from "@/lib/labs/steps";
import { ClassSummaryOverlay } from "./class-summary-overlay";
import { usePresenterFollows } from "./presenter-settings";

export interface PresenterBarProps {
  labId: LabId;
  labTitle: string;
  region: string;
  /** When the console last read the account (again whenever it changed): the steps are loaded again. */
  loadedAt: string;
  panelsOpen: boolean;
  onTogglePanels(): void;
  onExit(): void;
  /** Do it for me changed the account: the console reads it again. */
  onChanged(): void;
  /** The terminal's type size, when a terminal is open. */
  terminalFontSize?: number;
  onTerminalFontSize(size: number): void;
}

const FONT_SIZES = [13, 15, 18, 22, 26, 32];
const SUMMARY_KEYS = new Set(["s", "S"]);

/** The first step not done yet; when every step is done, the last one. */
function currentIndexOf(data: Pick<LabStepsData, "guide" | "completedSteps">): number {
  const completed = new Set(data.completedSteps);
  const firstOpen = data.guide.steps.findIndex((step) => !completed.has(step.id));
  return firstOpen === -1 ? Math.max(0, data.guide.steps.length - 1) : firstOpen;
}

type Outcome = { busy: "check" | "do" } | { text: string; done?: boolean } | undefined;

function outcomeOf(result: ActionResult<RecordedCheck>, stepId: string): Outcome {
  if (!result.ok) return { text: `${result.error.code}: ${result.error.message}` };
  const check = result.data.results[stepId];
  return check?.done ? { text: "Done: the check passes.", done: true } : { text: `Not done yet${check?.findings?.[0] ? `: ${check.findings[0]}` : "."}`, done: false };
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
export function PresenterBar(props: PresenterBarProps) {
  const { labId, labTitle, region, loadedAt, panelsOpen, onTogglePanels, onExit, onChanged, terminalFontSize, onTerminalFontSize } = props;
  const [data, setData] = useState<LabStepsData>();
  const [shown, setShown] = useState<number>();
  const [follows, setFollows] = usePresenterFollows();
  const [outcome, setOutcome] = useState<Outcome>();
  const [summaryOpen, setSummaryOpen] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void loadLabSteps(labId).then((result) => {
      if (cancelled || !result.ok) return;
      setData(result.data);
      // The step on screen when presenting starts stays there until the presenter moves on.
      setShown((current) => current ?? currentIndexOf(result.data));
    });
    return () => {
      cancelled = true;
    };
  }, [labId, loadedAt]);

  const steps = data?.guide.steps ?? [];
  const completed = new Set(data?.completedSteps ?? []);
  const currentIndex = data ? currentIndexOf(data) : 0;
  // Unless it follows the progress, the presented step moves only when the presenter moves it.
  const index = Math.min((follows ? undefined : shown) ?? currentIndex, Math.max(0, steps.length - 1));
  const step = steps[index];
  const moveTo = (next: number) => {
    setShown(next);
    setOutcome(undefined);
    if (follows) setFollows(false);
  };

  const run = async (kind: "check" | "do") => {
    if (!step) return;
    setOutcome({ busy: kind });
    const result = kind === "check" ? await checkLab(labId, step.id) : await answered(() => doStepAction({ labId, stepId: step.id }));
    if (result.ok) setData((current) => (current ? { ...current, results: result.data.results, completedSteps: result.data.completedSteps } : current));
    setOutcome(outcomeOf(result, step.id));
    if (kind === "do") onChanged();
  };
  const busy = outcome && "busy" in outcome ? outcome.busy : undefined;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || belongsToControl(event.target)) return;
      if (event.key === "Escape") {
        if (summaryOpen) setSummaryOpen(false);
        else onExit();
      } else if (NEXT_KEYS.has(event.key) && steps.length) moveTo(Math.min(index + 1, steps.length - 1));
      else if (PREVIOUS_KEYS.has(event.key) && steps.length) moveTo(Math.max(index - 1, 0));
      else if (SUMMARY_KEYS.has(event.key)) setSummaryOpen((open) => !open);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  });

  return (
    <header className="border-b-2 border-slate-900 bg-white px-5 py-2 text-slate-950">
      {/* The buttons take the first row, the step the whole width of the second: a long title stays on one line. */}
      <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
        <div className="order-last w-full min-w-0">
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
          <button type="button" className={BUTTON} onClick={() => moveTo(Math.max(index - 1, 0))} disabled={!step || index === 0} aria-keyshortcuts="PageUp ArrowLeft">
            <span aria-hidden="true">‹</span> Previous
          </button>
          <button
            type="button"
            className={BUTTON}
            onClick={() => moveTo(Math.min(index + 1, steps.length - 1))}
            disabled={!step || index === steps.length - 1}
            aria-keyshortcuts="PageDown ArrowRight"
          >
            Next <span aria-hidden="true">›</span>
          </button>
        </nav>
        <div className="flex shrink-0 items-center gap-2 pt-1">
          <button type="button" className={BUTTON} onClick={() => void run("check")} disabled={!step || Boolean(busy)}>
            {busy === "check" ? "Checking…" : "Check my work"}
          </button>
          <button type="button" className={BUTTON} onClick={() => void run("do")} disabled={!step || Boolean(busy)}>
            {busy === "do" ? "Doing it…" : "Do it for me"}
          </button>
        </div>
        <div className="flex shrink-0 items-center gap-2 pt-1">
          <button type="button" className={BUTTON} aria-expanded={panelsOpen} onClick={onTogglePanels}>
            Panels
          </button>
          {terminalFontSize ? (
            <span role="group" aria-label="Terminal text size" className="flex gap-1">
              <button type="button" className={BUTTON} aria-label="Smaller terminal text" disabled={terminalFontSize <= FONT_SIZES[0]} onClick={() => onTerminalFontSize(FONT_SIZES.findLast((size) => size < terminalFontSize) ?? FONT_SIZES[0])}>
                A−
              </button>
              <button type="button" className={BUTTON} aria-label="Larger terminal text" disabled={terminalFontSize >= FONT_SIZES[FONT_SIZES.length - 1]} onClick={() => onTerminalFontSize(FONT_SIZES.find((size) => size > terminalFontSize) ?? terminalFontSize)}>
                A+
              </button>
            </span>
          ) : null}
          <button type="button" className={BUTTON} aria-expanded={summaryOpen} aria-keyshortcuts="S" onClick={() => setSummaryOpen((open) => !open)}>
            Class
          </button>
          <button type="button" className={BUTTON} onClick={onExit} aria-keyshortcuts="Escape">
            Exit presenter mode
          </button>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 text-base">
        {outcome && "text" in outcome ? (
          <p role="status" className={outcome.done ? "font-semibold text-emerald-800" : "font-semibold text-slate-900"} data-testid="presenter-outcome">
            {outcome.text}
          </p>
        ) : null}
        <label className="ml-auto flex items-center gap-1 text-sm text-slate-700">
          <input type="checkbox" checked={follows} onChange={(event) => setFollows(event.target.checked)} /> Move on when a step is done
        </label>
      </div>
      {summaryOpen ? <ClassSummaryOverlay labId={labId} onClose={() => setSummaryOpen(false)} /> : null}
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
