"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { applyClassFaultAction, type ClassFormState } from "@/lib/actions/classes";
import type { Board, BoardRow } from "@/lib/classroom/board";
import { type BoardColumn, formatDuration, LiveBoard } from "./live-board";
import { withRequestBoundary } from "@/components/ui/request-boundary";

export interface FaultChoice {
  id: string;
  labId: string;
  title: string;
}

export interface ClassLab {
  id: string;
  title: string;
}

/** The board's Break it column: the fault, fixed or not and how fast, and the times help was asked. */
function ChallengeCell({ row, now }: { row: BoardRow; now: number }) {
  const challenge = row.challenge;
  if (!challenge) return null;
  const help = challenge.helpRequests ? `help asked ${challenge.helpRequests}×` : "no help asked";
  const state = challenge.fixed ? "fixed" : challenge.closedBy ? "closed" : "open";
  const headline =
    state === "fixed"
      ? `✓ Fixed in ${formatDuration((challenge.secondsToFix ?? 0) * 1000)}`
      : state === "closed"
        ? `Ended by ${challenge.closedBy}`
        : `✗ Broken ${formatDuration(now - Date.parse(challenge.appliedAt))}`;
  const tone = state === "fixed" ? "bg-emerald-100 text-emerald-900" : state === "open" ? "bg-red-100 text-red-900" : "bg-slate-100 text-slate-800";
  return (
    <span data-challenge={state} title={`${challenge.faultTitle}${challenge.byInstructor ? "" : " (the student's own challenge)"}`}>
      <span className={`rounded px-1.5 font-medium ${tone}`}>{headline}</span> <span data-help={challenge.helpRequests}>· {help}</span>
      <span className="block text-xs text-slate-600">{challenge.faultTitle}</span>
    </span>
  );
}

const CHALLENGE_ORDER = { open: 0, fixed: 1, closed: 2 } as const;

export const BREAK_IT_COLUMN: BoardColumn = {
  key: "break-it",
  header: "Break it",
  width: "14%",
  cell: (row, { now }) => <ChallengeCell row={row} now={now} />,
  sortValue: (row) => (row.challenge ? CHALLENGE_ORDER[row.challenge.fixed ? "fixed" : row.challenge.closedBy ? "closed" : "open"] : 3),
};

function BreakItForClassFields({ classId, labs, faults }: { classId: string; labs: ClassLab[]; faults: FaultChoice[] }) {
  const [state, formAction, pending] = useActionState<ClassFormState, FormData>(applyClassFaultAction, {});
  const [labId, setLabId] = useState(labs[0]?.id ?? "");
  const [fault, setFault] = useState("random");
  const [confirming, setConfirming] = useState(false);
  const labTitle = labs.find((lab) => lab.id === labId)?.title ?? labId;
  const faultTitle = fault === "random" ? "a random fault for each student" : faults.find((candidate) => candidate.id === fault)?.title;
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-red-300 bg-white px-3 py-1 font-medium text-red-900 hover:bg-red-50 [&::-webkit-details-marker]:hidden">Break it…</summary>
      <form
        action={(form) => {
          setConfirming(false);
          formAction(form);
        }}
        aria-label="Break it for the class"
        className="absolute right-0 z-20 mt-1 w-96 space-y-2 rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-lg"
      >
        <input type="hidden" name="classId" value={classId} />
        <FormAlert message={state.error} />
        {state.done ? <p role="status" className="text-emerald-800">{state.done}</p> : null}
        <label className="block">
          Lab
          <select name="labId" value={labId} onChange={(event) => {
            setLabId(event.target.value);
            setFault("random");
            setConfirming(false);
          }} className="mt-1 block w-full rounded-md border border-slate-300 px-1 py-1">
            {labs.map((lab) => (
              <option key={lab.id} value={lab.id}>{lab.title}</option>
            ))}
          </select>
        </label>
        <label className="block">
          What breaks
          <select name="fault" value={fault} onChange={(event) => {
            setFault(event.target.value);
            setConfirming(false);
          }} className="mt-1 block w-full rounded-md border border-slate-300 px-1 py-1">
            <option value="random">A random fault for each student</option>
            {faults.filter((candidate) => candidate.labId === labId).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>{candidate.title}</option>
            ))}
          </select>
        </label>
        {confirming ? (
          <div role="alertdialog" aria-label="Confirm Break it" className="space-y-2 rounded-md bg-amber-50 p-2 text-amber-950">
            <p>
              Break {faultTitle} in the {labTitle} lab of every student who completed it? They see only the symptom; students in a challenge are left alone.
            </p>
            <div className="flex gap-2">
              <Button type="submit" variant="danger" disabled={pending}>{pending ? "Breaking…" : "Yes, break their labs"}</Button>
              <button type="button" className="rounded-md border border-slate-300 px-3 py-1" onClick={() => setConfirming(false)}>Cancel</button>
            </div>
          </div>
        ) : (
          <Button type="button" onClick={() => setConfirming(true)} disabled={pending || !labId}>
            {pending ? "Breaking…" : "Break the finished labs…"}
          </Button>
        )}
      </form>
    </details>
  );
}

/**
 * "Break it for the class": one fault, or a random one per student, on every student who completed
 * the lab; asked to confirm first, since it changes the students' own labs. Refused by the server
 * before the action ran, it answers in place.
 */
export const BreakItForClass = withRequestBoundary(BreakItForClassFields);

/** The live board of a class with Break it: its column and the class-wide action. */
export function ClassBoard({ initial, labs, faults }: { initial: Board; labs: ClassLab[]; faults: FaultChoice[] }) {
  return <LiveBoard initial={initial} columns={COLUMNS} toolbar={<BreakItForClass classId={initial.classId} labs={labs} faults={faults} />} />;
}

const COLUMNS = [BREAK_IT_COLUMN];
