import Link from "next/link";
import type { LabSummary } from "@/lib/labs/catalog";
import type { LabProgressSummary } from "@/lib/labs/progress";

export function LabCard({ lab, progress }: { lab: LabSummary; progress?: LabProgressSummary }) {
  const done = new Set(progress?.completedSteps ?? []);
  const doneCount = lab.steps.filter((step) => done.has(step.id)).length;
  const percent = Math.round((doneCount / lab.steps.length) * 100);
  return (
    <article aria-labelledby={`${lab.id}-title`} className="flex flex-col rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <h2 id={`${lab.id}-title`} className="text-xl font-semibold text-slate-900">
          <Link href={`/labs/${lab.id}`} className="hover:text-brand-700 hover:underline">
            {lab.title}
          </Link>
        </h2>
        <span className="shrink-0 rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-700">about {lab.estimatedMinutes} min</span>
      </div>
      <p className="mt-3 text-base leading-relaxed text-slate-700">{lab.summary}</p>
      <ol className="mt-4 space-y-1.5 text-sm">
        {lab.steps.map((step, index) => (
          <li key={step.id} className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className={`flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                done.has(step.id) ? "bg-emerald-600 text-white" : "bg-slate-100 text-slate-600"
              }`}
            >
              {done.has(step.id) ? "✓" : index + 1}
            </span>
            <span className={done.has(step.id) ? "text-slate-500" : "text-slate-800"}>
              {step.title}
              {done.has(step.id) ? <span className="sr-only"> (done)</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <div className="mt-auto pt-5">
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium text-slate-800" data-testid={`${lab.id}-progress`}>
            {doneCount === 0 ? "Not started" : doneCount === lab.steps.length ? "Complete" : `${doneCount} of ${lab.steps.length} steps done`}
          </span>
          <span className="text-slate-500">{percent}%</span>
        </div>
        <div
          className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label={`${lab.title} progress`}
          aria-valuemin={0}
          aria-valuemax={lab.steps.length}
          aria-valuenow={doneCount}
        >
          <div className="h-full rounded-full bg-emerald-600" style={{ width: `${percent}%` }} />
        </div>
        <Link
          href={`/labs/${lab.id}`}
          aria-label={`${doneCount === 0 ? "Start" : "Continue"} ${lab.title}`}
          className="mt-4 inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          {doneCount === 0 ? "Start lab" : "Continue"}
        </Link>
      </div>
    </article>
  );
}
