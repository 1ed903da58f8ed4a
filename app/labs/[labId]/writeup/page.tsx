import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppHeader } from "@/components/ui/app-header";
import { EditableText } from "@/components/writeup/editable-text";
import { BringBackButton, MomentControls } from "@/components/writeup/moment-controls";
import { requireUser } from "@/lib/auth/session";
import { isLabId, labDefinition } from "@/lib/labs/check";
import type { LabId } from "@/lib/labs/steps";
import { doneForMeText, stepCompletionText, stepTimeText, terminalText, totalTimeText, type WriteupDocument, type WriteupMoment, type WriteupSection } from "@/lib/labs/writeup";
import { type EarlierMoment, loadEarlierMoments } from "@/lib/labs/moment-store";
import { loadWriteup } from "@/lib/labs/writeup-load";

type Params = { params: Promise<{ labId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { labId } = await params;
  return { title: isLabId(labId) ? `${labDefinition(labId).title} write-up` : "Write-up" };
}

const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

function Block({ label, text, dark }: { label: string; text: string; dark?: boolean }) {
  return (
    // Focusable, so a long line can be scrolled with the keyboard.
    <pre tabIndex={0} aria-label={label} className={`overflow-x-auto whitespace-pre-wrap rounded-md p-3 font-mono text-xs ${dark ? "bg-slate-900 text-slate-100" : "bg-slate-100 text-slate-900"}`}>
      {text}
    </pre>
  );
}

function Moment({ labId, moment }: { labId: LabId; moment: WriteupMoment }) {
  return (
    <figure aria-label={moment.title} className="space-y-2 rounded-lg border border-slate-200 p-3">
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-semibold text-slate-800">
          {moment.title} <span className="font-normal text-slate-600">{clock(moment.at)}{moment.pinned ? " · pinned" : ""}</span>
        </span>
        <MomentControls labId={labId} momentId={moment.id} title={moment.title} />
      </figcaption>
      {/* eslint-disable-next-line @next/next/no-img-element -- the diagram stored with the moment, served by the route beside this page */}
      <img src={`/labs/${labId}/writeup/moments/${moment.id}`} alt={moment.image.alt} className="max-w-full rounded-md border border-slate-200" />
      {moment.output || moment.command ? <Block label={`Output: ${moment.title}`} text={terminalText(moment)} dark /> : null}
      {moment.detail ? <Block label={`Configuration: ${moment.title}`} text={moment.detail} /> : null}
    </figure>
  );
}

function Section({ labId, section }: { labId: LabId; section: WriteupSection }) {
  return (
    <section aria-labelledby={`section-${section.id}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-6">
      <h2 id={`section-${section.id}`} className="text-lg font-semibold text-slate-900">{section.heading}</h2>
      <EditableText labId={labId} sectionId={section.id} label={section.heading} text={section.text} edited={section.edited} />
      {section.notes.map((note) => (
        <blockquote key={note} className="whitespace-pre-wrap border-l-4 border-slate-300 pl-3 text-sm text-slate-700">{note}</blockquote>
      ))}
      {section.stepImage?.stepId ? (
        // eslint-disable-next-line @next/next/no-img-element -- a user's stored PNG, served by the route beside this page
        <img src={`/labs/${labId}/writeup/images/${section.stepImage.stepId}`} alt={section.stepImage.alt} className="max-w-full rounded-md border border-slate-200" />
      ) : null}
      {section.moments.map((moment) => (
        <Moment key={moment.id} labId={labId} moment={moment} />
      ))}
    </section>
  );
}

const dateAndClock = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Moments of runs before a reset or teardown: the write-up follows the run the student is in, and
 * these wait here, collapsed, to be looked at or brought back rather than silently gone.
 */
function EarlierRuns({ labId, moments }: { labId: LabId; moments: EarlierMoment[] }) {
  if (!moments.length) return null;
  return (
    <section aria-labelledby="earlier-runs" className="rounded-xl border border-slate-200 bg-white p-6">
      <details>
        <summary className="cursor-pointer">
          <h2 id="earlier-runs" className="inline text-lg font-semibold text-slate-900">Earlier runs ({moments.length} {moments.length === 1 ? "moment" : "moments"})</h2>
        </summary>
        <p className="mt-2 text-sm text-slate-700">Moments from before you reset or tore down the lab. They are not in the write-up unless you bring them in.</p>
        <ul className="mt-3 space-y-2">
          {moments.map((moment) => (
            <li key={moment.id} className="rounded-md border border-slate-200 p-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="text-sm text-slate-800">{moment.title} <span className="text-slate-600">{dateAndClock(moment.happenedAt)}</span></span>
                <BringBackButton labId={labId} momentId={moment.id} title={moment.title} />
              </div>
              <details className="mt-2">
                <summary className="cursor-pointer text-xs text-slate-700">Show its picture and output</summary>
                <div className="mt-2 space-y-2">
                  {/* eslint-disable-next-line @next/next/no-img-element -- the diagram stored with the moment, served by the route beside this page */}
                  <img src={`/labs/${labId}/writeup/moments/${moment.id}`} alt={`Diagram: ${moment.title}`} loading="lazy" className="max-w-full rounded-md border border-slate-200" />
                  {moment.output || moment.command ? <Block label={`Output: ${moment.title} (earlier run)`} text={terminalText({ command: moment.command ?? undefined, output: moment.output })} dark /> : null}
                </div>
              </details>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Reflection({ reflection }: { reflection: WriteupDocument["reflection"] }) {
  return (
    <section aria-labelledby="reflection" className="rounded-xl border border-slate-200 bg-white p-6">
      <h2 id="reflection" className="mb-3 text-lg font-semibold text-slate-900">Reflection</h2>
      <table className="text-sm">
        <thead>
          <tr className="text-left"><th className="pr-4">Step</th><th className="pr-4">Time</th><th className="pr-4">Check my work</th><th className="pr-4">Hints used</th><th>Do it for me</th></tr>
        </thead>
        <tbody>
          {reflection.rows.map((row) => (
            <tr key={row.stepId}>
              <td className="pr-4">{row.title}</td>
              <td className="pr-4">{stepTimeText(row)}</td>
              <td className="pr-4">{row.checkAttempts}</td>
              <td className="pr-4">{row.hintsUsed}</td>
              <td>{doneForMeText(row)}</td>
            </tr>
          ))}
          <tr className="font-semibold">
            <td className="pr-4">Whole lab</td>
            <td className="pr-4">{totalTimeText(reflection)}</td>
            <td className="pr-4">{reflection.checkAttempts}</td>
            <td className="pr-4">{reflection.hintsUsed}</td>
            <td>{reflection.doneForMe}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

const download = "rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100";

export default async function WriteupPage({ params }: Params) {
  const { labId } = await params;
  const user = await requireUser(`/labs/${labId}/writeup`);
  if (!isLabId(labId)) notFound();
  const { document } = await loadWriteup(user, labId);
  const earlier = await loadEarlierMoments(user.id, labId);
  const done = document.steps.filter((step) => step.completedAt).length;
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
        <div className="space-y-3">
          <h1 className="text-2xl font-semibold text-slate-900">{document.title} — write-up</h1>
          <EditableText labId={labId} sectionId="summary" label="One-line summary" text={document.summary.text} edited={document.summary.edited} />
          <p className="text-sm text-slate-700">
            {document.byline} · {done} of {document.steps.length} steps completed
          </p>
          <div className="flex flex-wrap gap-2">
            <Link href={`/labs/${labId}`} className={download}>Back to the lab</Link>
            <a href={`/labs/${labId}/writeup/download`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Download Markdown and images (.zip)</a>
            <a href={`/labs/${labId}/writeup/export/html`} className={download}>Download as one HTML page</a>
            <a href={`/labs/${labId}/writeup/export/pdf`} className={download}>Download as PDF</a>
          </div>
        </div>
        <section aria-labelledby="introducing" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="introducing" className="text-lg font-semibold text-slate-900">Introducing today&apos;s project</h2>
          {document.intro.map((section) => (
            <div key={section.id} className="space-y-1">
              <h3 className="text-sm font-semibold text-slate-800">{section.heading}</h3>
              <EditableText labId={labId} sectionId={section.id} label={section.heading} text={section.text} edited={section.edited} />
            </div>
          ))}
        </section>
        <section aria-labelledby="first-part" className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="first-part" className="mb-2 text-lg font-semibold text-slate-900">In the first part of my project…</h2>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
            {document.steps.map((step) => (
              <li key={step.number}>
                {step.title} <span className="text-slate-600">{stepCompletionText(step)}</span>
              </li>
            ))}
          </ol>
        </section>
        {document.sections.map((section) => (
          <Section key={section.id} labId={labId} section={section} />
        ))}
        <EarlierRuns labId={labId} moments={earlier} />
        <Reflection reflection={document.reflection} />
      </main>
    </>
  );
}
