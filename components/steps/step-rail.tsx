"use client";

import { ChallengePanel } from "./challenge-panel";
import { LabActionConfirm } from "./lab-action-confirm";
import { LabReportView } from "./lab-report-view";
import { RailHeader } from "./rail-header";
import { StepList } from "./step-list";
import { type StepRailInput, useStepRail } from "./use-step-rail";

export type StepRailProps = StepRailInput;

/** The lab's steps beside the diagram: the current one open, checks, do-it-for-me, reset and tear down. */
export function StepRail(props: StepRailProps) {
  const rail = useStepRail(props);
  const { labId, onChanged, loadedAt, loadedLab } = props;
  const { data, busy, labReport } = rail;

  if (!data) {
    return (
      <nav aria-label="Lab steps" className="w-64 min-[1400px]:w-72 shrink-0 border-r border-slate-200 bg-white p-4 text-sm text-slate-700">
        {rail.loadError ? <p role="alert" className="text-red-800">{rail.loadError}</p> : <p aria-busy="true">Loading the steps…</p>}
      </nav>
    );
  }

  const completed = new Set(data.completedSteps);
  const doneCount = data.guide.steps.filter((step) => completed.has(step.id)).length;
  const reportStillTrue = labReport && !(labReport.resetStepId && completed.has(labReport.resetStepId));

  return (
    // A finding quotes ARNs and ids longer than the rail is wide: they break rather than run off its edge.
    <nav aria-label="Lab steps" className="flex w-64 min-[1400px]:w-72 shrink-0 flex-col border-r border-slate-200 bg-white wrap-anywhere">
      <RailHeader labId={labId} doneCount={doneCount} stepCount={data.guide.steps.length} captures={rail.captures} busy={busy !== undefined} onTeardown={() => rail.askConfirm({ kind: "teardown" })} />
      {rail.confirm ? <LabActionConfirm pending={rail.confirm} onConfirm={rail.runLabAction} onCancel={() => rail.askConfirm(undefined)} /> : null}
      <ChallengePanel labId={labId} labComplete={doneCount === data.guide.steps.length} loadedAt={loadedAt} loadedChallenge={loadedLab?.challenge} onChanged={onChanged} />
      {reportStillTrue ? <LabReportView report={labReport} busy={busy?.kind === "reset" || busy?.kind === "teardown"} onClose={rail.closeLabReport} /> : null}
      <StepList labId={labId} data={data} completed={completed} rail={rail} />
    </nav>
  );
}
