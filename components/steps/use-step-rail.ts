"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type ActionResult, answered } from "@/lib/action-pipeline/result";
import { doStepAction } from "@/lib/actions/do-step";
import type { LabStepsData } from "@/lib/actions/load-lab-steps";
import type { LabReadout } from "@/lib/console/load-console";
import { checkLab, loadLabSteps } from "@/lib/api/console-routes";
import { resetLabAction } from "@/lib/actions/reset-lab";
import type { RecordedCheck } from "@/lib/labs/check";
import type { DoItReport, LabId } from "@/lib/labs/steps";
import type { TeardownReport } from "@/lib/labs/teardown";
import { teardownLabAction } from "@/lib/actions/teardown-lab";
import { DiagramCaptures } from "./diagram-captures";
import { checkAgainstShown, outcomesStillTrue, type StepOutcome } from "./step-outcome";

export type RailBusy = { kind: "check" | "do" | "reset" | "teardown"; stepId?: string } | undefined;

/** A lab-wide action waiting for the student's yes. */
export type PendingLabAction = { kind: "reset"; stepId: string; number: number } | { kind: "teardown" };

/** What a reset or teardown did; a reset's report names its step, and is true only until that step is done again. */
export type LabReport = { title: string; message?: string; error?: string; report?: TeardownReport; resetStepId?: string };

export interface StepRailInput {
  labId: LabId;
  /** Data the page already loaded; otherwise the rail loads it when it opens. */
  initial?: LabStepsData;
  /** Called after anything that changed the account, so the console can refresh the diagram. */
  onChanged?: () => void;
  /**
   * When the console last read the account after it may have changed (any tab, the CLI; see
   * use-live-console.ts, changeReadAt): the rail checks the steps again, so a step completes however
   * its work was done. A safety poll that finds the account as it was does not move it.
   */
  loadedAt?: string;
  /**
   * The account's version at that read (sandbox): when the rail's last check (its own, a Do it for
   * me's, a reset's) began at this version, it judged this very state and is not made again.
   */
  loadedVersion?: number;
  /** What that read brought for the lab's panels: with its check, the rail asks for none of its own. */
  loadedLab?: LabReadout;
  /** How many of those reads found the account changed (use-live-console.ts): what one-time answers go with. */
  accountChanges?: number;
  /** A reset or teardown starts (true) or ends (false): the console holds its reads of the account meanwhile. */
  onLabAction?: (running: boolean) => void;
}

/** The step rail's data and what it can do: load, check on every read of the account, Check, Do it for me, reset, tear down. */
export function useStepRail({ labId, initial, onChanged, loadedAt, loadedVersion, loadedLab, accountChanges = 0, onLabAction }: StepRailInput) {
  const [data, setData] = useState<LabStepsData | undefined>(initial);
  const [loadError, setLoadError] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState<RailBusy>();
  const [outcomes, setOutcomes] = useState<Record<string, StepOutcome>>({});
  const [confirm, setConfirm] = useState<PendingLabAction>();
  const [labReport, setLabReport] = useState<LabReport>();
  const [captures] = useState(() => new DiagramCaptures());

  const checkedVersion = useRef<number | undefined>(initial?.accountVersion);
  useEffect(() => {
    if (initial) return;
    void loadLabSteps(labId).then((result) => {
      if (result.ok) {
        checkedVersion.current = result.data.accountVersion;
        setData(result.data);
      }
      // Work done with the CLI while the page was closed completes steps now: photograph them too.
      if (result.ok) captures.capture(labId, result.data.newlyCompleted);
      else setLoadError(`${result.error.code}: ${result.error.message}`);
    });
  }, [labId, initial, captures]);

  const apply = useCallback(
    (recorded: RecordedCheck) => {
      checkedVersion.current = recorded.accountVersion;
      setData((current) => (current ? { ...current, results: recorded.results, completedSteps: recorded.completedSteps } : current));
      captures.capture(labId, recorded.newlyCompleted);
    },
    [labId, captures],
  );

  const busyRef = useRef<RailBusy>(undefined);
  useEffect(() => {
    busyRef.current = busy;
  });
  useEffect(() => {
    if (!loadedAt) return;
    const read = checkAgainstShown(loadedVersion, checkedVersion.current);
    // The read's check recorded these steps, and a step is reported newly done only once: photograph them
    // even when the rail shows another check (its own, running, or made at this state or a later one).
    if (loadedLab?.check && (busyRef.current || read !== "newer")) captures.capture(labId, loadedLab.check.newlyCompleted);
    if (busyRef.current) return;
    // The rail's last check began at this very state: its results stand, only the one-time answers age.
    if (read === "same") {
      setOutcomes((all) => outcomesStillTrue(all, accountChanges));
      return;
    }
    // The rail's check began at a later state: the read's would show the account as it was before.
    if (read === "older") return;
    let cancelled = false;
    // The read made the check already (a lab page's read after a change): no request of the rail's own.
    const checked = loadedLab?.check ? Promise.resolve({ ok: true as const, data: loadedLab.check }) : checkLab(labId);
    void checked.then((result) => {
      if (!result.ok) return;
      // A newer check supersedes this one on screen (a newer read's, the rail's own Check made meanwhile), but the
      // steps it recorded are reported only once: photograph them.
      if (cancelled || checkAgainstShown(result.data.accountVersion, checkedVersion.current) === "older") captures.capture(labId, result.data.newlyCompleted);
      else {
        apply(result.data);
        setOutcomes((all) => outcomesStillTrue(all, accountChanges));
      }
    });
    return () => {
      cancelled = true;
    };
    // A read of the account checks again; the change count travels with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadedAt, labId, apply, captures]);

  const runOnStep = async <T extends RecordedCheck>(kind: "check" | "do", stepId: string, action: () => Promise<ActionResult<T>>) => {
    setBusy({ kind, stepId });
    try {
      const result = await answered(action);
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

  const reset = async (pending: Extract<PendingLabAction, { kind: "reset" }>) => {
    const result = await answered(() => resetLabAction({ labId, stepId: pending.stepId }));
    if (!result.ok) return setLabReport({ title: "Reset failed", error: `${result.error.code}: ${result.error.message}` });
    apply(result.data);
    setSelected(pending.stepId);
    setLabReport({ title: `Reset to step ${pending.number}`, message: result.message, report: result.data.report, resetStepId: pending.stepId });
  };

  const teardown = async () => {
    const result = await answered(() => teardownLabAction({ labId }));
    if (!result.ok) return setLabReport({ title: "Tear down failed", error: `${result.error.code}: ${result.error.message}` });
    setLabReport({ title: "Tear down", message: result.message, report: result.data });
    const refreshed = await checkLab(labId);
    if (refreshed.ok) apply(refreshed.data);
  };

  const runLabAction = async (pending: PendingLabAction) => {
    setConfirm(undefined);
    setBusy({ kind: pending.kind });
    onLabAction?.(true);
    setLabReport({ title: pending.kind === "reset" ? `Resetting to step ${pending.number}…` : "Tearing down the lab…" });
    try {
      await (pending.kind === "reset" ? reset(pending) : teardown());
      onChanged?.();
    } finally {
      setBusy(undefined);
      onLabAction?.(false);
    }
  };

  return {
    data,
    loadError,
    selected,
    select: setSelected,
    busy,
    outcomes,
    confirm,
    askConfirm: setConfirm,
    labReport,
    closeLabReport: () => setLabReport(undefined),
    captures,
    check: (stepId: string) => void runOnStep("check", stepId, () => checkLab(labId, stepId)),
    doIt: (stepId: string) => void runOnStep("do", stepId, () => doStepAction({ labId, stepId })),
    runLabAction: (pending: PendingLabAction) => void runLabAction(pending),
    noteSaved: (stepId: string, note: string) => setData((current) => (current ? { ...current, notes: { ...current.notes, [stepId]: note } } : current)),
  };
}

export type StepRailState = ReturnType<typeof useStepRail>;
