"use client";

import { useState } from "react";
import { type ActionResult, answered } from "@/lib/action-pipeline/result";
import type { LabGuide } from "@/lib/labs/check";
import type { CheckResult, LabId } from "@/lib/labs/steps";
import type { StepOutcome } from "./step-outcome";

type GuideStep = LabGuide["steps"][number];

interface StepDetailProps {
  labId: LabId;
  step: GuideStep;
  number: number;
  result?: CheckResult;
  outcome?: StepOutcome;
  note: string;
  busy?: { kind: string; stepId?: string };
  onCheck(): void;
  onDoIt(): void;
  onReset(): void;
  onNoteSaved(note: string): void;
  /** False when the student's class runs this lab without hints. */
  hintsAllowed?: boolean;
  /** Told when the student opens the step's hint (the class board counts them). */
  onHintOpened?(): void;
  saveNote(input: { labId: LabId; stepId: string; note: string }): Promise<ActionResult<undefined>>;
}

function Findings({ result }: { result: CheckResult }) {
  return (
    <div role="status" className={`rounded-md border px-2 py-1.5 text-xs ${result.done ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-slate-200 bg-slate-50 text-slate-800"}`}>
      <p className="font-semibold">{result.done ? "Done" : "Not done yet"}</p>
      {result.evidence ? <p className="mt-1">{result.evidence.summary}</p> : null}
      <ul className="mt-1 list-disc space-y-1 pl-4">
        {result.findings.map((finding) => (
          <li key={finding}>{finding}</li>
        ))}
      </ul>
    </div>
  );
}

/** The step's troubleshooting text before the student met its surprise: only when asked for. */
function Hint({ troubleshooting, onOpened }: { troubleshooting: NonNullable<GuideStep["troubleshooting"]>; onOpened?(): void }) {
  const [shown, setShown] = useState(false);
  if (!shown) {
    return (
      <button
        type="button"
        onClick={() => {
          setShown(true);
          onOpened?.();
        }} className="text-xs text-slate-700 underline hover:text-slate-900">
        Show hint
      </button>
    );
  }
  return (
    <section aria-label={troubleshooting.title} className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 text-xs text-slate-800">
      <h4 className="font-semibold">{troubleshooting.title}</h4>
      <p className="mt-1">{troubleshooting.explanation}</p>
    </section>
  );
}

function Moment({ moment }: { moment: NonNullable<CheckResult["moment"]> }) {
  return (
    <section aria-label={moment.title} className="rounded-md border border-amber-300 bg-amber-50 px-2 py-1.5 text-xs text-amber-950">
      <h4 className="font-semibold">{moment.title}</h4>
      {moment.output && moment.outputOf ? <p className="mt-1">{moment.outputOf} answers:</p> : null}
      {moment.output ? <pre tabIndex={0} className="mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-white/70 p-1 font-mono text-[11px]">{moment.output}</pre> : null}
      <p className="mt-1">{moment.explanation}</p>
      <p className="mt-1">
        <span className="font-semibold">What the analysis found: </span>
        {moment.verdict}
      </p>
      {moment.fix ? (
        <p className="mt-1">
          <span className="font-semibold">Fix: </span>
          {moment.fix}
        </p>
      ) : null}
    </section>
  );
}

function NoteEditor({ labId, stepId, note, onSaved, saveNote }: { labId: LabId; stepId: string; note: string; onSaved(note: string): void; saveNote: StepDetailProps["saveNote"] }) {
  const [text, setText] = useState(note);
  const [status, setStatus] = useState<string>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const result = await answered(() => saveNote({ labId, stepId, note: text }));
    setSaving(false);
    setStatus(result.ok ? "Saved." : `${result.error.code}: ${result.error.message}`);
    if (result.ok) onSaved(text);
  };
  return (
    <div className="space-y-1">
      <label htmlFor={`note-${stepId}`} className="text-xs font-semibold text-slate-700">
        Your notes (in the write-up)
      </label>
      <textarea
        id={`note-${stepId}`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setStatus(undefined);
        }}
        rows={3}
        maxLength={10_000}
        className="w-full rounded-md border border-slate-300 px-2 py-1 text-xs"
      />
      <div className="flex items-center gap-2">
        <button type="button" onClick={() => void save()} disabled={saving || text === note} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50">
          {saving ? "Saving…" : "Save note"}
        </button>
        {status ? (
          <span role="status" className="text-xs text-slate-600">
            {status}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** The open step: instructions, what done means, the last check, the troubleshooting moment, the buttons. */
export function StepDetail(props: StepDetailProps) {
  const { step, result, outcome, busy } = props;
  const checking = busy?.kind === "check" && busy.stepId === step.id;
  const doing = busy?.kind === "do" && busy.stepId === step.id;
  return (
    <div className="space-y-2 px-2 pb-3 pt-1 text-sm">
      <ol className="list-decimal space-y-1 pl-5 text-slate-800">
        {step.instructions.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      <p className="rounded-md bg-slate-50 px-2 py-1.5 text-xs text-slate-700">
        <span className="font-semibold">Done means: </span>
        {step.doneMeans}
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={props.onCheck}
          disabled={busy !== undefined}
          aria-busy={checking || undefined}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {checking ? "Checking…" : "Check my work"}
        </button>
        <button
          type="button"
          onClick={props.onDoIt}
          disabled={busy !== undefined}
          aria-busy={doing || undefined}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-xs font-medium hover:bg-slate-100 disabled:opacity-60"
        >
          {doing ? "Working…" : "Do it for me"}
        </button>
        <button type="button" onClick={props.onReset} disabled={busy !== undefined} className="rounded-md px-2 py-1.5 text-xs text-slate-700 underline hover:text-slate-900 disabled:opacity-60">
          Reset to this step
        </button>
      </div>
      {outcome?.error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-900">
          <p className="font-mono font-semibold">{outcome.error.code}</p>
          <p>{outcome.error.message}</p>
        </div>
      ) : null}
      {outcome?.report ? (
        <div className="rounded-md border border-slate-200 px-2 py-1.5 text-xs text-slate-800">
          <p className="font-semibold">{outcome.message}</p>
          {outcome.report.created.length ? (
            <ul className="mt-1 list-disc pl-4">
              {outcome.report.created.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
          {outcome.report.notes.map((line) => (
            <p key={line} className="mt-1">
              {line}
            </p>
          ))}
        </div>
      ) : null}
      {result ? <Findings result={result} /> : null}
      {result?.moment ? <Moment moment={result.moment} /> : step.troubleshooting && !result?.done && props.hintsAllowed !== false ? <Hint troubleshooting={step.troubleshooting} onOpened={props.onHintOpened} /> : null}
      <NoteEditor labId={props.labId} stepId={step.id} note={props.note} onSaved={props.onNoteSaved} saveNote={props.saveNote} />
    </div>
  );
}
