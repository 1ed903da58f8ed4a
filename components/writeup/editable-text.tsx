"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { answered } from "@/lib/action-pipeline/result";
import { saveWriteupTextAction } from "@/lib/actions/save-writeup-text";
import type { LabId } from "@/lib/labs/steps";

/** A write-up section's text, shown as it will be exported, rewritten in place by the student. */
export function EditableText({ labId, sectionId, label, text, edited }: { labId: LabId; sectionId: string; label: string; text: string; edited: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(text);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      const result = await answered(() => saveWriteupTextAction({ labId, sectionId, text: value }));
      setStatus(result.ok ? { ok: true, text: result.message ?? "Saved." } : { ok: false, text: `${result.error.code}: ${result.error.message}` });
      if (result.ok) {
        setEditing(false);
        router.refresh();
      }
    });

  if (!editing) {
    return (
      <div className="space-y-2">
        <p className="whitespace-pre-wrap text-sm text-slate-800">{text}</p>
        <div className="flex items-center gap-3">
          <button type="button" onClick={() => { setValue(text); setEditing(true); }} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
            Edit “{label}”
          </button>
          <span className="text-xs text-slate-600">{edited ? "Your words" : "Draft from what happened"}</span>
          {status ? <span role="status" className={`text-xs ${status.ok ? "text-green-800" : "text-red-800"}`}>{status.text}</span> : null}
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <label className="block text-xs font-medium text-slate-700">
        {label}
        <textarea value={value} onChange={(event) => setValue(event.target.value)} rows={5} maxLength={10_000} className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm" />
      </label>
      <div className="flex items-center gap-2">
        <button type="button" onClick={save} disabled={pending} className="rounded-md bg-brand-600 px-3 py-1 text-xs font-medium text-white hover:bg-brand-700">
          {pending ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={() => setEditing(false)} className="rounded-md border border-slate-300 px-3 py-1 text-xs hover:bg-slate-100">
          Cancel
        </button>
        {status && !status.ok ? <span role="alert" className="text-xs text-red-800">{status.text}</span> : null}
      </div>
    </div>
  );
}
