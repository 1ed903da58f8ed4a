"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { LabId } from "@/lib/labs/steps";
import type { DiagramCaptures } from "./diagram-captures";

interface RailHeaderProps {
  labId: LabId;
  doneCount: number;
  stepCount: number;
  captures: DiagramCaptures;
  busy: boolean;
  onTeardown(): void;
}

/** The rail's head: progress, the write-up link and the lab's menu (Tear down). */
export function RailHeader({ labId, doneCount, stepCount, captures, busy, onTeardown }: RailHeaderProps) {
  const menuRef = useRef<HTMLDetailsElement>(null);
  return (
    <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
      <div className="min-w-0 flex-1">
        <h2 className="text-sm font-semibold text-slate-900">Steps</h2>
        <p className="text-xs text-slate-600">
          {doneCount} of {stepCount} done
        </p>
      </div>
      <WriteupLink labId={labId} captures={captures} />
      <details ref={menuRef} className="relative">
        <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100" aria-label="Lab actions">
          ⋯
        </summary>
        <div className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <button
            type="button"
            className="w-full rounded px-2 py-1.5 text-left text-sm text-red-800 hover:bg-red-50"
            onClick={() => {
              menuRef.current?.removeAttribute("open");
              onTeardown();
            }}
            disabled={busy}
          >
            Tear down lab
          </button>
        </div>
      </details>
    </div>
  );
}

/** Opens the write-up once the diagrams of just-completed steps are saved, so none is missing from it. */
function WriteupLink({ labId, captures }: { labId: LabId; captures: DiagramCaptures }) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const href = `/labs/${labId}/writeup`;
  return (
    <a
      href={href}
      aria-busy={saving || undefined}
      onClick={(event) => {
        const settled = captures.settled();
        if (!settled) return;
        event.preventDefault();
        setSaving(true);
        void settled.then(() => router.push(href));
      }}
      className="text-xs font-medium text-brand-700 hover:underline"
    >
      {saving ? "Saving diagrams…" : "Write-up"}
    </a>
  );
}
