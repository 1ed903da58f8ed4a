"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { answered } from "@/lib/action-pipeline/result";
import { arrangeMomentAction } from "@/lib/actions/arrange-moment";
import type { LabId } from "@/lib/labs/steps";

type Change = "drop" | "up" | "down" | "bring-back";

/** Runs one change on a moment, then redraws the page; the failure, if any, is shown beside the buttons. */
function useArrange(labId: LabId, momentId: number) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const arrange = (change: Change) =>
    startTransition(async () => {
      const result = await answered(() => arrangeMomentAction({ labId, momentId, change }));
      if (result.ok) {
        setError(undefined);
        router.refresh();
      } else setError(result.error.message);
    });
  return { arrange, pending, error };
}

const button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50";

/** Move a moment up or down the write-up, or drop it. */
export function MomentControls({ labId, momentId, title }: { labId: LabId; momentId: number; title: string }) {
  const { arrange, pending, error } = useArrange(labId, momentId);
  return (
    <div className="flex items-center gap-2" role="group" aria-label={`Arrange “${title}”`}>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("up")}>Move up</button>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("down")}>Move down</button>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("drop")}>Drop</button>
      {error ? <span role="alert" className="text-xs text-red-800">{error}</span> : null}
    </div>
  );
}

/** Brings a moment of an earlier run into the write-up (into its section, as pinned). */
export function BringBackButton({ labId, momentId, title }: { labId: LabId; momentId: number; title: string }) {
  const { arrange, pending, error } = useArrange(labId, momentId);
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className={button} disabled={pending} aria-label={`Bring “${title}” into the write-up`} onClick={() => arrange("bring-back")}>
        Bring into the write-up
      </button>
      {error ? <span role="alert" className="text-xs text-red-800">{error}</span> : null}
    </span>
  );
}
