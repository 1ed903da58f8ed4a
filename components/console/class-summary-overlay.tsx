"use client";

import { useEffect, useState } from "react";
import type { LabProgressSummary } from "@/lib/classroom/summary";

/** How often the summary refreshes while it is on the screen. */
const REFRESH_MS = 3_000;

/** Presenter mode's class progress (the S key): per class, how many students are at each step. */
export function ClassSummaryOverlay({ labId, onClose }: { labId: string; onClose(): void }) {
  const [summaries, setSummaries] = useState<LabProgressSummary[]>();
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      fetch(`/api/classes/summary?labId=${labId}`, { cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<LabProgressSummary[]>) : []))
        .then((loaded) => {
          if (!cancelled) setSummaries(loaded);
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [labId]);

  return (
    <section role="dialog" aria-label="Class progress" className="fixed inset-x-8 top-24 z-50 max-h-[80vh] overflow-auto rounded-xl border-2 border-slate-900 bg-white p-6 text-slate-950 shadow-2xl">
      <div className="flex items-center">
        <h2 className="text-2xl font-bold">Class progress</h2>
        <button type="button" onClick={onClose} className="ml-auto rounded-md border-2 border-slate-800 px-3 py-1 text-base font-semibold" aria-keyshortcuts="S Escape">
          Close
        </button>
      </div>
      {!summaries ? <p className="mt-4 text-xl">Loading…</p> : null}
      {summaries?.length === 0 ? <p className="mt-4 text-xl">None of your running classes works on this lab.</p> : null}
      {summaries?.map((summary) => (
        <div key={summary.className} className="mt-4">
          <h3 className="text-xl font-semibold">
            {summary.className}: {summary.finished} of {summary.students} finished · {summary.stuck} stuck · {summary.notStarted} not started
          </h3>
          <ol className="mt-2 grid grid-cols-2 gap-x-8 text-xl lg:grid-cols-3">
            {summary.atStep.map((step, index) => (
              <li key={step.title} className="flex justify-between border-b border-slate-200 py-1">
                <span>
                  {index + 1}. {step.title}
                </span>
                <strong>{step.students}</strong>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
