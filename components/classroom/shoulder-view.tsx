"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import superjson from "superjson";
import { LabDiagram } from "@/components/diagram/lab-diagram";
import { ActivityPanel } from "@/components/panels/activity-panel";
import { BucketObjectsReaderContext, type BucketObjectsReader } from "@/components/panels/bucket-panel";
import { Inspector } from "@/components/panels/inspector";
import type { ShoulderData } from "@/lib/classroom/shoulder";

/** The view follows the student's work; reads only, so a slow poll is cheap and never touches their lab. */
const POLL_MS = 2_000;

function useShoulderData(initial: ShoulderData): ShoulderData {
  const [data, setData] = useState(initial);
  useEffect(() => {
    const url = `/api/classes/${initial.classId}/students/${initial.student.id}/console`;
    const timer = setInterval(() => {
      void fetch(url, { cache: "no-store" })
        .then(async (response) => (response.ok ? setData(superjson.parse<ShoulderData>(await response.text())) : undefined))
        .catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [initial.classId, initial.student.id]);
  return data;
}

/** The bucket panel lists the STUDENT's objects (a read through the class's route), never the instructor's own. */
function useStudentBucketObjects(classId: string, studentId: string): BucketObjectsReader {
  return useMemo(
    () => async (bucket) => {
      const response = await fetch(`/api/classes/${classId}/students/${studentId}/buckets/${encodeURIComponent(bucket)}/objects`, { cache: "no-store" });
      const body = await response.json().catch(() => ({}));
      if ("ok" in body) return body;
      return { ok: false, error: { code: `HTTP${response.status}`, message: body.error ?? "Could not read the student's bucket." } };
    },
    [classId, studentId],
  );
}

type Tab = "inspect" | "activity" | "terminal";

function StepsAndDraft({ data }: { data: ShoulderData }) {
  const current = data.steps.find((step) => !step.done)?.id;
  return (
    <nav aria-label="Student's steps" className="w-64 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-3 text-sm">
      <h2 className="font-semibold text-slate-900">{data.labTitle}</h2>
      <ol className="mt-2 space-y-2">
        {data.steps.map((step, index) => (
          <li key={step.id} aria-current={step.id === current ? "step" : undefined} className={step.id === current ? "font-semibold text-slate-950" : "text-slate-800"}>
            <span aria-hidden="true">{step.done ? "✓ " : step.id === current ? "▸ " : "· "}</span>
            {index + 1}. {step.title}
            {step.done ? <span className="sr-only"> (done)</span> : null}
            {step.note ? (
              <blockquote aria-label={`Write-up note, step ${index + 1}`} className="mt-1 whitespace-pre-wrap border-l-2 border-slate-300 pl-2 text-xs font-normal text-slate-700">
                {step.note}
              </blockquote>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Scrollback({ lines }: { lines: ShoulderData["terminal"] }) {
  if (!lines.length) return <p className="text-sm text-slate-700">No commands run on the instances yet.</p>;
  return (
    <pre aria-label="Terminal scrollback" className="max-h-full overflow-auto whitespace-pre-wrap rounded-md bg-slate-950 p-2 font-mono text-xs text-slate-100">
      {lines.map((line) => `[${line.at.slice(11, 19)} ${line.instanceId}${line.via === "ssm" ? " via Run Command" : ""}]\n$ ${line.command}\n${line.output}`).join("\n")}
    </pre>
  );
}

/** Presenter mode for one student's diagram: the whole screen, nothing but the picture and who it is. */
function Projector({ data }: { data: ShoulderData }) {
  return (
    <div className="fixed inset-0 z-40 flex flex-col bg-white">
      <header className="flex items-center gap-3 border-b-2 border-slate-900 px-5 py-2">
        <h1 className="text-2xl font-bold text-slate-950">
          {data.student.name} · {data.labTitle}
        </h1>
        <Link href={`/classes/${data.classId}/students/${data.student.id}`} className="ml-auto rounded-md border-2 border-slate-800 px-3 py-1 text-base font-semibold">
          Leave the projector
        </Link>
      </header>
      <div className="min-h-0 flex-1">
        <LabDiagram snapshot={data.snapshot} presenter labId={data.labId} />
      </div>
    </div>
  );
}

/**
 * A student's console as an instructor sees it: read-only. The panels' controls are disabled and
 * any action posted from this page is refused by the server (lib/classroom/read-only-view.ts).
 */
export function ShoulderView({ initial, projector, mode }: { initial: ShoulderData; projector: boolean; mode: "sandbox" | "real" }) {
  const data = useShoulderData(initial);
  const readStudentObjects = useStudentBucketObjects(initial.classId, initial.student.id);
  const [tab, setTab] = useState<Tab>("inspect");
  const [selectedId, setSelectedId] = useState<string>();
  const select = useCallback((id: string) => {
    setSelectedId(id);
    setTab("inspect");
  }, []);
  useEffect(() => {
    // Presenting hides the site header (app/globals.css), as the console's presenter mode does.
    if (!projector) return;
    document.body.dataset.presenter = "";
    return () => {
      delete document.body.dataset.presenter;
    };
  }, [projector]);
  if (projector) return <Projector data={data} />;

  return (
    <div className="flex h-[calc(100vh-3.5rem)] flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-amber-50 px-4 py-2">
        <h1 className="text-lg font-semibold text-slate-900">{data.student.name}&apos;s console</h1>
        <span className="rounded bg-amber-200 px-2 py-0.5 text-xs font-semibold text-amber-950" role="note">
          Read-only: you are looking over their shoulder
        </span>
        <div className="ml-auto flex items-center gap-2 text-sm">
          {data.projectorConsent ? (
            <Link href={`/classes/${data.classId}/students/${data.student.id}?projector=1`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Show on projector
            </Link>
          ) : (
            <span className="text-slate-700">Not shown on the projector: {data.student.name} has not agreed to it.</span>
          )}
          <Link href={`/classes/${data.classId}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            Back to the board
          </Link>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <StepsAndDraft data={data} />
        <div className="min-w-0 flex-1 bg-slate-100">
          <LabDiagram snapshot={data.snapshot} labId={data.labId} onSelect={(element) => select(element.id)} />
        </div>
        <aside aria-label="Panels" className="flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white">
          <div role="tablist" aria-label="Panel" className="flex border-b border-slate-200">
            {(["inspect", "activity", "terminal"] as const).map((key) => (
              <button key={key} role="tab" type="button" aria-selected={tab === key} onClick={() => setTab(key)} className={`flex-1 px-3 py-2 text-sm font-medium capitalize ${tab === key ? "border-b-2 border-brand-600 text-brand-700" : "text-slate-600"}`}>
                {key}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab} className="min-h-0 flex-1 overflow-y-auto p-4">
            {tab === "inspect" ? (
              selectedId ? (
                <BucketObjectsReaderContext.Provider value={readStudentObjects}>
                  <Inspector snapshot={data.snapshot} selectedId={selectedId} onSelect={select} onConnect={() => undefined} loadedAt={data.loadedAt} readOnly readOnlyNote={`${data.student.name}'s account — read-only.`} />
                </BucketObjectsReaderContext.Provider>
              ) : (
                <p className="text-sm text-slate-700">Select something on the diagram.</p>
              )
            ) : null}
            {tab === "activity" ? <ActivityPanel page={data.activity} mode={mode} /> : null}
            {tab === "terminal" ? <Scrollback lines={data.terminal} /> : null}
          </div>
        </aside>
      </div>
    </div>
  );
}
