"use client";

import { useCallback, useEffect, useState } from "react";
import { answered } from "@/lib/action-pipeline/result";
import { HopList, VerdictCard } from "@/components/panels/verdict-view";
import { checkChallenge, loadChallenge } from "@/lib/api/console-routes";
import { laterChallengeState } from "./challenge-state";
import { showWhereItBreaksAction } from "@/lib/actions/show-where-it-breaks";
import { startChallengeAction } from "@/lib/actions/start-challenge";
import type { ChallengeState, ChallengeView, LabTestOutcome } from "@/lib/labs/break-it";
import type { LabId } from "@/lib/labs/steps";

interface ChallengePanelProps {
  labId: LabId;
  /** Every step done: the lab works, so it can be broken. */
  labComplete: boolean;
  /** When the console last read the account (it reads again whenever it saw the account change): an open challenge is checked again. */
  loadedAt?: string;
  /** The challenge as that read found it (a lab page's read brings it): not asked for again. */
  loadedChallenge?: ChallengeState;
  /** After the challenge changed the account, so the console redraws. */
  onChanged?: () => void;
}

type Busy = "start" | "check" | "help" | undefined;

export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes ? `${minutes} min ${rest} s` : `${rest} s`;
}

/** Break it, for the student: "Challenge me" on a completed lab, the symptom, "I fixed it", and help only when asked. */
export function ChallengePanel({ labId, labComplete, loadedAt, loadedChallenge, onChanged }: ChallengePanelProps) {
  const [state, setState] = useState<ChallengeState>();
  const [busy, setBusy] = useState<Busy>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [help, setHelp] = useState<LabTestOutcome>();
  const [choice, setChoice] = useState("random");

  const show = useCallback((challenge: ChallengeView | null) => setState((current) => (current ? { ...current, challenge } : current)), []);

  /** The challenge as the server has it now (`known`: as a read of the account just brought it). */
  const load = useCallback(
    (known?: ChallengeState) => {
      const read = known ? Promise.resolve({ ok: true as const, data: known }) : loadChallenge(labId);
      void read.then((result) => (result.ok ? setState((shown) => laterChallengeState(shown, result.data)) : setError(`${result.error.code}: ${result.error.message}`)));
    },
    [labId],
  );
  useEffect(() => load(), [load]);

  const open = state?.challenge && !state.challenge.closedBy ? state.challenge : undefined;

  // A fix made anywhere (a panel, the CLI) is accepted as soon as the console sees the account change;
  // with no challenge open, a change may be an instructor's Break it round: its symptom shows at once.
  useEffect(() => {
    if (!loadedAt || !state) return;
    if (!open) return load(loadedChallenge);
    void checkChallenge(labId).then((result) => {
      if (result.ok && result.data.test.passing) show(result.data.challenge);
    });
    // Only a change of the account triggers this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadedAt, labId]);

  if (!state || (!labComplete && !state.challenge)) return null;

  const run = async (kind: NonNullable<Busy>) => {
    setBusy(kind);
    setError(undefined);
    setMessage(undefined);
    try {
      if (kind === "start") {
        const result = await answered(() => startChallengeAction({ labId, fault: choice }));
        if (!result.ok) return setError(`${result.error.code}: ${result.error.message}`);
        setHelp(undefined);
        show(result.data);
        onChanged?.();
      } else if (kind === "check") {
        const result = await checkChallenge(labId);
        if (!result.ok) return setError(`${result.error.code}: ${result.error.message}`);
        show(result.data.challenge);
        if (!result.data.test.passing) setMessage(result.message);
      } else {
        const result = await answered(() => showWhereItBreaksAction({ labId }));
        if (!result.ok) return setError(`${result.error.code}: ${result.error.message}`);
        show(result.data.challenge);
        setHelp(result.data.outcome);
      }
    } finally {
      setBusy(undefined);
    }
  };

  const challenge = state.challenge;
  return (
    <section aria-label="Break it" tabIndex={0} className="m-3 max-h-[45vh] shrink-0 space-y-2 overflow-y-auto rounded-md border border-slate-200 bg-white p-3 text-sm">
      <h3 className="font-semibold text-slate-900">Break it</h3>
      {open ? (
        <>
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-2 py-1.5 font-medium text-red-900">
            {open.symptom}
          </p>
          <p className="text-xs text-slate-700">Find what is wrong and fix it by hand, in the console or the terminal. Any fix that makes it work counts.</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" disabled={busy !== undefined} onClick={() => void run("check")} className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
              {busy === "check" ? "Checking…" : "I fixed it"}
            </button>
            <button type="button" disabled={busy !== undefined} onClick={() => void run("help")} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 disabled:opacity-60">
              {busy === "help" ? "Tracing…" : "Show me where it breaks"}
            </button>
          </div>
          {message ? <p role="status" className="text-slate-800">{message}</p> : null}
          {help ? <WhereItBreaks outcome={help} asked={open.helpRequests} /> : null}
        </>
      ) : (
        <>
          {challenge ? <LastChallenge challenge={challenge} /> : null}
          {labComplete ? (
            <>
              <p className="text-xs text-slate-700">Troubleshooting practice: one thing in your working lab breaks, you see only the symptom, and you find and fix it.</p>
              <details className="text-xs text-slate-700">
                <summary className="cursor-pointer">Choose what breaks (spoils the surprise)</summary>
                <label className="mt-1 block">
                  <span className="sr-only">What breaks</span>
                  <select value={choice} onChange={(event) => setChoice(event.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1">
                    <option value="random">Surprise me</option>
                    {state.choices.map((option) => (
                      <option key={option.id} value={option.id}>
                        {option.title}
                      </option>
                    ))}
                  </select>
                </label>
              </details>
              <button type="button" disabled={busy !== undefined} onClick={() => void run("start")} className="rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700 disabled:opacity-60">
                {busy === "start" ? "Breaking something…" : challenge ? "Challenge me again" : "Challenge me"}
              </button>
            </>
          ) : null}
        </>
      )}
      {error ? <p role="alert" className="text-red-800">{error}</p> : null}
    </section>
  );
}

function LastChallenge({ challenge }: { challenge: ChallengeView }) {
  const help = challenge.helpRequests ? `help asked ${challenge.helpRequests} time${challenge.helpRequests === 1 ? "" : "s"}` : "no help asked";
  return (
    <div role="status" className={`rounded-md border px-2 py-1.5 ${challenge.fixed ? "border-emerald-300 bg-emerald-50 text-emerald-950" : "border-slate-200 bg-slate-50 text-slate-800"}`}>
      <p className="font-semibold">{challenge.fixed ? `Fixed in ${formatDuration(challenge.secondsToFix ?? 0)}, ${help}` : `Challenge ended by a ${challenge.closedBy}`}</p>
      {challenge.whatBroke ? <p className="mt-1 text-xs">What broke: {challenge.whatBroke}</p> : null}
    </div>
  );
}

function WhereItBreaks({ outcome, asked }: { outcome: LabTestOutcome; asked: number }) {
  return (
    <div aria-label="Where it breaks" role="region" className="space-y-2">
      <VerdictCard ok={outcome.passing} title={outcome.passing ? `${outcome.what} works now` : `${outcome.what} fails`} explanation={outcome.explanation} fix={outcome.fix} />
      {outcome.hops.length ? <HopList hops={outcome.hops} /> : null}
      <p className="text-xs text-slate-600">Help asked {asked} time{asked === 1 ? "" : "s"} (your instructor sees this).</p>
    </div>
  );
}
