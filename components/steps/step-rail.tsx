"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/action-pipeline/result";
import { checkLabAction } from "@/lib/actions/check-lab";
import { doStepAction } from "@/lib/actions/do-step";
import { recordHintAction } from "@/lib/actions/record-hint";
import { loadLabStepsAction, type LabStepsData } from "@/lib/actions/load-lab-steps";
import { resetLabAction } from "@/lib/actions/reset-lab";
import { saveStepDiagramAction } from "@/lib/actions/save-step-image";
import { saveStepNoteAction } from "@/lib/actions/save-step-note";
import { teardownLabAction } from "@/lib/actions/teardown-lab";
import type { RecordedCheck } from "@/lib/labs/check";
import type { DoItReport, LabId } from "@/lib/labs/steps";
import type { TeardownReport } from "@/lib/labs/teardown";
import { ChallengePanel } from "./challenge-panel";
import { StepDetail } from "./step-detail";

type Busy = { kind: "check" | "do" | "reset" | "teardown"; stepId?: string } | undefined;

export interface StepOutcome {
  error?: { code: string; message: string };
  message?: string;
  report?: DoItReport;
  /** The account versions the outcome has seen: its own action's change is the first; any later change makes it history. */
  versions?: string[];
}

/**
 * A one-time answer ("Created 1 thing", an error) describes the account as its action left it: it
 * stays through the refresh its own action caused, and goes with the next change (the live checks speak then).
 */
function outcomesStillTrue(outcomes: Record<string, StepOutcome>, version: string): Record<string, StepOutcome> {
  const kept: Record<string, StepOutcome> = {};
  for (const [stepId, outcome] of Object.entries(outcomes)) {
    const versions = [...new Set([...(outcome.versions ?? []), version])];
    if (versions.length <= 1) kept[stepId] = { ...outcome, versions };
  }
  return kept;
}

type Confirm = { kind: "reset"; stepId: string; number: number } | { kind: "teardown" } | undefined;

/** What a reset or teardown did; a reset's report names its step, and is true only until that step is done again. */
type LabReport = { title: string; message?: string; error?: string; report?: TeardownReport; resetStepId?: string };

export interface StepRailProps {
  labId: LabId;
  /** Data the page already loaded; otherwise the rail loads it when it opens. */
  initial?: LabStepsData;
  /** Called after anything that changed the account, so the console can refresh the diagram. */
  onChanged?: () => void;
  /**
   * Changes whenever the console saw the account change (any tab, the CLI): the rail checks the
   * steps again, so a step completes however its work was done.
   */
  accountVersion?: string;
}

const capturesUnderway = new Set<Promise<void>>();

/** Has the server draw the diagram for the steps just completed; the write-up link waits for it. */
function captureFor(labId: LabId, stepIds: string[]): void {
  if (!stepIds.length) return;
  const capture: Promise<void> = saveStepDiagramAction({ labId, stepIds })
    .then((result) => {
      if (!result.ok) console.error("could not save the diagram for the write-up", result.error);
    })
    .catch((error: unknown) => console.error("could not save the diagram for the write-up", error))
    .finally(() => capturesUnderway.delete(capture));
  capturesUnderway.add(capture);
}

/** The lab's steps beside the diagram: the current one open, checks, do-it-for-me, reset and tear down. */
export function StepRail({ labId, initial, onChanged, accountVersion }: StepRailProps) {
  const [data, setData] = useState<LabStepsData | undefined>(initial);
  const [loadError, setLoadError] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState<Busy>();
  const [outcomes, setOutcomes] = useState<Record<string, StepOutcome>>({});
  const [confirm, setConfirm] = useState<Confirm>();
  const [labReport, setLabReport] = useState<LabReport>();
  const menuRef = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    if (initial) return;
    void loadLabStepsAction({ labId }).then((result) => {
      if (result.ok) setData(result.data);
      // Work done with the CLI while the page was closed completes steps now: photograph them too.
      if (result.ok) captureFor(labId, result.data.newlyCompleted);
      else setLoadError(`${result.error.code}: ${result.error.message}`);
    });
  }, [labId, initial]);

  const apply = useCallback(
    (recorded: RecordedCheck) => {
      setData((current) => (current ? { ...current, results: recorded.results, completedSteps: recorded.completedSteps } : current));
      captureFor(labId, recorded.newlyCompleted);
    },
    [labId],
  );

  const busyRef = useRef<Busy>(undefined);
  useEffect(() => {
    busyRef.current = busy;
  });
  useEffect(() => {
    if (!accountVersion || busyRef.current) return;
    let cancelled = false;
    void checkLabAction({ labId }).then((result) => {
      if (!result.ok) return;
      // A newer check supersedes this one on screen, but the steps it recorded are reported only once: photograph them.
      if (cancelled) captureFor(labId, result.data.newlyCompleted);
      else {
        apply(result.data);
        setOutcomes((all) => outcomesStillTrue(all, accountVersion));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [accountVersion, labId, apply]);

  if (!data) {
    return (
      <nav aria-label="Lab steps" className="w-64 min-[1400px]:w-72 shrink-0 border-r border-slate-200 bg-white p-4 text-sm text-slate-700">
        {loadError ? <p role="alert" className="text-red-800">{loadError}</p> : <p aria-busy="true">Loading the steps…</p>}
      </nav>
    );
  }

  const completed = new Set(data.completedSteps);
  const current = data.guide.steps.find((step) => !completed.has(step.id))?.id;
  const open = selected ?? current ?? data.guide.steps[data.guide.steps.length - 1].id;

  const run = async <T extends RecordedCheck>(kind: "check" | "do", stepId: string, action: () => Promise<ActionResult<T>>) => {
    setBusy({ kind, stepId });
    try {
      const result = await action();
      if (!result.ok) {
        setOutcomes((all) => ({ ...all, [stepId]: { error: result.error } }));
        return;
      }
      apply(result.data);
      const report = "report" in result.data ? (result.data.report as DoItReport) : undefined;
      setOutcomes((all) => ({ ...all, [stepId]: { message: result.message, report } }));
      if (kind === "do") onChanged?.();
    } finally {
      setBusy(undefined);
    }
  };

  const runLabAction = async (pending: NonNullable<Confirm>) => {
    setConfirm(undefined);
    setBusy({ kind: pending.kind });
    setLabReport({ title: pending.kind === "reset" ? `Resetting to step ${pending.number}…` : "Tearing down the lab…" });
    try {
      if (pending.kind === "reset") {
        const result = await resetLabAction({ labId, stepId: pending.stepId });
        if (!result.ok) setLabReport({ title: "Reset failed", error: `${result.error.code}: ${result.error.message}` });
        else {
          apply(result.data);
          setSelected(pending.stepId);
          setLabReport({ title: `Reset to step ${pending.number}`, message: result.message, report: result.data.report, resetStepId: pending.stepId });
        }
      } else {
        const result = await teardownLabAction({ labId });
        if (!result.ok) setLabReport({ title: "Tear down failed", error: `${result.error.code}: ${result.error.message}` });
        else {
          setLabReport({ title: "Tear down", message: result.message, report: result.data });
          const refreshed = await checkLabAction({ labId });
          if (refreshed.ok) apply(refreshed.data);
        }
      }
      onChanged?.();
    } finally {
      setBusy(undefined);
    }
  };

  const doneCount = data.guide.steps.filter((step) => completed.has(step.id)).length;

  return (
    <nav aria-label="Lab steps" className="flex w-64 min-[1400px]:w-72 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-slate-900">Steps</h2>
          <p className="text-xs text-slate-600">
            {doneCount} of {data.guide.steps.length} done
          </p>
        </div>
        <WriteupLink labId={labId} />
        <details ref={menuRef} className="relative">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100" aria-label="Lab actions">
            ⋯
          </summary>
          <div className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <button
              type="button"
              className="w-full rounded px-2 py-1.5 text-left text-sm text-red-800 hover:bg-red-50"
              onClick={() => {
                menuRef.current?.removeAttribute("open");
                setConfirm({ kind: "teardown" });
              }}
              disabled={busy !== undefined}
            >
              Tear down lab
            </button>
          </div>
        </details>
      </div>

      {confirm ? (
        <div role="alertdialog" aria-labelledby="rail-confirm-title" className="m-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p id="rail-confirm-title" className="font-semibold text-amber-900">
            {confirm.kind === "reset" ? `Reset to step ${confirm.number}?` : "Tear down the whole lab?"}
          </p>
          <p className="mt-1 text-amber-900">
            {confirm.kind === "reset"
              ? "Everything this step and later steps built is deleted; what earlier steps need is rebuilt."
              : "Instances, Elastic IPs, endpoints, the bucket, peering, routes, subnets, gateways, security groups and the VPCs of this lab are deleted. Your progress, notes and write-up stay."}
          </p>
          <div className="mt-2 flex gap-2">
            <button type="button" onClick={() => void runLabAction(confirm)} className="rounded-md bg-red-700 px-3 py-1.5 text-white hover:bg-red-800">
              {confirm.kind === "reset" ? "Reset" : "Tear down"}
            </button>
            <button type="button" onClick={() => setConfirm(undefined)} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-white">
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      <ChallengePanel labId={labId} labComplete={doneCount === data.guide.steps.length} accountVersion={accountVersion} onChanged={onChanged} />

      {labReport && !(labReport.resetStepId && completed.has(labReport.resetStepId)) ? (
        <LabReportView report={labReport} busy={busy?.kind === "reset" || busy?.kind === "teardown"} onClose={() => setLabReport(undefined)} />
      ) : null}

      <ol className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
        {data.guide.steps.map((step, index) => {
          const isDone = completed.has(step.id);
          const isCurrent = step.id === current;
          const expanded = step.id === open;
          return (
            <li key={step.id} aria-current={isCurrent ? "step" : undefined} className="mb-1">
              <button
                type="button"
                aria-expanded={expanded}
                onClick={() => setSelected(step.id)}
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
                  outcome={outcomes[step.id]}
                  note={data.notes[step.id] ?? ""}
                  busy={busy}
                  onCheck={() => void run("check", step.id, () => checkLabAction({ labId, stepId: step.id }))}
                  onDoIt={() => void run("do", step.id, () => doStepAction({ labId, stepId: step.id }))}
                  onReset={() => setConfirm({ kind: "reset", stepId: step.id, number: index + 1 })}
                  onNoteSaved={(note) => setData((current) => (current ? { ...current, notes: { ...current.notes, [step.id]: note } } : current))}
                  saveNote={saveStepNoteAction}
                  hintsAllowed={data.hintsAllowed}
                  onHintOpened={() => void recordHintAction({ labId, stepId: step.id })}
                />
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Opens the write-up once the diagrams of just-completed steps are saved, so none is missing from it. */
function WriteupLink({ labId }: { labId: LabId }) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const href = `/labs/${labId}/writeup`;
  return (
    <a
      href={href}
      aria-busy={saving || undefined}
      onClick={(event) => {
        if (!capturesUnderway.size) return;
        event.preventDefault();
        setSaving(true);
        void Promise.allSettled([...capturesUnderway]).then(() => router.push(href));
      }}
      className="text-xs font-medium text-brand-700 hover:underline"
    >
      {saving ? "Saving diagrams…" : "Write-up"}
    </a>
  );
}

function LabReportView({ report, busy, onClose }: { report: LabReport; busy: boolean; onClose: () => void }) {
  return (
    <section aria-label={report.title} aria-busy={busy || undefined} className="m-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">{report.title}</h3>
        {busy ? null : (
          <button type="button" onClick={onClose} className="text-xs text-slate-600 hover:underline">
            Close
          </button>
        )}
      </div>
      {busy ? <p className="mt-1 text-slate-700">Working in dependency order: Elastic IPs, instances, endpoint, bucket, peering, routes, subnets, gateways, security groups, VPCs…</p> : null}
      {report.error ? <p role="alert" className="mt-1 text-red-800">{report.error}</p> : null}
      {report.message ? <p role="status" className="mt-1 text-slate-800">{report.message}</p> : null}
      {report.report ? (
        <div className="mt-2 space-y-2">
          {report.report.deleted.length ? (
            <details>
              <summary className="cursor-pointer text-slate-700">Removed ({report.report.deleted.length})</summary>
              <ul className="mt-1 max-h-40 overflow-y-auto font-mono text-xs text-slate-700">
                {report.report.deleted.map((id) => (
                  <li key={id}>{id}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {report.report.left.length ? (
            <div>
              <p className="font-medium text-red-800">Left ({report.report.left.length})</p>
              <ul className="mt-1 space-y-1 text-xs text-red-900">
                {report.report.left.map((entry) => (
                  <li key={entry.id}>
                    <span className="font-mono">{entry.id}</span>: {entry.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
