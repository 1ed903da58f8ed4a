import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";
import { isLabId, labDefinition } from "@/lib/labs/check";
import { loadWriteup, type WriteupStep } from "@/lib/labs/writeup";

type Params = { params: Promise<{ labId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { labId } = await params;
  return { title: isLabId(labId) ? `${labDefinition(labId).title} write-up` : "Write-up" };
}

function Block({ title, text }: { title: string; text: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
      {/* Focusable, so a long line can be scrolled with the keyboard. */}
      <pre tabIndex={0} className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
        {text}
      </pre>
    </div>
  );
}

function StepSection({ labId, step }: { labId: string; step: WriteupStep }) {
  return (
    <section aria-labelledby={`step-${step.number}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-6">
      <h2 id={`step-${step.number}`} className="text-lg font-semibold text-slate-900">
        Step {step.number} — {step.title}
      </h2>
      <p className="text-sm text-slate-600">{step.completedAt ? `Completed ${step.completedAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : "Not completed yet"}</p>
      <p className="text-sm text-slate-800">
        <span className="font-semibold">Done means: </span>
        {step.doneMeans}
      </p>
      {step.openFindings.length ? (
        <ul className="list-disc pl-5 text-sm text-slate-800">
          {step.openFindings.map((finding) => (
            <li key={finding}>{finding}</li>
          ))}
        </ul>
      ) : null}
      <Block title={step.fromRecord ? "What was done" : "What the account holds now"} text={step.summary || "(nothing yet)"} />
      {step.imagePath ? (
        // eslint-disable-next-line @next/next/no-img-element -- a user's stored PNG, served by the route beside this page
        <img src={`/labs/${labId}/writeup/images/${step.id}`} alt={`Diagram after step ${step.number}`} className="max-w-full rounded-md border border-slate-200" />
      ) : null}
      {step.config && step.config !== step.summary ? <Block title="Configuration" text={step.config} /> : null}
      {step.testCommand ? <Block title="Test output" text={`$ ${step.testCommand}\n${step.testOutput ?? ""}`} /> : null}
      {step.note?.trim() ? (
        <div>
          <h3 className="text-sm font-semibold text-slate-700">Notes</h3>
          <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{step.note}</p>
        </div>
      ) : null}
    </section>
  );
}

export default async function WriteupPage({ params }: Params) {
  const { labId } = await params;
  const user = await requireUser(`/labs/${labId}/writeup`);
  if (!isLabId(labId)) notFound();
  const { input, steps } = await loadWriteup(user, labId);
  const done = steps.filter((step) => step.completedAt).length;
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold text-slate-900">{input.lab.title} — write-up</h1>
            <p className="mt-1 text-sm text-slate-700">
              {user.name} · AWS account {input.accountId} · {input.region} · {done} of {steps.length} steps completed
            </p>
          </div>
          <div className="flex gap-2">
            <Link href={`/labs/${labId}`} className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100">
              Back to the lab
            </Link>
            <a href={`/labs/${labId}/writeup/download`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Download Markdown and images (.zip)
            </a>
          </div>
        </div>
        {steps.map((step) => (
          <StepSection key={step.id} labId={labId} step={step} />
        ))}
      </main>
    </>
  );
}
