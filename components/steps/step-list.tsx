"use client";

import { answered } from "@/lib/action-pipeline/result";
import type { LabStepsData } from "@/lib/actions/load-lab-steps";
import { recordHintAction } from "@/lib/actions/record-hint";
import { saveStepNoteAction } from "@/lib/actions/save-step-note";
import type { LabId } from "@/lib/labs/steps";
import { StepDetail } from "./step-detail";
import type { StepRailState } from "./use-step-rail";

interface StepListProps {
  labId: LabId;
  data: LabStepsData;
  completed: Set<string>;
  rail: StepRailState;
}

/** The numbered steps: done ones ticked, the current one marked, the selected (else current) one open. */
export function StepList({ labId, data, completed, rail }: StepListProps) {
  const steps = data.guide.steps;
  const current = steps.find((step) => !completed.has(step.id))?.id;
  const open = rail.selected ?? current ?? steps[steps.length - 1].id;
  return (
    <ol className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
      {steps.map((step, index) => {
        const isDone = completed.has(step.id);
        const isCurrent = step.id === current;
        const expanded = step.id === open;
        return (
          <li key={step.id} aria-current={isCurrent ? "step" : undefined} className="mb-1">
            <button
              type="button"
              aria-expanded={expanded}
              onClick={() => rail.select(step.id)}
              className={`flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm ${expanded ? "bg-brand-50" : "hover:bg-slate-50"}`}
            >
              <span
                aria-hidden="true"
                className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                  isDone ? "bg-emerald-600 text-white" : isCurrent ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"
                }`}
              >
                {isDone ? "✓" : index + 1}
              </span>
              <span className={`min-w-0 flex-1 ${isDone ? "text-slate-600" : "font-medium text-slate-900"}`}>
                {step.title}
                {isDone ? <span className="sr-only"> (done)</span> : null}
                {isCurrent ? <span className="sr-only"> (current step)</span> : null}
              </span>
            </button>
            {expanded ? (
              <StepDetail
                labId={labId}
                step={step}
                number={index + 1}
                result={data.results[step.id]}
                outcome={rail.outcomes[step.id]}
                note={data.notes[step.id] ?? ""}
                busy={rail.busy}
                onCheck={() => rail.check(step.id)}
                onDoIt={() => rail.doIt(step.id)}
                onReset={() => rail.askConfirm({ kind: "reset", stepId: step.id, number: index + 1 })}
                onNoteSaved={(note) => rail.noteSaved(step.id, note)}
                saveNote={saveStepNoteAction}
                hintsAllowed={data.hintsAllowed}
                onHintOpened={() => void answered(() => recordHintAction({ labId, stepId: step.id }))}
              />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
